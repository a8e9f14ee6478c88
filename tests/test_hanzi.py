"""Questions in traditional characters are read in simplified ones (rag/hanzi.py)."""
import json

from rag.hanzi import to_simplified, to_traditional

from .conftest import REAL_CORPUS, ROOT


def test_simplified_text_is_left_as_it_is():
    # t2s must not rewrite the corpus's own script: every eval question and the whole bundled source
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open(encoding="utf-8")]
    assert all(to_simplified(q) == q for q in questions)
    source = (REAL_CORPUS / "source.txt").read_text(encoding="utf-8")
    assert to_simplified(source) == source
    assert to_simplified("Which zones allow QFLP?") == "Which zones allow QFLP?"


def test_traditional_round_trip():
    q = "哪些自贸区支持开展跨境电商零售进口药品试点？"
    hant = to_traditional(q)
    assert hant != q and "貿" in hant and "藥" in hant
    assert to_simplified(hant) == q


def test_a_traditional_question_retrieves_as_its_simplified_form(mini_engine):
    passage = next(p for p in mini_engine.corpus.passages if p.measure)
    question = passage.text[:20]
    hant = to_traditional(question)
    assert hant != question
    simplified = mini_engine.retrieve(question, top_k=3)
    traditional = mini_engine.retrieve(hant, top_k=3)
    assert traditional.query == question
    assert [h.passage.id for h in traditional.hits] == [h.passage.id for h in simplified.hits]
