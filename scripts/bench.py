"""Benchmark: `rag build` (cold and cached), warm `ask` latency per stage and language, peak RSS of the
answering process.

    .venv/bin/python scripts/bench.py [--repeats 5] [--questions eval|api] [--no-build]

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
sys.path.insert(1, str(Path(__file__).resolve().parent))  # scripts/bench_api.py, for --questions api

from rag import index as index_mod  # noqa: E402
from rag.config import load_settings  # noqa: E402
from rag.embedders import load_embedders  # noqa: E402
from rag.engine import Engine  # noqa: E402
from rag.evaluation import load_questions  # noqa: E402
from rag.metrics import percentile  # noqa: E402
from rag.retrieval import Retriever, detect_lang  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_builds(tmp: str) -> dict:
    """`rag build` as users run it: its own process, with RAG_BUILD_THREADS (OpenMP's thread count is
    fixed per process, and serving wants fewer threads than building). Cold, then three with the cache."""
    env = {**os.environ, "RAG_INDEX_DIR": f"{tmp}/index", "RAG_CACHE_PATH": f"{tmp}/cache.sqlite"}
    build = [sys.executable, "-m", "rag.cli", "build", "--quiet"]
    t = time.perf_counter()
    subprocess.run(build, env=env, check=True, capture_output=True)
    cold = time.perf_counter() - t
    cached = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(build, env=env, check=True, capture_output=True)
        cached.append(time.perf_counter() - t)
    return {"build_cold_s": round(cold, 2),  # wall time of the `rag build` process, model loading included
            "build_cached_s_median": round(statistics.median(cached), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5, help="passes over the question list")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--questions", choices=("eval", "api"), default="eval",
                        help="eval: the split's questions; api: the texts of scripts/bench_api.py's distinct mix")
    parser.add_argument("--no-build", action="store_true", help="skip timing `rag build`; use the index in RAG_HOME")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        build_s = None if args.no_build else time_builds(tmp)
        settings = load_settings() if args.no_build else \
            load_settings(index_dir=Path(tmp) / "index", cache_path=Path(tmp) / "cache.sqlite")
        t = time.perf_counter()
        embedders = load_embedders(settings.index.embedders, settings.retrieval.threads)
        load_s = time.perf_counter() - t
        engine = Engine(settings)
        # The bare models, without Engine.load's query cache: every repeat encodes, so these are the
        # models' own times (the HTTP benchmark measures the cache: scripts/bench_api.py --mix repeated).
        engine.embedders = embedders
        engine._serve(Retriever(settings, index_mod.load(settings, embedders), embedders))
        if args.questions == "api":
            from bench_api import QUESTIONS, distinct_question

            questions = [{"question": distinct_question(n), "lang": detect_lang(distinct_question(n))}
                         for n in range(10 * len(QUESTIONS))]
        else:
            questions = [q for q in load_questions(args.split)]
        for q in questions[:10]:
            engine.ask(q["question"])  # warm up
        groups = ("zh", "en", "all")
        stages: dict[str, dict[str, list[float]]] = {g: {} for g in groups}
        totals: dict[str, list[float]] = {g: [] for g in groups}
        for _ in range(args.repeats):
            for q in questions:
                t = time.perf_counter()
                answer = engine.ask(q["question"])
                ms = (time.perf_counter() - t) * 1000
                for group in (q["lang"], "all"):
                    totals[group].append(ms)
                    for stage, stage_ms in answer.timings_ms.items():
                        stages[group].setdefault(stage, []).append(stage_ms)

    result = {
        "model_load_s": round(load_s, 2),
        **(build_s or {}),
        "ask_ms": {
            lang: {
                "n": len(totals[lang]),
                "total": {"p50": round(statistics.median(totals[lang]), 2), "p95": round(percentile(totals[lang], 95), 2)},
                **{s: {"p50": round(statistics.median(v), 2), "p95": round(percentile(v, 95), 2)} for s, v in stages[lang].items()},
            }
            for lang in groups if totals[lang]
        },
        "peak_rss_mb": round(peak_rss_mb(), 1),  # the answering process
        **({"build_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
           if build_s else {}),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
