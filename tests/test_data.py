"""A corpus package's data files: English titles for every node, zone names, the bilingual glossary."""
import re

import pytest

from rag.corpus import Corpus
from rag.expansion import QueryExpander

from .conftest import REAL_CORPUS


@pytest.fixture(scope="module")
def corpus():
    return Corpus.load([REAL_CORPUS])


@pytest.fixture(scope="module")
def doc(corpus):
    return next(iter(corpus.documents.values()))


@pytest.fixture(scope="module")
def expander(corpus):
    return QueryExpander(corpus.glossary, corpus.zh_aliases)


def chinese_terms(query):
    corpus = Corpus.load([REAL_CORPUS])
    return QueryExpander(corpus.glossary, corpus.zh_aliases).chinese_terms(query)


def test_every_passage_and_heading_has_an_english_title(doc, corpus):
    titles = corpus.titles_en
    ids = {p.id for p in doc.passages} | {h.id for h in doc.headings}
    missing = sorted(ids - set(titles))
    assert not missing, f"no English title for {missing}"
    assert all(t.strip() and not re.search(r"[\u4e00-\u9fff]", t) for t in titles.values())
    assert not set(titles) - ids, "titles for ids the document does not have"


def test_metadata_names_zones_and_areas_the_document_names(doc, corpus):
    assert {p.zone for p in doc.plans} == set(corpus.zone_ids)
    squashed = re.sub(r"\s", "", doc.source)
    for zone in corpus.zones:
        assert zone.name_en and zone.name_zh in squashed and zone.title in squashed
        for area in zone.areas:
            assert area.zh in squashed and area.en


def test_glossary_terms_are_the_documents_own(doc, corpus):
    entries = corpus.glossary
    assert len(entries) >= 400
    squashed = re.sub(r"\s", "", doc.source)
    assert [e.zh for e in entries if e.zh not in squashed] == []
    assert len({e.zh for e in entries}) == len(entries)


def test_glossary_expands_english_queries():
    assert "合格境外有限合伙人" in chinese_terms("Which zones run QFLP pilots?")
    assert "第五航权" in chinese_terms("fifth freedom rights for airports")
    assert chinese_terms("zzz qqq") == []


def test_glossary_matches_multiword_entries_in_any_order_and_form():
    # "credit risk classification supervision", reworded and reordered
    assert "信用风险分类监管" in chinese_terms("plans that introduce credit-based, risk-classified supervision")
    # the same words scattered over a long question are not the phrase
    scattered = "Is credit easy to get here, what are the risks, how is the classification of goods done, and who does supervision?"
    assert "信用风险分类监管" not in chinese_terms(scattered)


def test_bm25_text_carries_the_english_of_the_glossary_terms_a_passage_uses(doc, corpus):
    from rag.texts import TextViews

    views = TextViews(corpus)
    qflp = next(p for p in doc.passages if "合格境外有限合伙人" in p.text)
    text = views.sparse_text(qflp)
    assert "QFLP" in text and text.startswith(views.passage_text(qflp))
    # only the terms the passage itself uses
    unrelated = next(p for p in doc.passages if "第五航权" not in p.text and p.measure)
    assert "fifth freedom" not in views.sparse_text(unrelated).lower()


def test_tokenizer_stems_english_and_leaves_chinese_alone():
    from rag.sparse import Tokenizer

    tok = Tokenizer(["合格境外有限合伙人"])
    assert tok("courier licences") == tok("courier licence") == ["courier", "licenc"]
    assert "合格境外有限合伙人" in tok("开展合格境外有限合伙人试点")


def test_chinese_aliases_point_at_the_documents_own_terms(doc, corpus):
    squashed = re.sub(r"\s+", "", doc.source)
    aliases = corpus.zh_aliases
    assert len(aliases) >= 100
    assert [zh for zh in aliases.values() if zh not in squashed] == []
    assert [a for a in aliases if a in squashed] == []  # an alias the text already uses needs no entry


def test_chinese_questions_gain_the_formal_terms(expander):
    assert expander.terms("有没有规划电竞产业基地？", "zh") == ["电子竞技"]
    assert "综合保税区" in expander.terms("综保区里能做保税维修吗", "zh")
    assert expander.terms("深化投资领域改革", "zh") == []


def test_tokenizer_is_safe_to_share_between_threads():
    # The service answers on a thread pool with one shared tokenizer; Snowball stemmer objects keep
    # per-call state, so sharing one unguarded garbles words or raises.
    from concurrent.futures import ThreadPoolExecutor

    from rag.sparse import Tokenizer

    tok = Tokenizer()
    texts = [f"{w}s {w}ing {w}ed international couriers licensing supervision classification {i}"
             for i, w in enumerate(["establish", "operate", "process", "develop", "register", "finance"] * 40)]
    reference = Tokenizer()
    expected = [reference(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(5):
            assert list(pool.map(tok, texts)) == expected
