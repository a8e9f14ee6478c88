import json
import re

import pytest

from rag import parse
from rag.corpus import Corpus, Package
from rag.errors import CorpusError

from .conftest import FIXTURE, REAL_CORPUS, copy_fixture, document, renamed_fixture


@pytest.fixture(scope="module")
def mini():
    return document(FIXTURE)


def test_normalize_joins_broken_lines_and_drops_page_breaks(mini):
    assert "\n\n" not in mini.source
    assert "全面落实外商投资准入前国民待遇加负面清单管理制度。探索引进考试机构及理工类国际教材。" in mini.source
    assert "包括第五航权在内的航权安排" in mini.source


def test_normalize_fixes_letter_spaced_title(mini):
    first_line = mini.source.split("\n")[0]
    assert first_line == "国务院关于印发北京、湖南自由贸易试验区总体方案的通知"


def test_area_figures_on_a_line_start_are_not_measures(mini):
    beijing = [p for p in mini.passages if p.zone == "beijing" and p.measure]
    assert [p.measure for p in beijing] == [1, 2, 3]
    scope = next(p for p in mini.passages if p.id == "beijing/2/1")
    assert "31.85 平方公里" in scope.text and "5.466 平方公里" in scope.text


def test_tree_ids_titles_and_paths(mini):
    p = next(p for p in mini.passages if p.id == "beijing/3/2/3")
    assert p.measure == 3 and p.title == "扩大金融领域开放"
    assert p.section == ("三、主要任务和措施", "（二）深化金融领域开放创新")
    assert [pl.zone for pl in mini.plans] == ["beijing", "hunan"]
    assert {p.id for p in mini.passages} >= {"notice", "beijing/0", "beijing/1/1", "beijing/2/1", "beijing/4", "hunan/3/1/2"}


def test_offsets_point_into_normalized_source(mini):
    for p in mini.passages:
        assert mini.source[p.start:p.end] == p.text
        for a, b in p.sentences:
            assert p.text[a:b].strip() == p.text[a:b]


def _assert_tiles_plans(doc):
    """Every non-newline character of each plan lies in exactly one passage or heading line."""
    for plan in doc.plans:
        owners = [0] * (plan.end - plan.start)
        spans = [(p.start, p.end) for p in doc.passages if p.zone == plan.zone]
        spans += [(h.start, h.end) for h in doc.headings if h.zone == plan.zone]
        for a, b in spans:
            for i in range(a, b):
                owners[i - plan.start] += 1
        for i, n in enumerate(owners):
            ch = doc.source[plan.start + i]
            # Line ends between paragraphs may sit inside a passage or between two; nothing else may.
            assert n == 1 or (ch == "\n" and n == 0), f"{plan.zone}: char {plan.start + i} {ch!r} covered {n} times"


def test_every_plan_character_in_exactly_one_passage(mini):
    _assert_tiles_plans(mini)


def test_missing_measure_is_an_error():
    text = (FIXTURE / "source.txt").read_text(encoding="utf-8").replace("2.提升贸易便利化水平", "4.提升贸易便利化水平")
    titles = {z.title: z.id for z in Package.read(FIXTURE).zones}
    with pytest.raises(CorpusError, match="measure 4 follows measure 1"):
        parse.parse(parse.normalize(text), titles)


def test_a_plan_title_the_package_does_not_list_is_an_error():
    text = (FIXTURE / "source.txt").read_text(encoding="utf-8")
    with pytest.raises(CorpusError, match="not among the package's plans"):
        parse.parse(parse.normalize(text), {"中国（北京）自由贸易试验区总体方案": "beijing"})


def test_passages_record_their_document(mini):
    assert {p.doc for p in mini.passages} == {"mini"}


def test_package_metadata_errors_name_the_field(tmp_path):
    package = copy_fixture(tmp_path / "pkg")
    meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
    del meta["plans"][1]["name_en"]
    (package / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"plans\[1\]: missing field 'name_en'"):
        Package.read(package)


def test_several_documents_prefix_their_passage_ids(tmp_path):
    second = renamed_fixture(tmp_path / "second", "second")
    meta = json.loads((second / "meta.json").read_text(encoding="utf-8"))
    both = Corpus.load([FIXTURE, second])
    ids = [p.id for p in both.passages]
    assert len(set(ids)) == len(ids)
    assert "mini:beijing/3/1/2" in ids and "second:second-beijing/3/1/2" in ids
    assert both.zone_ids == ("beijing", "hunan", "second-beijing", "second-hunan")
    clash = copy_fixture(tmp_path / "clash")
    meta["id"], meta["plans"][0]["id"] = "clash", "beijing"
    (clash / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CorpusError, match="zone id 'beijing' is in both 'mini' and 'clash'"):
        Corpus.load([FIXTURE, clash])


def test_sentence_spans_split_on_full_stop_and_semicolon():
    text = "1.标题。第一句；第二句。\n第三句"
    assert [text[a:b] for a, b in parse.sentence_spans(text)] == ["1.标题。", "第一句；", "第二句。", "第三句"]


def test_unknown_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no such directory and no bundled package"):
        Package.read(tmp_path / "missing")


def test_unreadable_source_is_a_clear_error(tmp_path):
    package = copy_fixture(tmp_path / "pkg")
    (package / "source.txt").unlink()
    with pytest.raises(CorpusError, match="cannot read"):
        Package.read(package).document()


@pytest.fixture(scope="module")
def doc():
    return document(REAL_CORPUS)


@pytest.mark.real
class TestRealCorpus:
    def test_measure_counts_run_without_gaps(self, doc):
        expected = {"beijing": 22, "hunan": 23, "anhui": 19, "zhejiang": 12}
        for zone, n in expected.items():
            assert [p.measure for p in doc.passages if p.zone == zone and p.measure] == list(range(1, n + 1))

    def test_traps(self, doc):
        assert "扩展区域方案的通知" in doc.source.split("\n")[0]
        assert not any(re.match(r"^\d+\.\d", p.text) for p in doc.passages if p.measure)
        zj = next(p for p in doc.passages if p.id == "zhejiang/2/1")
        assert "119.5 平方公里" in zj.text

    def test_non_measure_sections_are_passages(self, doc):
        titles = {(p.zone, p.title) for p in doc.passages if p.measure is None}
        for zone in ("beijing", "hunan", "anhui"):
            assert {(zone, "指导思想"), (zone, "战略定位及发展目标"), (zone, "实施范围"), (zone, "功能划分"), (zone, "保障机制")} <= titles
        assert ("zhejiang", "功能定位及发展目标") in titles

    def test_offsets_and_coverage(self, doc):
        for p in doc.passages:
            assert doc.source[p.start:p.end] == p.text
        _assert_tiles_plans(doc)

    def test_headings_are_short_lines(self, doc):
        assert all(len(h.text) <= 32 for h in doc.headings)
        assert len([h for h in doc.headings if h.id.count("/") == 1]) == 16  # 4 parts × 4 plans
