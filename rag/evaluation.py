"""`rag eval`: run several configurations side by side through the `ask` contract and report.

Every configuration answers through the same code path users get (``Engine.ask``), or through
the HTTP API with ``--url``, whose JSON is read back into the same ``Answer`` type.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from .config import Settings, load_settings
from .contract import answer_from_dict
from .engine import Engine
from .extras import require_extra
from .metrics import abstention_curve, aggregate, score_question
from .types import Answer, Citation

# The eval set is a project asset, not package data: it is read from the checkout.
ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "eval"
QUESTIONS = EVAL_DIR / "questions.jsonl"

AskFn = Callable[[str], Answer]
# Every configuration, in process or over HTTP, returns this many citations: MRR@10 and nDCG@10 need ten.
RANK_DEPTH = 10


def dev_sha256(path: Path = QUESTIONS) -> str:
    """The sha256 of the dev split's rows of the eval set: the verifier's stored model records the one it was fitted on."""
    rows = [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("split") == "dev"]
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


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
        w = {leg: 1.0 for leg in config.legs if leg == "bm25" or leg in settings.index.embedders}
        # The verifier is fitted on the shipped legs' signals: a single-leg ablation is judged by the rules.
        settings = settings.replace(weights_zh=w, weights_en=w, verifier=False)
    engine = Engine.sharing(settings, base)
    return lambda q: engine.ask(q, top_k=RANK_DEPTH)


def http_ask(url: str) -> AskFn:
    require_extra("eval", "rag eval --url", ("httpx",))
    import httpx

    client = httpx.Client(base_url=url.rstrip("/"), timeout=60)

    def ask(question: str) -> Answer:
        r = client.post("/ask", json={"question": question, "top_k": RANK_DEPTH})
        r.raise_for_status()
        return answer_from_dict(r.json())

    return ask


class NaiveChunks:
    """Fixed 500-character windows of each normalized document (stride 400, so a short evidence
    span is never cut in two), embedded with the same dense models, fused by RRF."""

    size, stride = 500, 400

    def __init__(self, base: Engine):
        from .embedders import EmbeddingCache

        self.engine = base
        self.chunks: list[tuple[str, str, int, int]] = []  # (doc, zone, start, end)
        texts = []
        for doc, document in base.corpus.documents.items():
            source = document.source
            for a in range(0, len(source), self.stride):
                b = min(a + self.size, len(source))
                middle = a + (b - a) // 2
                zone = next((p.zone for p in document.plans if p.start <= middle < p.end), "notice")
                self.chunks.append((doc, zone, a, b))
                texts.append(source[a:b])
        self.texts = texts
        cache = EmbeddingCache(base.settings.index.cache_path)
        self.vectors = {e.name: cache.embed(e, texts) for e in base.embedders}

    def ask(self, question: str) -> Answer:
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
            doc, zone, a, b = self.chunks[i]
            text = self.texts[i]
            cites.append(Citation(id=f"chunk/{i}", doc=doc, zone=zone, zone_name=zone, section=(), measure=None,
                                  title="", title_en=None, path=(), text=text, highlight=(0, len(text)), start=a,
                                  end=b, score=fused[i]))
        top_zone = cites[0].zone if cites else None
        zones = (top_zone,) if top_zone in self.engine.corpus.zone_by_id else ()
        return Answer(question=question, lang=detect_lang(question), found=True, text="", zones=zones,
                      confidence=1.0, cited=(cites[0].id,) if cites else (), citations=tuple(cites), groups=())


def evaluate(ask: AskFn, questions: list[dict], desc: str = "eval") -> list[dict]:
    rows = []
    for q in tqdm(questions, desc=desc, unit="q", file=sys.stderr, leave=False):
        t = time.perf_counter()
        answer = ask(q["question"])
        latency = (time.perf_counter() - t) * 1000
        row = {"id": q["id"], "lang": q["lang"], "type": q["type"], "question": q["question"],
               "latency_ms": latency, "confidence": round(answer.confidence, 4),
               "zones": list(answer.zones), "gold_zones": q["zones"], "status": answer.tier,
               "top": [c.id for c in answer.citations[:5]]}
        row.update(score_question(answer, q))
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
    shown = {"index": ("embedders",), "retrieval": ("weights_zh", "weights_en", "rrf_k"),
             "answer": ("found_threshold", "coverage_weight", "zone_floor", "zone_ratio")}
    dumped = base.settings.model_dump(mode="json")
    report["settings"] = {k: dumped[group][k] for group, keys in shown.items() for k in keys}
    composer = base.composer
    if composer is not None and composer.verifier is not None:
        m = composer.verifier.model
        report["verifier"] = {k: m[k] for k in ("dev_sha256", "features", "coef", "intercept", "auc", "auc_question",
                                                       "thresholds") if k in m}
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
    require_extra("eval", "rag eval", ("matplotlib",))
    from .report import render  # matplotlib: the eval extra

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{report['date']}-{report['git_sha']}-{report['split']}"
    json_path = out_dir / f"{stem}.json"
    saved = report
    if report["split"] != "dev":  # the test split is read in aggregate only: no per-question rows on disk
        saved = {**report, "configs": {name: {k: v for k, v in res.items() if k != "rows"}
                                       for name, res in report["configs"].items()}}
    json_path.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    render(report, out_dir, stem)
    return json_path


def run_cli(args) -> int:
    # Before any work: the report needs matplotlib, --url needs httpx (both the eval extra).
    require_extra("eval", "rag eval", ("matplotlib", "httpx") if args.url else ("matplotlib",))
    from .report import summary_table

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
