"""`rag serve --workers N`: uvicorn imports the factory api.app:create_app in each worker process."""
import contextlib
import json
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from .conftest import copy_fixture, free_port


@contextlib.contextmanager
def rag_serve(env: dict, workers: int, log_path):
    # The server's log goes to a file: into an unread pipe, the access log would fill it after a few
    # hundred requests and the server would block writing to it.
    port = free_port()
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--port", str(port), "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        # Every worker loads the index itself: wait until each has said it is ready, or a request may reach one
        # that is still loading. Each probe is a new connection, which the kernel may hand to any worker.
        deadline, ready, pids = time.time() + 90, None, set()
        while time.time() < deadline and proc.poll() is None and len(pids) < workers:
            try:
                ready = httpx.get(f"{url}/readyz", timeout=2)
                if ready.status_code == 200:
                    pids.add(ready.json()["pid"])
            except httpx.TransportError:
                pass
            time.sleep(0.1 if pids else 0.2)
        assert len(pids) == workers, log_path.read_text() if proc.poll() is not None else (ready, pids)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# Linux delays an ACK by at least 40 ms: a keep-alive response held back by Nagle's algorithm waits that long.
DELAYED_ACK_S = 0.040


def test_rag_serve_with_workers(cli_env, mini_engine, tmp_path):
    env = {**cli_env, "RAG_FEEDBACK_DB": str(tmp_path / "feedback.sqlite")}
    with rag_serve(env, workers=2, log_path=tmp_path / "serve.log") as url:
        r = httpx.post(f"{url}/ask", json={"question": "第五航权"}, timeout=10)
        assert r.status_code == 200 and r.json()["found"]
        with httpx.Client(base_url=url) as c:  # one keep-alive connection
            seconds = []
            for _ in range(11):
                started = time.perf_counter()
                c.get("/healthz")
                seconds.append(time.perf_counter() - started)
        # The workers' connections have TCP_NODELAY (rag/cli.py:_serve_workers): no request waits for an ACK.
        assert statistics.median(seconds[1:]) < 0.75 * DELAYED_ACK_S, seconds


def test_a_reindex_in_one_worker_reaches_every_worker(cli_env, tmp_path):
    """The reindex request lands in one worker process; the others must serve the new build too."""
    env = {**cli_env, "RAG_CORPUS": str(copy_fixture(tmp_path / "mini")), "RAG_INDEX_DIR": str(tmp_path / "index"),
           "RAG_FEEDBACK_DB": str(tmp_path / "feedback.sqlite"), "RAG_ADMIN_KEY": "k",
           "RAG_RATE_LIMIT_PER_MINUTE": "0", "RAG_INDEX_POLL_S": "0.3"}
    with rag_serve(env, workers=2, log_path=tmp_path / "serve.log") as url:
        r = httpx.post(f"{url}/admin/reindex", headers={"Authorization": "Bearer k"}, timeout=120)
        assert r.status_code == 200, r.text
        new_path = r.json()["path"]
        deadline, seen = time.time() + 30, {}
        while time.time() < deadline:
            # A new connection each time, so the kernel spreads them over the workers.
            ready = httpx.get(f"{url}/readyz", timeout=5).json()
            seen[ready["pid"]] = ready["index"]["path"]
            if len(seen) >= 2 and all(path == new_path for path in seen.values()):
                break
            time.sleep(0.05)
        assert len(seen) >= 2, f"only one worker answered: {seen}"
        assert all(path == new_path for path in seen.values()), f"a worker still serves the old build: {seen}"


def wait_for_workers(url: str, workers: int, timeout: float = 60) -> None:
    """Until ``workers`` processes have answered /readyz (each loads its index itself)."""
    deadline, ready = time.time() + timeout, set()
    while len(ready) < workers:
        assert time.time() < deadline, f"only {len(ready)} of {workers} workers got ready"
        r = httpx.get(f"{url}/readyz", timeout=5)  # a new connection each time, so any worker may answer
        if r.status_code == 200:
            ready.add(r.json()["pid"])
        time.sleep(0.05)


def access_log_pids(log_path, path: str) -> set[int]:
    """The worker processes whose access log lines show a request to ``path``."""
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    return {line["pid"] for line in lines if line.get("path") == path}


def test_the_rate_limit_holds_across_workers(cli_env, tmp_path):
    """Both workers spend the same SQLite bucket: a burst of 5 is 5 answers in all, not 5 per worker."""
    burst = 5
    # One token a minute: nothing refills while the test runs.
    env = {**cli_env, "RAG_FEEDBACK_DB": str(tmp_path / "feedback.sqlite"),
           "RAG_RATE_LIMIT_DB": str(tmp_path / "ratelimit.sqlite"),
           "RAG_RATE_LIMIT_PER_MINUTE": "1", "RAG_RATE_LIMIT_BURST": str(burst)}
    log_path = tmp_path / "serve.log"
    with rag_serve(env, workers=2, log_path=log_path) as url:
        wait_for_workers(url, 2)  # a worker still loading would answer 503, not spend a token

        def ask(_):
            # A new connection each time, so the kernel spreads them over the workers.
            return httpx.post(f"{url}/ask", json={"question": "第五航权"}, timeout=10).status_code

        statuses: list[int] = []
        with ThreadPoolExecutor(4) as pool:
            while len(statuses) < 20 or (len(access_log_pids(log_path, "/ask")) < 2 and len(statuses) < 200):
                statuses += pool.map(ask, range(4))
        pids = access_log_pids(log_path, "/ask")
    assert len(pids) == 2, f"only one worker answered /ask: {pids}"
    assert statuses.count(200) == burst, statuses
    assert statuses.count(429) == len(statuses) - burst

