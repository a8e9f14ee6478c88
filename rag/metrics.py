"""Pure per-question metrics over answers (rag.types.Answer) and gold (zones + evidence substrings)."""
from __future__ import annotations

import math
import re
from statistics import median

from .types import Answer, Citation

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", text)


def relevant(citation: Citation, gold: dict) -> bool:
    """A citation is relevant if it is in a gold zone and contains that zone's evidence (whitespace ignored)."""
    text = squash(citation.text)
    return any(ev["zone"] == citation.zone and squash(ev["text"]) in text for ev in gold["evidence"])


def score_question(answer: Answer, gold: dict, k_recall: int = 5, k_rank: int = 10) -> dict:
    cites = answer.citations
    answerable = bool(gold["zones"])
    rel = [relevant(c, gold) for c in cites]
    out = {"found": answer.found, "answerable": answerable, "status": answer.tier}
    if answerable:
        evidence = gold["evidence"]
        covered = sum(
            any(c.zone == ev["zone"] and squash(ev["text"]) in squash(c.text) for c in cites[:k_recall])
            for ev in evidence)
        first = next((i for i, r in enumerate(rel[:k_rank]) if r), None)
        ideal = min(len(evidence), k_rank)
        dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(rel[:k_rank]) if r)
        idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
        out.update({
            "hit@1": float(bool(rel[:1] and rel[0])),
            "recall@5": covered / len(evidence),
            "mrr@10": 0.0 if first is None else 1 / (first + 1),
            "ndcg@10": min(1.0, dcg / idcg) if idcg else 0.0,
        })
    # Zone-set exact: the zones the answer names equal the gold zones (both empty when unanswerable).
    out["zone_exact"] = float(set(answer.zones) == set(gold["zones"]))
    named, wanted = set(answer.zones), set(gold["zones"])
    if named:  # of the zones an answer names, the share that are gold
        out["zone_precision"] = len(named & wanted) / len(named)
    if wanted:  # of the gold zones, the share the answer names
        out["zone_recall"] = len(named & wanted) / len(wanted)
    if answerable and answer.tier == "related":  # demoted: is the gold passage still cited?
        out["related_gold_cited"] = float(any(rel))
    cited = [c for c in cites if c.id in set(answer.cited)]
    if cited:
        out["citation_precision"] = sum(relevant(c, gold) for c in cited) / len(cited)
    out.update(costs(answer, gold, rel))
    return out


def costs(answer: Answer, gold: dict, rel: list[bool]) -> dict:
    """What the answer costs its reader. ``harmful``: it asserts what the plans do not support (answered while
    the question is unanswerable, or naming a zone the gold lacks); ``correct``: answered, every zone named is
    gold and a gold passage is quoted; ``missed``: answerable, but related or not covered (``missed_gold_cited``:
    whether the gold passage is cited all the same). ``risk``: what answering would have cost whatever the tier,
    for the risk–coverage curve: 1 for an unanswerable question; for an answerable one, whether the zones the
    answer names (or, when it names none, its first citation's) include a non-gold zone."""
    answered = answer.tier == "answered"
    named, wanted = set(answer.zones), set(gold["zones"])
    quoted = {c.id for c in answer.citations} & set(answer.cited)
    out = {"harmful": float(answered and (not wanted or bool(named - wanted)))}
    would = named if answered else {c.zone for c in answer.citations[:1]}
    out["risk"] = 1.0 if not wanted else float(not would or bool(would - wanted))
    if wanted:
        gold_quoted = any(r for c, r in zip(answer.citations, rel) if c.id in quoted)
        out["correct"] = float(answered and bool(named) and named <= wanted and gold_quoted)
        out["missed"] = float(not answered)
        if not answered:
            out["missed_gold_cited"] = float(any(rel))
    return out


def risk_coverage(rows: list[dict]) -> dict:
    """Selective answering: questions taken by decreasing confidence; at each coverage (share answered), the risk
    (share of those answers that would be harmful, ``risk`` of :func:`costs`). AURC: the mean risk over every
    coverage, lower is better; 0 when every harmful answer ranks below every sound one."""
    ordered = sorted((r for r in rows if "risk" in r and "confidence" in r), key=lambda r: -r["confidence"])
    if not ordered:
        return {"coverage": [], "risk": [], "aurc": float("nan")}
    coverage, risk, lost = [], [], 0.0
    for k, r in enumerate(ordered, 1):
        lost += r["risk"]
        coverage.append(k / len(ordered))
        risk.append(lost / k)
    return {"coverage": coverage, "risk": risk, "aurc": sum(risk) / len(risk)}


def confusion(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Tier × answerability counts: {"answerable": {"answered": n, "related": n, "not_covered": n}, ...}."""
    out = {kind: {tier: 0 for tier in ("answered", "related", "not_covered")} for kind in ("answerable", "unanswerable")}
    for r in rows:
        out["answerable" if r["answerable"] else "unanswerable"][r.get("status") or "not_covered"] += 1
    return out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[idx]


def aggregate(rows: list[dict]) -> dict:
    """Mean of each metric over the questions where it applies, plus abstention and latency."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    agg: dict[str, float | int] = {"n": len(rows), "n_answerable": len(answerable), "n_unanswerable": len(unanswerable)}
    for key in ("hit@1", "recall@5", "mrr@10", "ndcg@10"):
        vals = [r[key] for r in answerable if key in r]
        agg[key] = sum(vals) / len(vals) if vals else float("nan")
    agg["zone_exact"] = sum(r["zone_exact"] for r in rows) / len(rows) if rows else float("nan")
    precisions = [r["citation_precision"] for r in rows if "citation_precision" in r]
    agg["citation_precision"] = sum(precisions) / len(precisions) if precisions else float("nan")
    for key in ("zone_precision", "zone_recall"):
        vals = [r[key] for r in rows if key in r]
        agg[key] = sum(vals) / len(vals) if vals else float("nan")
    for tier in ("answered", "related", "not_covered"):
        agg[f"rate_{tier}"] = sum(r.get("status") == tier for r in rows) / len(rows) if rows else float("nan")
    demoted = [r["related_gold_cited"] for r in rows if "related_gold_cited" in r]
    agg["related_gold_cited"] = sum(demoted) / len(demoted) if demoted else float("nan")
    agg["n_related_answerable"] = len(demoted)
    # What a wrong answer costs: harmful over every question; correct and missed over the answerable ones.
    agg["harmful"] = sum(r.get("harmful", 0.0) for r in rows) / len(rows) if rows else float("nan")
    for key in ("correct", "missed"):
        agg[key] = sum(r.get(key, 0.0) for r in answerable) / len(answerable) if answerable else float("nan")
    missed = [r["missed_gold_cited"] for r in rows if "missed_gold_cited" in r]
    agg["missed_gold_cited"] = sum(missed) / len(missed) if missed else float("nan")
    agg["aurc"] = risk_coverage(rows)["aurc"]
    agg["confusion"] = confusion(rows)
    agg["abstention"] = sum(not r["found"] for r in unanswerable) / len(unanswerable) if unanswerable else float("nan")
    agg["found_rate"] = sum(r["found"] for r in answerable) / len(answerable) if answerable else float("nan")
    # Threshold-free: how well the confidence alone tells answerable from unanswerable questions.
    agg["confidence_auc"] = auc([r["confidence"] for r in answerable if "confidence" in r],
                                [r["confidence"] for r in unanswerable if "confidence" in r])
    latencies = [r["latency_ms"] for r in rows if "latency_ms" in r]
    agg["latency_p50_ms"] = median(latencies) if latencies else float("nan")
    agg["latency_p95_ms"] = percentile(latencies, 95)
    return agg


def auc(positives: list[float], negatives: list[float]) -> float:
    """ROC AUC: the chance that a random positive scores above a random negative, ties counting half."""
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def abstention_curve(rows: list[dict], thresholds: list[float]) -> list[dict]:
    """Precision/recall of "not found" as the confidence threshold moves (not found = confidence < t)."""
    points = []
    n_unanswerable = sum(not r["answerable"] for r in rows)
    for t in thresholds:
        predicted = [r for r in rows if r["confidence"] < t]
        true_pos = sum(not r["answerable"] for r in predicted)
        points.append({
            "threshold": t,
            "precision": true_pos / len(predicted) if predicted else 1.0,
            "recall": true_pos / n_unanswerable if n_unanswerable else float("nan"),
            "found_rate": sum(r["answerable"] and r["confidence"] >= t for r in rows) / max(1, sum(r["answerable"] for r in rows)),
        })
    return points
