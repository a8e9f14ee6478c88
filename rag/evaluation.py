"""`rag eval`: run several configurations side by side through the `ask` contract and report.

Every configuration answers through the same code path users get (``Engine.ask`` →
``to_contract``), or through the HTTP API with ``--url``.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from .answer import to_contract
from .config import ROOT, Settings, load_settings
from .corpus import load as load_corpus
from .engine import Engine
from .metrics import abstention_curve, aggregate, score_question

EVAL_DIR = ROOT / "eval"
QUESTIONS = EVAL_DIR / "questions.jsonl"
METRICS = ("hit@1", "recall@5", "mrr@10", "ndcg@10", "zone_exact", "citation_precision", "abstention", "found_rate")

AskFn = Callable[[str], dict]
# Every configuration, in process or over HTTP, returns this many citations: MRR@10 and nDCG@10 need ten.
RANK_DEPTH = 10


def load_questions(split: str = "test", path: Path = QUESTIONS) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows if split == "all" else [r for r in rows if r["split"] == split]


@dataclass(frozen=True)
class Config:
    name: str
    description: str
    legs: tuple[str, ...] | None = None  # weights 1.0 on these legs for both languages; None = settings as-is


CONFIGS = {
    "bm25": Config("bm25", "jieba BM25 only", ("bm25",)),
    "e5": Config("e5", "multilingual-e5-small only", ("e5",)),
    "use": Config("use", "USE-multilingual only", ("use",)),
    "hybrid": Config("hybrid", "BM25 + e5 + USE, equal RRF weights", ("bm25", "e5", "use")),
    "default": Config("default", "the shipped settings"),
    "naive500": Config("naive500", "baseline: 500-char chunks, no structure, same dense embedders"),
}


def engine_for(config: Config, base: Engine) -> AskFn:
    if config.name == "naive500":
        return NaiveChunks(base).ask
    settings = base.settings
    if config.legs is not None:
        w = {leg: 1.0 for leg in config.legs if leg == "bm25" or leg in settings.embedders}
        settings = settings.model_copy(update={"weights_zh": w, "weights_en": w})
    engine = Engine.sharing(settings, base)
    return lambda q: to_contract(engine.ask(q, top_k=RANK_DEPTH))


def http_ask(url: str) -> AskFn:
    import httpx

    client = httpx.Client(base_url=url.rstrip("/"), timeout=60)

    def ask(question: str) -> dict:
        r = client.post("/ask", json={"question": question, "top_k": RANK_DEPTH})
        r.raise_for_status()
        return r.json()

    return ask


class NaiveChunks:
    """Fixed 500-character windows of the normalized text (stride 400, so a short evidence
    span is never cut in two), embedded with the same dense models, fused by RRF."""

    size, stride = 500, 400

    def __init__(self, base: Engine):
        from .embedders import EmbeddingCache

        self.engine = base
        doc = load_corpus(base.settings.corpus_path)
        self.source = doc.source
        self.plans = doc.plans
        self.spans = [(a, min(a + self.size, len(self.source))) for a in range(0, len(self.source), self.stride)]
        cache = EmbeddingCache(base.settings.cache_path)
        texts = [self.source[a:b] for a, b in self.spans]
        self.vectors = {e.name: cache.embed(e, texts) for e in base.embedders}

    def _zone(self, start: int) -> str:
        return next((p.zone for p in self.plans if p.start <= start < p.end), "notice")

    def ask(self, question: str) -> dict:
        from .fusion import rrf
        from .retrieval import detect_lang

        rankings = {}
        for e in self.engine.embedders:
            sims = self.vectors[e.name] @ e.embed_query(question)
            rankings[e.name] = list(np.argsort(-sims))
        fused = rrf(rankings, {name: 1.0 for name in rankings})
        order = sorted(fused, key=lambda i: -fused[i])[:RANK_DEPTH]
        cites = []
        for i in order:
            a, b = self.spans[i]
            zone = self._zone(a + (b - a) // 2)
            cites.append({"id": f"chunk/{i}", "zone": zone, "text": self.source[a:b], "start": a, "end": b,
                          "score": fused[i]})
        top_zone = cites[0]["zone"] if cites else None
        return {"question": question, "lang": detect_lang(question), "found": True, "confidence": 1.0,
                "zones": [top_zone] if top_zone in ("beijing", "hunan", "anhui", "zhejiang") else [],
                "cited": [cites[0]["id"]] if cites else [], "citations": cites, "answer": ""}


def evaluate(ask: AskFn, questions: list[dict], desc: str = "eval") -> list[dict]:
    rows = []
    for q in tqdm(questions, desc=desc, unit="q", file=sys.stderr, leave=False):
        t = time.perf_counter()
        contract = ask(q["question"])
        latency = (time.perf_counter() - t) * 1000
        row = {"id": q["id"], "lang": q["lang"], "type": q["type"], "question": q["question"],
               "latency_ms": latency, "confidence": float(contract.get("confidence", 0.0)),
               "zones": contract.get("zones", []), "gold_zones": q["zones"],
               "top": [c["id"] for c in contract.get("citations", [])[:5]]}
        row.update(score_question(contract, q))
        rows.append(row)
    return rows


def breakdown(rows: list[dict]) -> dict:
    out = {"all": aggregate(rows)}
    for key in ("lang", "type"):
        for value in sorted({r[key] for r in rows}):
            out[f"{key}={value}"] = aggregate([r for r in rows if r[key] == value])
    return out


def run(config_names: list[str], split: str = "test", url: str | None = None, limit: int | None = None,
        settings: Settings | None = None) -> dict:
    questions = load_questions(split)[:limit]
    results: dict[str, dict] = {}
    if url:
        rows = evaluate(http_ask(url), questions, desc="http")
        results["http"] = {"description": f"through {url}", "metrics": breakdown(rows), "rows": rows}
        return _report_dict(results, split)
    base = Engine(settings or load_settings()).load(build_if_missing=True)
    for name in config_names:
        config = CONFIGS[name]
        rows = evaluate(engine_for(config, base), questions, desc=name)
        results[name] = {"description": config.description, "metrics": breakdown(rows), "rows": rows}
    report = _report_dict(results, split)
    report["settings"] = {k: v for k, v in base.settings.model_dump(mode="json").items()
                          if k in ("embedders", "weights_zh", "weights_en", "rrf_k", "found_threshold", "coverage_weight",
                                   "zone_floor", "zone_ratio")}
    return report


def _report_dict(results: dict, split: str) -> dict:
    return {"split": split, "date": time.strftime("%Y-%m-%d"), "git_sha": git_sha(), "configs": results}


def git_sha() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "nogit"


def suggest_threshold(rows: list[dict], min_found_rate: float = 0.97) -> dict:
    """The operating point: most abstention while keeping the found-rate on answerable questions."""
    grid = sorted({round(r["confidence"], 3) for r in rows} | {0.0})
    curve = abstention_curve(rows, [t + 1e-6 for t in grid])
    ok = [p for p in curve if p["found_rate"] >= min_found_rate] or curve[:1]
    return max(ok, key=lambda p: (p["recall"], -p["threshold"]))


def write_report(report: dict, out_dir: Path) -> Path:
    from .report import render

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{report['date']}-{report['git_sha']}-{report['split']}"
    json_path = out_dir / f"{stem}.json"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    render(report, out_dir, stem)
    return json_path


def summary_table(report: dict) -> str:
    lines = ["| config | " + " | ".join(METRICS) + " | p50 ms | p95 ms |",
             "| --- |" + " --- |" * (len(METRICS) + 2)]
    for name, res in report["configs"].items():
        m = res["metrics"]["all"]
        cells = [f"{m[k]:.3f}" for k in METRICS] + [f"{m['latency_p50_ms']:.1f}", f"{m['latency_p95_ms']:.1f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_cli(args) -> int:
    names = args.configs.split(",") if args.configs else list(CONFIGS)
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        print(f"rag eval: unknown config(s) {unknown}; known: {', '.join(CONFIGS)}", file=sys.stderr)
        return 2
    report = run(names, split=args.split, url=args.url, limit=args.limit)
    path = write_report(report, Path(args.out) if args.out else EVAL_DIR / "reports")
    print(summary_table(report))
    print(f"\nreport: {path} (+ .md, plots)")
    return 0
