"""Real corpus, real bundled models. Checks written from the document (not from the eval set)."""
import logging

import pytest

from rag import embedders as emb_mod

pytestmark = pytest.mark.real

# (question, zone expected among answer zones, substring expected in a top-3 citation)
CHECKS = [
    ("北京自贸试验区的实施范围是多少平方公里?", "beijing", "119.68"),
    ("湖南自贸试验区 实施范围", "hunan", "119.76"),
    ("哪个自贸区要建设中非经贸深度合作先行区?", "hunan", "中非经贸深度合作先行区"),
    ("安徽自贸区支持量子信息产业吗?", "anhui", "量子"),
    ("浙江自贸试验区如何打造油气资源配置基地?", "zhejiang", "油气"),
    ("允许外资旅行社经营出境旅游业务的是哪个自贸区?", "anhui", "出境旅游"),
    ("Which zone lets foreign travel agencies run outbound tours?", "anhui", "出境旅游"),
    ("Which pilot free trade zone will build a China-Africa economic and trade cooperation zone?", "hunan", "中非"),
    ("What is the total area of the Anhui pilot free trade zone?", "anhui", "119.86"),
    ("Does the Zhejiang plan support LNG as bunker fuel for international ships?", "zhejiang", "LNG"),
    ("Where can foreign arbitration institutions set up business offices?", "beijing", "仲裁"),
    ("Which zone supports the digital RMB / digital currency research institute?", "beijing", "数字货币"),
]


@pytest.mark.parametrize("question,zone,evidence", CHECKS)
def test_real_retrieval(real_engine, question, zone, evidence):
    answer = real_engine.ask(question, top_k=5)
    assert answer.found, answer.text
    assert zone in answer.zones, (answer.zones, answer.text)
    assert any(evidence in c.text for c in answer.citations[:3]), [c.id for c in answer.citations[:3]]


def test_multi_zone_qflp(real_engine):
    answer = real_engine.ask("哪些自贸区支持开展QFLP试点?")
    assert set(answer.zones) >= {"hunan", "anhui"}


def test_english_answer_names_zones_in_english_and_quotes_chinese(real_engine):
    answer = real_engine.ask("Which zone lets foreign travel agencies run outbound tours?")
    assert answer.lang == "en" and "Anhui" in answer.text and "出境旅游" in answer.text


def test_e5_falls_back_to_use_where_it_cannot_run(monkeypatch, caplog):
    monkeypatch.setattr(emb_mod.platform, "machine", lambda: "aarch64")
    with caplog.at_level(logging.WARNING):
        loaded = emb_mod.load_embedders(("e5", "use"), threads=1)  # BLAS threads are process-wide: keep the default
    assert [e.name for e in loaded] == ["use"]
    assert "falling back to USE" in caplog.text


def test_real_manifest_records_models(real_engine):
    m = real_engine.index.manifest
    assert [(e["name"], e["dim"]) for e in m["embedders"]] == [("e5", 384), ("use", 512)]
    assert m["counts"]["measures"] == 76


def readme_examples() -> list[tuple[list[str], str]]:
    """The `$ rag ask …` blocks of README.md: the command's arguments and the output it shows."""
    import re
    import shlex

    from .conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n\$ rag ask (.+?)\n(.*?)```", text, re.DOTALL)
    return [(shlex.split(command), output) for command, output in blocks]


@pytest.mark.parametrize("argv,shown", readme_examples(), ids=lambda v: v[0] if isinstance(v, list) else "")
def test_readme_examples_are_real_output(real_engine, capsys, argv, shown):
    """README says its examples are real output: they must stay so as ranking changes."""
    from rag.contract import answer_dict
    from rag.cli import _print_answer, build_parser

    args = build_parser().parse_args(["ask", *argv])
    _print_answer(answer_dict(real_engine.ask(args.question, top_k=args.top_k, zone=args.zone)))
    assert capsys.readouterr().out.rstrip() == shown.rstrip()


@pytest.mark.parametrize("term", ["宏观审慎", "合格评定", "创新链", "硅基新材料", "大科学装置", "跨境融资"])
def test_keyword_question_quotes_the_sentence_that_states_it(real_engine, term):
    """Asked about a term of the document, every top passage that contains the term is quoted by a
    sentence stating it, not by a sentence that merely reads similar (the terms come from the
    document's glossary, not from the eval set)."""
    import re

    r = real_engine.retrieve(f"哪些自贸区提到{term}？", top_k=5)
    holders = [h for h in r.hits[:5] if term in re.sub(r"\s+", "", h.passage.text)]
    assert holders
    for h in holders:
        assert term in re.sub(r"\s+", "", h.passage.text[slice(*h.highlight)]), (h.passage.id, h.highlight)


def test_texts_that_share_a_query_cache_entry_embed_identically(real_engine):
    """The query cache's key collapses runs of the whitespace that e5's and USE's tokenizers read as
    one space; for every whitespace character, that must not change the vector."""
    import sys

    import numpy as np

    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    models = [getattr(e, "inner", e) for e in real_engine.embedders]  # past the cache, to the model
    assert {m.name for m in models} == {"e5", "use"}
    for model in models:
        for c in spaces:
            for text in (f"QFLP{c}{c}试点 在哪里", f"{c}{c}QFLP 试点{c}在哪里{c}{c}"):
                key = emb_mod.query_key(text)
                if key != text:
                    assert np.array_equal(model.embed_query(text), model.embed_query(key)), (model.name, hex(ord(c)))


def test_concurrent_queries_embed_as_serial_ones(real_engine):
    """e5 runs without a lock and USE's BLAS threads are set once per process: queries in parallel
    threads must get exactly the vectors they get one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    questions = [q for q, _, _ in CHECKS] * 3
    # As the engine's load left it: other tests in this process load embedders with other thread counts.
    emb_mod.limit_blas_threads(real_engine.settings.retrieval.threads)
    for model in (getattr(e, "inner", e) for e in real_engine.embedders):
        serial = [model.embed_query(q) for q in questions]
        with ThreadPoolExecutor(4) as pool:
            parallel = list(pool.map(model.embed_query, questions))
        assert all(np.array_equal(a, b) for a, b in zip(serial, parallel)), model.name
