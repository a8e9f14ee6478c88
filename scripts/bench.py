"""Benchmark: `rag build` (cold and cached), warm `ask` latency per stage and language, peak RSS of the
answering process.

    .venv/bin/python scripts/bench.py [--repeats 5]

Prints numbers; asserts nothing. Medians and p95 over repeated runs: these machines are noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag import index as index_mod  # noqa: E402
from rag.config import load_settings  # noqa: E402
from rag.embedders import load_embedders  # noqa: E402
from rag.engine import Engine  # noqa: E402
from rag.evaluation import load_questions  # noqa: E402
from rag.metrics import percentile  # noqa: E402
from rag.retrieval import Retriever  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5, help="passes over the question list")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RAG_INDEX_DIR": f"{tmp}/index", "RAG_CACHE_PATH": f"{tmp}/cache.sqlite"}
        # `rag build` as users run it: its own process, with RAG_BUILD_THREADS (OpenMP's thread
        # count is fixed per process, and serving wants fewer threads than building).
        build = [sys.executable, "-m", "rag.cli", "build", "--quiet"]
        t = time.perf_counter()
        subprocess.run(build, env=env, check=True, capture_output=True)
        cold = time.perf_counter() - t
        cached = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(build, env=env, check=True, capture_output=True)
            cached.append(time.perf_counter() - t)

        settings = load_settings(index_dir=Path(tmp) / "index", cache_path=Path(tmp) / "cache.sqlite")
        t = time.perf_counter()
        embedders = load_embedders(settings.index.embedders, settings.retrieval.threads)
        load_s = time.perf_counter() - t
        engine = Engine(settings)
        # The bare models, without Engine.load's query cache: every repeat encodes, so these are the
        # models' own times (the HTTP benchmark measures the cache: scripts/bench_api.py --mix repeated).
        engine.embedders = embedders
        engine._serve(Retriever(settings, index_mod.load(settings, embedders), embedders))
        questions = [q for q in load_questions(args.split)]
        for q in questions[:10]:
            engine.ask(q["question"])  # warm up
        stages: dict[str, dict[str, list[float]]] = {"zh": {}, "en": {}}
        totals: dict[str, list[float]] = {"zh": [], "en": []}
        for _ in range(args.repeats):
            for q in questions:
                t = time.perf_counter()
                answer = engine.ask(q["question"])
                totals[q["lang"]].append((time.perf_counter() - t) * 1000)
                for stage, ms in answer.timings_ms.items():
                    stages[q["lang"]].setdefault(stage, []).append(ms)

    result = {
        "model_load_s": round(load_s, 2),
        "build_cold_s": round(cold, 2),  # wall time of the `rag build` process, model loading included
        "build_cached_s_median": round(statistics.median(cached), 2),
        "ask_ms": {
            lang: {
                "n": len(totals[lang]),
                "total": {"p50": round(statistics.median(totals[lang]), 2), "p95": round(percentile(totals[lang], 95), 2)},
                **{s: {"p50": round(statistics.median(v), 2), "p95": round(percentile(v, 95), 2)} for s, v in stages[lang].items()},
            }
            for lang in ("zh", "en")
        },
        "peak_rss_mb": round(peak_rss_mb(), 1),  # the answering process
        "build_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
