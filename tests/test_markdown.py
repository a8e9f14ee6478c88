"""rag.markdown: the cited answer as Markdown, for chat clients."""
from dataclasses import replace

from rag.markdown import cited_markdown
from rag.types import Answer, Citation


def _citation(cid, zone, zone_name, path, measure, text, highlight=None):
    return Citation(id=cid, doc="d", zone=zone, zone_name=zone_name, section=tuple(path[1:-1]), measure=measure,
                    title=path[-1], title_en=None, path=tuple(path), text=text,
                    highlight=highlight or (0, len(text)), start=0, end=len(text), score=0.1)


A = _citation("a/3/1/2", "a", "甲区", ["甲区", "三、任务", "（一）开放", "扩大航权"], 2, "前文。支持第五航权。", (3, 10))
B = _citation("b/3/1/7", "b", "乙区", ["乙区", "三、任务", "（一）开放", "航线"], 7, "开通国际航线。")
C = _citation("b/0", "b", "乙区", ["乙区"], None, "制定本方案。")


def test_each_zone_line_cites_the_passage_it_quotes_and_sources_follow():
    # The cited passages need not lead the citations: markers follow the citations' order.
    answer = Answer("哪些区支持第五航权？", "zh", True, "根据文件：\n乙区（第7条“航线”）：开通国际航线。\n甲区（第2条“扩大航权”）：支持第五航权。",
                    ("b", "a"), 3.0, ("b/3/1/7", "a/3/1/2"), (A, B, C), ())
    assert cited_markdown(answer) == (
        "根据文件：\n"
        "\n"
        "- 乙区（第7条“航线”）：开通国际航线。 [2]\n"
        "- 甲区（第2条“扩大航权”）：支持第五航权。 [1]\n"
        "\n"
        "**来源**\n"
        "\n"
        "- **[1]** **甲区** › 三、任务 › （一）开放 › 扩大航权（第2条） · `a/3/1/2`\n"
        "  > 支持第五航权。\n"
        "- **[2]** **乙区** › 三、任务 › （一）开放 › 航线（第7条） · `b/3/1/7`\n"
        "  > 开通国际航线。\n"
        "- **[3]** **乙区** · `b/0`\n"
        "  > 制定本方案。\n")


def test_english_not_found_lists_the_nearest_passages_without_markers():
    en = _citation("a/3/1/2", "a", "Zone A", ["Zone A", "Main tasks", "Opening", "Air rights"], 2, "Support *fifth* rights.")
    answer = Answer("Duty-free quota?", "en", False, "The notice does not cover this. It contains two plans.", (), 0.5,
                    (), (en,), ())
    md = cited_markdown(answer)
    assert md.startswith("The notice does not cover this. It contains two plans.\n\n**Nearest passages**\n\n")
    assert "[1]" not in md.split("**Nearest passages**")[0]
    assert "- **[1]** **Zone A** › Main tasks › Opening › Air rights (measure 2) · `a/3/1/2`" in md
    assert r"> Support \*fifth\* rights." in md  # passage text is text, not markup


def test_an_english_answer_quotes_the_english_sentence_then_the_chinese_original():
    en = replace(A, text_en="Preamble. Support fifth freedom rights.", highlight_en=(10, 39))
    answer = Answer("Fifth freedom?", "en", True, "According to the notice:\nZone A: Support fifth freedom rights.",
                    ("a",), 3.0, ("a/3/1/2",), (en,), ())
    assert "  > Support fifth freedom rights. (原文: 支持第五航权。)\n" in cited_markdown(answer)
    zh_answer = Answer("第五航权？", "zh", True, "根据文件：\n甲区：支持第五航权。", ("a",), 3.0, ("a/3/1/2",), (en,), ())
    assert "  > 支持第五航权。\n" in cited_markdown(zh_answer)  # a Chinese reader gets the source of record alone


def test_a_real_answer_numbers_every_citation(mini_engine):
    answer = mini_engine.ask("哪些自贸区支持第五航权?", top_k=4)
    md = cited_markdown(answer)
    body, sources = md.split("**来源**")
    for cid in answer.cited:
        n = [c.id for c in answer.citations].index(cid) + 1
        assert f"[{n}]" in body
    for n, c in enumerate(answer.citations, 1):
        assert f"- **[{n}]** **{c.zone_name}**" in sources and f"`{c.id}`" in sources
