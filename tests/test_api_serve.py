"""`rag serve --workers N`: uvicorn imports the factory api.app:create_app in each worker process."""
import subprocess
import sys
import time

import httpx

from .conftest import free_port


def test_rag_serve_with_workers(cli_env, mini_engine, tmp_path):
    port = free_port()
    env = {**cli_env, "RAG_FEEDBACK_DB": str(tmp_path / "feedback.sqlite")}
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--port", str(port), "--workers", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline, ready = time.time() + 60, None
        while time.time() < deadline and proc.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        assert ready is not None and ready.status_code == 200, proc.stderr.read() if proc.poll() is not None else ready
        r = httpx.post(f"http://127.0.0.1:{port}/ask", json={"question": "第五航权"}, timeout=10)
        assert r.status_code == 200 and r.json()["found"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
