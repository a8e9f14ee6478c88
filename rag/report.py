"""Markdown report with matplotlib plots for `rag eval`."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .metrics import abstention_curve, risk_coverage  # noqa: E402

METRICS = ("hit@1", "recall@5", "mrr@10", "ndcg@10", "zone_exact", "zone_precision", "zone_recall",
           "citation_precision", "abstention", "found_rate")
# The answer's three tiers, and for answerable questions demoted to "related", how often the gold passage is cited.
TIER_METRICS = ("rate_answered", "rate_related", "rate_not_covered", "related_gold_cited")
# What a wrong answer costs (rag.metrics.costs): per language, since each has its own thresholds.
COST_METRICS = ("harmful", "correct", "missed", "missed_gold_cited", "aurc")
BAR_METRICS = ("hit@1", "recall@5", "mrr@10", "zone_exact", "citation_precision", "abstention", "found_rate")


def _focus(report: dict) -> str:
    return "default" if "default" in report["configs"] else next(iter(report["configs"]))


def plot_configs(report: dict, path: Path) -> None:
    names = list(report["configs"])
    x = np.arange(len(BAR_METRICS))
    width = 0.8 / max(1, len(names))
    fig, ax = plt.subplots(figsize=(11, 4.2))
    for i, name in enumerate(names):
        m = report["configs"][name]["metrics"]["all"]
        ax.bar(x + i * width, [np.nan_to_num(m[k]) for k in BAR_METRICS], width, label=name)
    ax.set_xticks(x + width * (len(names) - 1) / 2, BAR_METRICS)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"Configurations on the {report['split']} split")
    ax.legend(ncol=len(names), fontsize=8, loc="lower right")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_breakdown(report: dict, path: Path) -> None:
    metrics = report["configs"][_focus(report)]["metrics"]
    groups = [k for k in metrics if k != "all"]
    shown = ("hit@1", "recall@5", "zone_exact", "abstention")
    x = np.arange(len(groups))
    width = 0.8 / len(shown)
    fig, ax = plt.subplots(figsize=(11, 4.2))
    for i, key in enumerate(shown):
        ax.bar(x + i * width, [np.nan_to_num(metrics[g][key]) for g in groups], width, label=key)
    ax.set_xticks(x + width * (len(shown) - 1) / 2, [g.split("=")[1] for g in groups], rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"'{_focus(report)}' by language and question type (NaN shown as 0)")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_abstention(report: dict, path: Path, operating_point) -> None:
    """Per question language (each has its own threshold): not-found precision and recall, and the
    found-rate on answerable questions, as the threshold moves."""
    rows = report["configs"][_focus(report)]["rows"]
    langs = sorted({r["lang"] for r in rows})
    fig, axes = plt.subplots(1, len(langs), figsize=(6 * len(langs), 4.2), squeeze=False)
    for ax, lang in zip(axes[0], langs):
        subset = [r for r in rows if r["lang"] == lang]
        conf = [r["confidence"] for r in subset]
        thresholds = list(np.linspace(min(conf) - 0.05, max(conf) + 0.05, 120))
        curve = abstention_curve(subset, thresholds)
        xs = [p["threshold"] for p in curve]
        ax.plot(xs, [p["precision"] for p in curve], label="not-found precision")
        ax.plot(xs, [p["recall"] for p in curve], label="not-found recall (abstention)")
        ax.plot(xs, [p["found_rate"] for p in curve], ls="--", label="found-rate on answerable")
        value = operating_point.get(lang) if isinstance(operating_point, dict) else operating_point
        if value is not None:
            ax.axvline(value, color="k", lw=0.8, ls=":", label=f"operating point {value:g}")
        ax.set_title(f"{lang}: 'not found' as the threshold moves ({report['split']})")
        ax.set_xlabel("confidence threshold (evidence: strength + coverage weight × query coverage)")
        ax.set_ylim(0, 1.05)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_risk_coverage(report: dict, path: Path) -> None:
    """Per language: the share of answers that would be harmful as more questions are answered, by confidence;
    the dot is where the shipped thresholds answer."""
    rows = report["configs"][_focus(report)]["rows"]
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for lang in sorted({r["lang"] for r in rows}):
        subset = [r for r in rows if r["lang"] == lang]
        curve = risk_coverage(subset)
        line, = ax.plot(curve["coverage"], curve["risk"], label=f"{lang} (AURC {curve['aurc']:.3f})")
        answered = [r for r in subset if r.get("status") == "answered"]
        if answered:
            ax.plot(len(answered) / len(subset), sum(r["harmful"] for r in answered) / len(answered), "o",
                    color=line.get_color())
    ax.set_xlabel("coverage: share of questions answered (by decreasing confidence)")
    ax.set_ylabel("risk: share of answers harmful")
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.0)
    ax.set_title(f"Risk–coverage ({report['split']}); dot: the shipped operating point")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def cost_lines(metrics: dict) -> list[str]:
    """The cost table and, per group, the tier × answerability confusion matrix."""
    lines = ["| group | n | " + " | ".join(COST_METRICS) + " |", "| --- | --- |" + " --- |" * len(COST_METRICS)]
    for group, m in metrics.items():
        lines.append(f"| {group} | {m['n']} | " + " | ".join(f"{m.get(k, float('nan')):.3f}" for k in COST_METRICS)
                     + " |")
    for group in ("lang=zh", "lang=en"):
        if group in metrics and "confusion" in metrics[group]:
            c = metrics[group]["confusion"]
            lines += ["", f"{group}: tier × answerability", "", "| | answered | related | not covered |",
                      "| --- | --- | --- | --- |"]
            lines += [f"| {kind} | {c[kind]['answered']} | {c[kind]['related']} | {c[kind]['not_covered']} |"
                      for kind in ("answerable", "unanswerable")]
    return lines


def render(report: dict, out_dir: Path, stem: str) -> Path:
    op = report.get("settings", {}).get("found_threshold")
    plot_configs(report, out_dir / f"{stem}-configs.png")
    plot_breakdown(report, out_dir / f"{stem}-breakdown.png")
    plot_abstention(report, out_dir / f"{stem}-abstention.png", op)
    plot_risk_coverage(report, out_dir / f"{stem}-risk.png")
    focus = _focus(report)
    metrics = report["configs"][focus]["metrics"]
    lines = [f"# Eval report — {report['split']} split, {report['date']}, commit {report['git_sha']}", "",
             summary_table(report), "",
             f"![configurations]({stem}-configs.png)", "",
             f"## '{focus}' by language and type", "",
             "| group | n | " + " | ".join(METRICS) + " |", "| --- | --- |" + " --- |" * len(METRICS)]
    for group, m in metrics.items():
        lines.append(f"| {group} | {m['n']} | " + " | ".join(f"{m[k]:.3f}" for k in METRICS) + " |")
    lines += ["", "## What a wrong answer costs", "",
              "harmful: answered while unanswerable, or naming a non-gold zone (share of all questions); correct: "
              "answered, every zone named gold, a gold passage quoted; missed: answerable but related or not covered "
              "(both shares of answerable questions); missed_gold_cited: of the missed, the gold passage cited all "
              "the same; AURC: area under the risk–coverage curve (lower is better).", ""]
    lines += cost_lines(metrics)
    lines += ["", f"![risk–coverage]({stem}-risk.png)"]
    lines += ["", "## Tiers (answered / related / not covered)", "",
              "| group | " + " | ".join(TIER_METRICS) + " |", "| --- |" + " --- |" * len(TIER_METRICS)]
    for group, m in metrics.items():
        lines.append(f"| {group} | " + " | ".join(f"{m.get(k, float('nan')):.3f}" for k in TIER_METRICS) + " |")
    verifier = report.get("verifier")
    if verifier:
        lines += ["", "## Verifier (rag/data/verifier.json, fitted on dev)", "",
                  f"Dev sha256 {verifier['dev_sha256'][:12]}…; thresholds {verifier['thresholds']}", "",
                  "| signal | ROC AUC on dev: candidate answers | leading candidate: answerable question | "
                  "coefficient (standardized) |", "| --- | --- | --- | --- |"]
        coef = dict(zip(verifier["features"], verifier["coef"]))
        question = verifier.get("auc_question", {})
        for name, value in verifier["auc"].items():
            c, qv = coef.get(name), question.get(name)
            lines.append(f"| {name} | {value:.3f} | {'' if qv is None else f'{qv:.3f}'} | "
                         f"{'' if c is None else f'{c:+.3f}'} |")
        lines.append(f"| intercept | | | {verifier['intercept']:+.3f} |")
    lines += ["", f"![breakdown]({stem}-breakdown.png)", "",
              "## 'Not found' precision / recall", "",
              f"![abstention]({stem}-abstention.png)", "",
              f"Operating point (found_threshold): {op}", "",
              "How well the confidence alone tells answerable from unanswerable questions, whatever the "
              "threshold (ROC AUC): " + ", ".join(f"{g} {metrics[g]['confidence_auc']:.3f}"
                                                   for g in ("all", "lang=zh", "lang=en") if g in metrics), "",
              ]
    if report["split"] != "dev":
        # Tuning reads dev; the test split is read in aggregate only, so its report lists no questions.
        lines += [f"Per-question failures are listed for the dev split only ({report['split']} is read in aggregate)."]
    else:
        lines += [f"## Failures of '{focus}' (hit@1 = 0, zone set wrong, or wrong found/not-found)", "",
                  "| id | lang | type | question | expected zones | got zones | top citations |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in report["configs"][focus]["rows"] if report["split"] == "dev" else ():
        failed = r.get("hit@1", 1) == 0 or r["zone_exact"] == 0 or r["found"] != r["answerable"]
        if failed:
            q = r["question"].replace("|", "\\|")
            lines.append(f"| {r['id']} | {r['lang']} | {r['type']} | {q} | {', '.join(r['gold_zones']) or '—'} | "
                         f"{', '.join(r['zones']) or '—'} | {', '.join(r['top'][:3])} |")
    path = out_dir / f"{stem}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def summary_table(report: dict) -> str:
    lines = ["| config | " + " | ".join(METRICS) + " | p50 ms | p95 ms |",
             "| --- |" + " --- |" * (len(METRICS) + 2)]
    for name, res in report["configs"].items():
        m = res["metrics"]["all"]
        cells = [f"{m[k]:.3f}" for k in METRICS] + [f"{m['latency_p50_ms']:.1f}", f"{m['latency_p95_ms']:.1f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
