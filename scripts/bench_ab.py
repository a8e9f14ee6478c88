#!/usr/bin/env python
"""Before → after for /ask latency: two checkouts served side by side, one client alternating between them.

This machine's speed drifts by ~20 % within an hour, more than most changes move latency; runs taken minutes
apart compare the drift. Here every question goes to both services back to back (in alternating order), so both
see the same moment, and the paired differences give the change.

    .venv/bin/python scripts/bench_ab.py --before ../other-checkout [--after .] [--requests 400] [--env RAG_X=V]

Each checkout is served by this interpreter (`python -m rag.cli serve` in its directory, default settings, the
index both share) with the rate limit off. The mix is bench_api.py's distinct one: no text twice, so no query
cache hits. Prints per service the p50 of the client's latency and of the answers' Server-Timing encode and query
stages, and the median of the paired differences.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import (QUESTIONS, distinct_question, free_port, stage_ms, start_server, stop_server,  # noqa: E402
                       wait_ready)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare against")
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--requests", type=int, default=400, help="questions, each sent to both services")
    parser.add_argument("--env", action="append", default=[], metavar="RAG_X=V", help="a settings override for both")
    parser.add_argument("--ready-timeout", type=float, default=300.0)
    args = parser.parse_args()

    services = {}
    for name, root in (("before", args.before), ("after", args.after)):
        port = free_port()
        services[name] = (start_server(port, None, args.env, None, root.resolve()), f"http://127.0.0.1:{port}")
    try:
        for proc, url in services.values():
            wait_ready(url, proc, args.ready_timeout, 1)
        clients = {name: httpx.Client(base_url=url, timeout=60) for name, (_, url) in services.items()}
        for q in QUESTIONS * 2:  # warm-up: lazy state (jieba, model sessions) in both
            for http in clients.values():
                http.post("/ask", json={"question": q})
        samples = {name: {"client": [], "encode": [], "query": []} for name in services}
        for n in range(args.requests):
            question = distinct_question(n)
            for name in ("before", "after") if n % 2 else ("after", "before"):
                started = time.perf_counter()
                r = clients[name].post("/ask", json={"question": question, "top_k": 5})
                r.raise_for_status()
                samples[name]["client"].append((time.perf_counter() - started) * 1000)
                timing = stage_ms(r.headers.get("server-timing"))
                for stage in ("encode", "query"):
                    samples[name][stage].append(timing.get(stage, float("nan")))
        for name, s in samples.items():
            med = {k: statistics.median(v) for k, v in s.items()}
            print(f"{name:>6} ({services[name][1]}): client p50 {med['client']:.1f} ms, query {med['query']:.1f}, "
                  f"encode {med['encode']:.1f}; client ÷ encode {med['client'] / med['encode']:.2f}")
        paired = [a - b for a, b in zip(samples["after"]["client"], samples["before"]["client"])]
        before = statistics.median(samples["before"]["client"])
        print(f"after − before, median of {len(paired)} paired requests: {statistics.median(paired):+.2f} ms "
              f"({statistics.median(paired) / before:+.1%} of before's p50)")
        return 0
    finally:
        for proc, _ in services.values():
            stop_server(proc)


if __name__ == "__main__":
    sys.exit(main())
