"""Run an app on a real uvicorn server on a free loopback port, in a thread."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import uvicorn

from .conftest import free_port


@contextmanager
def serving(app):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        if not thread.is_alive():
            raise RuntimeError("uvicorn exited during start-up")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def app_for(settings, engine, **overrides):
    """An app over the shared engine with a settings copy (e.g. a low rate limit or an admin key)."""
    from api.app import create_app

    return create_app(settings=settings.replace(**overrides), engine=engine)


def parse_sse(text: str) -> list[dict]:
    """SSE text → [{"event", "id", "data"}], data decoded from JSON."""
    import json

    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
        if fields:
            events.append({"event": fields.get("event"), "id": fields.get("id"), "data": json.loads(fields["data"])})
    return events
