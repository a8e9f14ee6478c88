import hashlib
import json
import math
import re

import pytest

from rag.evaluation import load_questions, run, suggest_threshold, write_report
from rag.metrics import abstention_curve, aggregate, auc, confusion, risk_coverage, score_question
from rag.types import Answer, Citation

from .conftest import REAL_CORPUS, ROOT, document

GOLD = {"zones": ["hunan", "anhui"], "evidence": [{"zone": "hunan", "text": "QFLP 试点"}, {"zone": "anhui", "text": "QFLP政策"}]}


def cite(id_, zone, text):
    return Citation(id_, "doc", zone, zone, (), None, "", None, (), text, (0, len(text)), 0, len(text), 0.0)


def answer(found, zones, citations, cited=()):
    return Answer("q", "zh", found, "", tuple(zones), 0.0, tuple(cited), tuple(citations), ())


def test_score_question_ranks_and_zones():
    contract = answer(True, ["hunan"], [cite("x", "beijing", "无关"), cite("h", "hunan", "开展QFLP\n试点。"),
                                        cite("a2", "hunan", "QFLP政策"), cite("a", "anhui", "研究开展QFLP政策试点")],
                      cited=["h"])
    s = score_question(contract, GOLD)
    assert s["hit@1"] == 0.0
    assert s["mrr@10"] == 0.5  # first relevant at rank 2; whitespace ignored
    assert s["recall@5"] == 1.0  # a2 holds anhui's evidence but is in hunan: it does not count, a does
    assert s["zone_exact"] == 0.0 and s["citation_precision"] == 1.0
    assert s["ndcg@10"] == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3)))


def test_unanswerable_scoring_and_abstention_curve():
    unanswerable = {"zones": [], "evidence": []}
    s = score_question(answer(False, [], [cite("x", "beijing", "…")]), unanswerable)
    assert s["zone_exact"] == 1.0 and "hit@1" not in s
    rows = [{"answerable": True, "found": True, "confidence": 3.0, "zone_exact": 1.0},
            {"answerable": False, "found": False, "confidence": 1.0, "zone_exact": 1.0},
            {"answerable": False, "found": True, "confidence": 2.5, "zone_exact": 0.0}]
    agg = aggregate(rows)
    assert agg["abstention"] == 0.5 and agg["found_rate"] == 1.0
    curve = abstention_curve(rows, [2.0, 2.8])
    assert curve[0]["recall"] == 0.5 and curve[0]["precision"] == 1.0
    assert curve[1]["recall"] == 1.0 and curve[1]["found_rate"] == 1.0
    assert suggest_threshold(rows, min_found_rate=1.0)["recall"] == 1.0
    assert agg["confidence_auc"] == 1.0  # 3.0 beats both unanswerable confidences
    rows[0]["confidence"] = 2.0
    assert aggregate(rows)["confidence_auc"] == 0.5  # above one, below the other


def test_costs_harmful_correct_missed():
    unanswerable = {"zones": [], "evidence": []}
    hunan_quote = cite("h", "hunan", "开展QFLP试点")
    # answering an unanswerable question is harmful, and so is naming a zone the gold lacks
    assert score_question(answer(True, ["beijing"], [cite("x", "beijing", "…")], ["x"]), unanswerable)["harmful"] == 1
    wrong_zone = score_question(answer(True, ["hunan", "beijing"], [hunan_quote, cite("x", "beijing", "…")],
                                       ["h", "x"]), GOLD)
    assert wrong_zone["harmful"] == 1 and wrong_zone["correct"] == 0 and wrong_zone["missed"] == 0
    # a subset of the gold zones, with a gold quote: correct, not harmful
    right = score_question(answer(True, ["hunan"], [hunan_quote], ["h"]), GOLD)
    assert right["harmful"] == 0 and right["correct"] == 1 and right["risk"] == 0
    # a gold zone named but its quote is not gold: not harmful, not correct
    off = score_question(answer(True, ["hunan"], [cite("o", "hunan", "别的措施"), hunan_quote], ["o"]), GOLD)
    assert off["harmful"] == 0 and off["correct"] == 0
    # demoted: missed, and the gold passage is still cited
    demoted = Answer("q", "zh", False, "", (), 0.0, (), (hunan_quote,), (), status="related")
    s = score_question(demoted, GOLD)
    assert s["missed"] == 1 and s["missed_gold_cited"] == 1 and s["harmful"] == 0 and s["risk"] == 0
    abstained = score_question(answer(False, [], [cite("x", "beijing", "…")]), unanswerable)
    assert abstained["harmful"] == 0 and abstained["risk"] == 1 and "missed" not in abstained


def test_risk_coverage_and_confusion():
    rows = [{"confidence": 0.9, "risk": 0.0, "answerable": True, "status": "answered"},
            {"confidence": 0.8, "risk": 1.0, "answerable": False, "status": "answered"},
            {"confidence": 0.2, "risk": 1.0, "answerable": False, "status": "not_covered"},
            {"confidence": 0.5, "risk": 0.0, "answerable": True, "status": "related"}]
    curve = risk_coverage(rows)
    assert curve["coverage"] == [0.25, 0.5, 0.75, 1.0]
    assert curve["risk"] == [0.0, 0.5, pytest.approx(1 / 3), 0.5]
    assert curve["aurc"] == pytest.approx((0 + 0.5 + 1 / 3 + 0.5) / 4)
    # ranked perfectly (sound answers first), the area is smaller
    rows[1]["confidence"] = 0.1
    assert risk_coverage(rows)["aurc"] < curve["aurc"]
    c = confusion(rows)
    assert c["answerable"] == {"answered": 1, "related": 1, "not_covered": 0}
    assert c["unanswerable"] == {"answered": 1, "related": 0, "not_covered": 1}


def test_auc_counts_pairs_and_ties():
    assert auc([3, 2], [1, 0]) == 1.0 and auc([0, 1], [2, 3]) == 0.0
    assert auc([1], [1]) == 0.5  # a tie is a coin toss
    assert auc([2, 1], [1.5]) == 0.5
    assert math.isnan(auc([], [1.0]))


def test_every_evidence_string_is_in_its_zones_plan():
    doc = document(REAL_CORPUS)
    squash = lambda s: re.sub(r"\s", "", s)  # noqa: E731
    plans = {p.zone: squash(doc.source[p.start:p.end]) for p in doc.plans}
    questions = load_questions("all")
    assert len(questions) >= 200 and len({q["id"] for q in questions}) == len(questions)
    assert sum(not q["zones"] for q in questions) >= 25
    assert {q["split"] for q in questions} == {"dev", "test"}
    for q in questions:
        assert {e["zone"] for e in q["evidence"]} == set(q["zones"]), q["id"]
        for ev in q["evidence"]:
            assert squash(ev["text"]) in plans[ev["zone"]], (q["id"], ev)


def test_ci_gate_thresholds_belong_to_the_current_question_set():
    """Floors measured on one question set mean nothing on another: changing the set forces a restatement."""
    thresholds = json.loads((ROOT / "eval" / "thresholds.json").read_text())
    digest = hashlib.sha256((ROOT / "eval" / "questions.jsonl").read_bytes()).hexdigest()
    assert thresholds["questions_sha256"] == digest, "eval/questions.jsonl changed: restate eval/thresholds.json on it"


@pytest.mark.real
def test_ci_gate_default_config_on_test_split(real_settings, real_engine):
    """The shipped configuration must not fall below the thresholds stored in the repo."""
    thresholds = json.loads((ROOT / "eval" / "thresholds.json").read_text())
    report = run(["default"], split="test", settings=real_settings)
    metrics = report["configs"]["default"]["metrics"]
    failures = []
    for group, floors in thresholds["test"].items():
        for key, floor in floors.items():
            value = metrics[group][key]
            if not value >= floor:
                failures.append(f"{group} {key} = {value:.3f} < {floor}")
    # What must stay low: the share of harmful answers (asserting what the plans do not support), per language.
    for group, ceilings in thresholds["test_max"].items():
        for key, ceiling in ceilings.items():
            value = metrics[group][key]
            if not value <= ceiling:
                failures.append(f"{group} {key} = {value:.3f} > {ceiling}")
    assert not failures, "; ".join(failures)


def test_eval_through_the_http_api(mini_settings, mini_engine, tmp_path):
    """--url sends the same questions through POST /ask of a running service."""
    from .api_server import app_for, serving

    with serving(app_for(mini_settings, mini_engine, rate_limit_per_minute=0)) as url:
        report = run([], split="dev", url=url, limit=4)
    result = report["configs"]["http"]
    assert result["metrics"]["all"]["n"] == 4
    assert [r["id"] for r in result["rows"]] == [q["id"] for q in load_questions("dev")[:4]]
    assert all(r["latency_ms"] > 0 and r["top"] for r in result["rows"])

    md = write_report(report, tmp_path).with_suffix(".md").read_text(encoding="utf-8")
    assert "| http |" in md and "(ROC AUC): all " in md
    assert "## What a wrong answer costs" in md and "| harmful | correct | missed |" in md
    assert {p.name.rsplit("-", 1)[-1] for p in tmp_path.glob("*.png")} == {"configs.png", "breakdown.png", "abstention.png",
                                                                          "risk.png"}
