#!/usr/bin/env python
"""Load-test POST /ask on loopback: p50/p95 latency, throughput, errors and server RSS at 1, 8, 32 clients.

Starts the real service (`rag serve`, default settings, the real index and models) on a free loopback port.
The rate limit is switched off for the run (RAG_RATE_LIMIT_PER_MINUTE=0): every client shares 127.0.0.1,
so the per-IP limit would otherwise measure 429s. Build the index first if needed: `.venv/bin/rag build --quiet`.

    .venv/bin/python scripts/bench_api.py [--seconds 30] [--clients 1,8,32]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "哪些自贸区支持开展QFLP试点?",
    "哪些自贸区支持第五航权?",
    "北京自贸试验区的实施范围是多少平方公里?",
    "科技创新片区重点发展哪些产业?",
    "湖南自贸试验区长沙片区的功能定位是什么?",
    "安徽自贸试验区在集成电路方面有什么措施?",
    "浙江自贸试验区扩展区域包括哪些片区?",
    "哪个自贸区允许外资旅行社从事出境旅游业务?",
    "哪些自贸区开展本外币一体化试点?",
    "跨境电子商务零售进口药品试点在哪里开展?",
    "中非经贸合作有哪些措施?",
    "数字贸易有哪些支持政策?",
    "Which zone lets foreign travel agencies run outbound tours?",
    "Which zones support the fifth freedom traffic rights?",
    "Which pilot free trade zones allow QFLP pilots?",
    "What is the total area of the Beijing pilot free trade zone?",
    "Which zone focuses on China-Africa economic and trade cooperation?",
    "What does the Zhejiang extension plan say about oil and gas trading?",
    "Which zone supports offshore insurance business?",
    "Which zone promotes the development of quantum information and artificial intelligence?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, from /proc."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():  # psutil is not a dependency
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


async def run_level(url: str, clients: int, seconds: float, pid: int) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    peak_rss = 0
    stop_at = time.perf_counter() + seconds

    async def client(i: int, http: httpx.AsyncClient):
        n = i
        while time.perf_counter() < stop_at:
            question = QUESTIONS[n % len(QUESTIONS)]
            n += clients
            started = time.perf_counter()
            try:
                r = await http.post("/ask", json={"question": question, "top_k": 5})
                ok = r.status_code == 200
                if not ok:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
            except httpx.HTTPError as e:
                ok = False
                errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
            if ok:
                latencies.append((time.perf_counter() - started) * 1000)

    async def sample_memory():
        nonlocal peak_rss
        while time.perf_counter() < stop_at:
            peak_rss = max(peak_rss, memory_kb(pid)["VmRSS"])
            await asyncio.sleep(0.5)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(sample_memory(), *(client(i, http) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return {"clients": clients, "requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed,
            "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
            "mean": statistics.fmean(latencies) if latencies else float("nan"), "rss_mb": peak_rss / 1024}


def start_server(port: int, log_path: Path, overrides: list[str]) -> subprocess.Popen:
    env = {**os.environ, "RAG_RATE_LIMIT_PER_MINUTE": "0", **dict(o.split("=", 1) for o in overrides)}
    rag = [sys.executable, "-m", "rag.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(rag, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(log_path, "w"))


def wait_ready(url: str, proc: subprocess.Popen, timeout: float) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the service exited with {proc.returncode}; see its log")
        try:
            r = httpx.get(f"{url}/readyz", timeout=2)
            if r.status_code == 200:
                return r.json()
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the service was not ready within {timeout:.0f}s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each concurrency level")
    parser.add_argument("--clients", default="1,8,32", help="comma-separated concurrency levels")
    parser.add_argument("--ready-timeout", type=float, default=300.0)
    parser.add_argument("--env", action="append", default=[], metavar="RAG_X=V",
                        help="a settings override for the service, e.g. --env RAG_THREADS=1 (repeatable)")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = Path(tempfile.gettempdir()) / f"bench_api-{port}.log"
    proc = start_server(port, log_path, args.env)
    try:
        ready = wait_ready(url, proc, args.ready_timeout)
        idle = memory_kb(proc.pid)
        load = os.getloadavg()[0]
        print(f"service pid {proc.pid} on {url}{' with ' + ' '.join(args.env) if args.env else ''}; load average {load:.2f}")
        print(f"index {ready['index']['counts']} legs bm25+"
              f"{'+'.join(ready['index']['embedders'])}; {os.cpu_count()} CPUs; idle RSS {idle['VmRSS'] / 1024:.0f} MB")
        # Warm-up: first calls load lazy state (jieba dictionary, model sessions).
        with httpx.Client(base_url=url, timeout=60) as http:
            for q in QUESTIONS:
                http.post("/ask", json={"question": q})
        print(f"{'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'mean ms':>7} {'RSS MB':>7} {'load':>5}")
        results = []
        for clients in levels:
            r = asyncio.run(run_level(url, clients, args.seconds, proc.pid))
            results.append(r)
            n_errors = sum(r["errors"].values())
            print(f"{clients:>7} {r['requests']:>8} {n_errors:>6} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
                  f"{r['mean']:>7.1f} {r['rss_mb']:>7.0f} {os.getloadavg()[0]:>5.2f}" + (f"  {r['errors']}" if n_errors else ""), flush=True)
        mem = memory_kb(proc.pid)
        print(f"server memory after load: VmRSS {mem['VmRSS'] / 1024:.0f} MB, peak VmHWM {mem['VmHWM'] / 1024:.0f} MB")
        total_errors = sum(sum(r["errors"].values()) for r in results)
        best = max(r["rps"] for r in results)
        p95_8 = next((r["p95"] for r in results if r["clients"] == 8), None)
        print(f"errors {total_errors}; best throughput {best:.1f} req/s (target ≥ 40)"
              + (f"; p95 at 8 clients {p95_8:.1f} ms (target ≤ 250)" if p95_8 is not None else ""))
        return 0 if total_errors == 0 else 1
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
