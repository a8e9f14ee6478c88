#!/usr/bin/env python
"""Load-test POST /ask on loopback: p50/p95 latency, throughput, errors, server CPU and RSS at 1, 8, 32 clients.

Starts the real service (`rag serve`, default settings, the real index and models) on a free loopback port.
The rate limit is switched off for the run (RAG_RATE_LIMIT_PER_MINUTE=0): every client shares 127.0.0.1,
so the per-IP limit would otherwise measure 429s. Build the index first if needed: `.venv/bin/rag build --quiet`.

    .venv/bin/python scripts/bench_api.py [--seconds 30] [--clients 1,8,32] [--mix distinct|repeated]
                                          [--repeats 3] [--max-others 0.2] [--baseline] [--workers N] [--env RAG_X=V]

Mixes: ``distinct`` (the default) never sends the same text twice: the questions below, each with a request
number appended, so the query cache never hits. ``repeated`` sends the documents' suggested questions (the
examples the widget offers, from GET /zones) over and over, as portals do. With ``--repeats N`` every level runs
N times, interleaved, and the last table gives the medians (these machines are shared and noisy).

Columns: ``srv p50`` is the p50 of the server's own access log (request in → response out, without the client's
share); ``qry p50`` and ``enc p50`` those of the same requests' ``Server-Timing`` header: the query (slot, thread
hop, every stage) and its encode stage, timed in the server at the same moment, so ``p50/enc`` (the client's p50
÷ enc p50) is free of this machine's drift; ``cpu ms/req`` the server's CPU time (all its processes) per answered
request; ``others`` the cores other processes took meanwhile. On a shared machine a run where they took one of
two cores is void: ``--max-others 0.2`` leaves such runs out of the medians. ``--baseline`` also times the bare
encode stage of the same mix in this process after each 1-client run, for the ratio of /ask's p50 to it (timed
after the HTTP run, on a machine that may have drifted since; ``enc p50`` is not). For a before → after of latency,
scripts/bench_ab.py pairs the requests.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
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


def distinct_question(n: int) -> str:
    """The n-th text of the distinct mix: a question with a number no other request carries."""
    return f"{QUESTIONS[n % len(QUESTIONS)]} ({n})"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (the workers of `rag serve --workers N`), from /proc."""
    pids, i = [pid], 0
    while i < len(pids):  # psutil is not a dependency
        for task in Path(f"/proc/{pids[i]}/task").glob("*/children"):
            pids += [int(p) for p in task.read_text().split()]
        i += 1
    return pids


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak), summed over the process tree, from /proc."""
    out = {"VmRSS": 0, "VmHWM": 0}
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in out:
                    out[key] += int(value.split()[0])
        except OSError:  # a process that just ended
            pass
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process tree so far."""
    total = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def busy_cpu_seconds() -> float:
    """CPU time the whole machine spent busy (every process, every core), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


class Mix:
    """The question each request sends."""

    def __init__(self, kind: str, suggested: list[str]):
        self.kind, self.suggested = kind, suggested
        self.sent = itertools.count()  # one count over every level and run: a distinct text is never resent

    def next(self, n: int) -> str:
        if self.kind == "repeated":
            return self.suggested[n % len(self.suggested)]
        return distinct_question(next(self.sent))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def stage_ms(header: str | None) -> dict[str, float]:
    """The stages of a ``Server-Timing`` header, in milliseconds."""
    out = {}
    for metric in (header or "").split(","):
        name, _, dur = metric.strip().partition(";dur=")
        try:
            out[name] = float(dur)
        except ValueError:
            pass
    return out


async def run_level(url: str, clients: int, seconds: float, pid: int, mix: Mix) -> dict:
    latencies: list[float] = []
    stages: dict[str, list[float]] = {"encode": [], "query": []}  # the server's own, for the same requests
    errors: dict[str, int] = {}
    peak_rss = 0
    stop_at = time.perf_counter() + seconds

    async def client(i: int, http: httpx.AsyncClient):
        n = i
        while time.perf_counter() < stop_at:
            question = mix.next(n)
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
                timing = stage_ms(r.headers.get("server-timing"))
                for stage, values in stages.items():
                    values.append(timing.get(stage, float("nan")))

    async def sample_memory():
        nonlocal peak_rss
        while time.perf_counter() < stop_at:
            peak_rss = max(peak_rss, memory_kb(pid)["VmRSS"])
            await asyncio.sleep(0.5)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        started, cpu, busy, own = time.perf_counter(), cpu_seconds(pid), busy_cpu_seconds(), own_cpu_seconds()
        await asyncio.gather(sample_memory(), *(client(i, http) for i in range(clients)))
        elapsed, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu
        # What other processes (other users of a shared machine) took meanwhile: a run where they
        # took a core measures them, not the service.
        others = busy_cpu_seconds() - busy - cpu - (own_cpu_seconds() - own)
    return {"clients": clients, "requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed,
            "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
            "mean": statistics.fmean(latencies) if latencies else float("nan"), "rss_mb": peak_rss / 1024,
            "encode_p50": percentile(stages["encode"], 50), "query_p50": percentile(stages["query"], 50),
            "cpu_ms": 1000 * cpu / max(1, len(latencies)), "others": max(0.0, others / elapsed)}


def start_server(port: int, log_path: Path | None, overrides: list[str], workers: int | None,
                 root: Path = ROOT) -> subprocess.Popen:
    """`rag serve` of the checkout at ``root``, run by this interpreter, with the rate limit off."""
    env = {**os.environ, "RAG_RATE_LIMIT_PER_MINUTE": "0", **dict(o.split("=", 1) for o in overrides)}
    rag = [sys.executable, "-m", "rag.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers is not None:
        rag += ["--workers", str(workers)]
    log = open(log_path, "w") if log_path is not None else subprocess.DEVNULL
    return subprocess.Popen(rag, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=log)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_ready(url: str, proc: subprocess.Popen, timeout: float, workers: int) -> dict:
    """Wait until ``workers`` worker processes have each answered /readyz (each loads the index itself)."""
    deadline, ready = time.time() + timeout, {}
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the service exited with {proc.returncode}; see its log")
        try:
            r = httpx.get(f"{url}/readyz", timeout=2)  # a new connection each time: any worker may answer
            if r.status_code == 200:
                ready[r.json()["pid"]] = r.json()
                if len(ready) >= workers:
                    return r.json()
        except httpx.TransportError:
            pass
        time.sleep(0.2 if ready else 0.5)
    raise SystemExit(f"the service was not ready within {timeout:.0f}s ({len(ready)} of {workers} workers)")


def access_log_ms(log_path: Path) -> list[float]:
    """The server's own milliseconds per /ask request so far (its access log: request in → response out)."""
    out = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{") and '"/ask"' in line:
            try:
                out.append(json.loads(line)["ms"])
            except (ValueError, KeyError):  # a line cut short as the server writes it
                pass
    return out


class Library:
    """The service's engine in this process, without the query cache: what /ask costs before HTTP."""

    QUESTIONS_PER_RUN = 100

    def __init__(self, overrides: list[str]):
        sys.path.insert(0, str(ROOT))
        from rag.config import load_settings
        from rag.engine import Engine

        flat = {k.removeprefix("RAG_").lower(): v for k, v in (o.split("=", 1) for o in overrides)}
        self.engine = Engine(load_settings(**{**flat, "query_cache_size": 0})).load(build_if_missing=False,
                                                                                  progress=False)
        for q in QUESTIONS:
            self.engine.ask(q)  # warm up

    def time(self, mix: Mix) -> tuple[float, float]:
        """p50 of the encode stage and of the whole ask, over the mix's next questions."""
        encode, total = [], []
        for n in range(self.QUESTIONS_PER_RUN):
            started = time.perf_counter()
            answer = self.engine.ask(mix.next(n))
            total.append((time.perf_counter() - started) * 1000)
            encode.append(answer.timings_ms["encode"])
        return statistics.median(encode), statistics.median(total)


HEADER = (f"{'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'mean ms':>7} {'srv p50':>7} "
          f"{'qry p50':>7} {'enc p50':>7} {'p50/enc':>7} {'cpu ms/req':>10} {'RSS MB':>7} {'others':>6}")


def row(r: dict) -> str:
    n_errors = sum(r["errors"].values())
    return (f"{r['clients']:>7} {r['requests']:>8} {n_errors:>6} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
            f"{r['mean']:>7.1f} {r['server_p50']:>7.1f} {r['query_p50']:>7.1f} {r['encode_p50']:>7.1f} "
            f"{r['p50'] / r['encode_p50']:>7.2f} {r['cpu_ms']:>10.1f} {r['rss_mb']:>7.0f} {r['others']:>6.2f}"
            + (f"  {r['errors']}" if n_errors else ""))


def median_row(runs: list[dict]) -> dict:
    med = {k: statistics.median(r[k] for r in runs)
           for k in ("requests", "rps", "p50", "p95", "mean", "server_p50", "query_p50", "encode_p50", "cpu_ms", "rss_mb",
                     "others")}
    errors: dict[str, int] = {}
    for r in runs:
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
    return {**med, "clients": runs[0]["clients"], "requests": round(med["requests"]), "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each concurrency level")
    parser.add_argument("--clients", default="1,8,32", help="comma-separated concurrency levels")
    parser.add_argument("--mix", choices=("distinct", "repeated"), default="distinct",
                        help="distinct: no text sent twice; repeated: the suggested questions again and again")
    parser.add_argument("--repeats", type=int, default=1, help="runs of every level, interleaved; medians at the end")
    parser.add_argument("--max-others", type=float, default=None, metavar="CORES",
                        help="leave out of the medians the runs during which other processes took more cores than this")
    parser.add_argument("--workers", type=int, default=None, help="rag serve --workers N (default: rag serve's)")
    parser.add_argument("--baseline", action="store_true",
                        help="after each 1-client run, time the same kind of questions through the library in this "
                             "process (no query cache): the bare encode stage that /ask's p50 is compared with")
    parser.add_argument("--ready-timeout", type=float, default=300.0)
    parser.add_argument("--env", action="append", default=[], metavar="RAG_X=V",
                        help="a settings override for the service, e.g. --env RAG_THREADS=1 (repeatable)")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = Path(tempfile.gettempdir()) / f"bench_api-{port}.log"
    proc = start_server(port, log_path, args.env, args.workers)
    try:
        ready = wait_ready(url, proc, args.ready_timeout, args.workers or 1)
        idle = memory_kb(proc.pid)
        load = os.getloadavg()[0]
        with httpx.Client(base_url=url, timeout=60) as http:
            documents = http.get("/zones").json()["documents"]
            suggested = [q for d in documents for q in d["examples_zh"] + d["examples_en"]]
            mix = Mix(args.mix, suggested)
            workers = f"--workers {args.workers}" if args.workers else "1 worker"
            print(f"service pid {proc.pid} on {url} ({workers}){' with ' + ' '.join(args.env) if args.env else ''}; "
                  f"mix {args.mix}" + (f" ({len(suggested)} suggested questions)" if args.mix == "repeated" else "")
                  + f"; load average {load:.2f}")
            print(f"index {ready['index']['counts']} legs bm25+"
                  f"{'+'.join(ready['index']['embedders'])}; {os.cpu_count()} CPUs; idle RSS {idle['VmRSS'] / 1024:.0f} MB")
            # Warm-up: first calls load lazy state (jieba dictionary, model sessions). With several workers
            # the kernel spreads connections unevenly, hence a round per worker.
            for _ in range(args.workers or 1):
                for q in QUESTIONS + suggested:
                    http.post("/ask", json={"question": q}, headers={"Connection": "close"})
        library = Library(args.env) if args.baseline else None
        print(HEADER)
        runs: dict[int, list[dict]] = {c: [] for c in levels}
        ratios: list[float] = []
        for _ in range(args.repeats):
            for clients in levels:
                logged = access_log_ms(log_path)
                r = asyncio.run(run_level(url, clients, args.seconds, proc.pid, mix))
                r["server_p50"] = percentile(access_log_ms(log_path)[len(logged):], 50)
                void = args.max_others is not None and r["others"] > args.max_others
                if not void:
                    runs[clients].append(r)
                print(row(r) + ("  (void: others)" if void else ""), flush=True)
                if library is not None and clients == 1 and not void:
                    encode_ms, ask_ms = library.time(mix)
                    ratios.append(r["p50"] / encode_ms)
                    print(f"{'':>7} library, same mix: encode p50 {encode_ms:.1f} ms, ask p50 {ask_ms:.1f} ms; "
                          f"/ask p50 ÷ encode p50 {ratios[-1]:.2f}", flush=True)
        mem = memory_kb(proc.pid)
        print(f"server memory after load: VmRSS {mem['VmRSS'] / 1024:.0f} MB, peak VmHWM {mem['VmHWM'] / 1024:.0f} MB")
        if not all(runs.values()):
            print("no run of some level was left: nothing to report")
            return 1
        medians = [median_row(runs[c]) for c in levels]
        if args.repeats > 1:
            kept = ", ".join(f"{c}: {len(runs[c])}" for c in levels)
            print(f"medians of the runs kept (of {args.repeats} per level: {kept}; errors: the sum)")
            print(HEADER)
            for m in medians:
                print(row(m))
        total_errors = sum(sum(m["errors"].values()) for m in medians)
        by_clients = {m["clients"]: m for m in medians}
        best = max(m["rps"] for m in medians)
        summary = f"errors {total_errors}; best throughput {best:.1f} req/s"
        if 1 in by_clients and 8 in by_clients:
            summary += f"; req/s at 8 clients / at 1: {by_clients[8]['rps'] / by_clients[1]['rps']:.2f} (target ≥ 1.6)"
        if 1 in by_clients:
            one = by_clients[1]
            summary += (f"; at 1 client /ask p50 ÷ the same requests' encode p50 (Server-Timing): "
                        f"{one['p50'] / one['encode_p50']:.2f}, the server's own p50 ÷ it: "
                        f"{one['server_p50'] / one['encode_p50']:.2f} (target ≤ 1.15)")
        if ratios:
            summary += f"; /ask p50 at 1 client ÷ this process's bare encode p50: {statistics.median(ratios):.2f}"
        print(summary)
        return 0 if total_errors == 0 else 1
    finally:
        stop_server(proc)


if __name__ == "__main__":
    sys.exit(main())
