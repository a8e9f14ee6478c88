"""Smoke path against a real uvicorn server on a loopback port."""
import threading
import time

import httpx
import pytest
import uvicorn

from api.app import create_app

from .conftest import free_port


@pytest.fixture(scope="module")
def server(mini_settings, mini_engine):
    port = free_port()
    config = uvicorn.Config(create_app(settings=mini_settings, engine=mini_engine), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_healthz(server):
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok"}


def test_ask_returns_the_contract(server):
    r = httpx.post(f"{server}/ask", json={"question": "哪些自贸区支持第五航权?", "top_k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["found"] and set(body["zones"]) == {"beijing", "hunan"} and len(body["citations"]) >= 3


def test_bad_input_is_a_4xx_naming_the_field(server):
    r = httpx.post(f"{server}/ask", json={"question": "x", "top_k": 99})
    assert r.status_code == 422 and "top_k" in r.text
