"""A small stand-in for the service's widget-facing routes, over the REAL library engine.

It serves ``api/static/`` (``/`` → index.html, ``/widget.js``) and implements the SSE contract of
``POST /ask/stream`` (meta → delta… → done, ``id: <message_id>:<seq>``, resume with ``Last-Event-ID``),
``POST /feedback`` and an optional rate limit (429 + Retry-After). The browser tests only ever see a base
URL, so they can be pointed at ``api.app`` instead once it has these routes.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse

from rag.contract import answer_dict
from rag.errors import QueryError

STATIC = Path(__file__).resolve().parents[1] / "api" / "static"


def sse_events(message_id: str, contract: dict, chunk: int = 24) -> list[tuple[str, dict]]:
    """The contract as a list of (event name, payload): meta, the answer in small deltas, done."""
    c = contract
    events: list[tuple[str, dict]] = [("meta", {k: c[k] for k in ("question", "lang", "found", "status", "zones",
                                                                  "confidence", "citations", "groups")})]
    first_of_zone: dict[str, str] = {}
    for cit in c["citations"]:
        first_of_zone.setdefault(cit["zone"], cit["id"])
    used: list[str] = []
    for i, line in enumerate(c["answer"].split("\n")):
        # line 0 is the heading ("根据文件：" / "According to the notice:"); line i quotes zones[i-1]
        zone = c["zones"][i - 1] if c["found"] and 0 < i <= len(c["zones"]) else None
        ids = [first_of_zone[zone]] if zone in first_of_zone else []
        used += [x for x in ids if x not in used]
        pieces = [line[j:j + chunk] for j in range(0, len(line), chunk)] or [""]
        for k, piece in enumerate(pieces):
            events.append(("delta", {"text": ("\n" if i and k == 0 else "") + piece,
                                     "citation_ids": ids if k == len(pieces) - 1 else []}))
    events.append(("done", {"answer": c["answer"], "found": c["found"], "zones": c["zones"], "citation_ids": used}))
    return [(name, {"message_id": message_id, "seq": seq, **payload}) for seq, (name, payload) in enumerate(events)]


def _frame(name: str, payload: dict) -> str:
    return (f"event: {name}\nid: {payload['message_id']}:{payload['seq']}\n"
            f"data: {json.dumps(payload, ensure_ascii=False)}\n\n")


def create_widget_app(engine, *, rate_limit: int | None = None, retry_after: int = 7,
                      drop_first_stream: bool = False, fail_status: int | None = None, delay: float = 0.02) -> FastAPI:
    """``rate_limit``: questions answered before every further one gets 429. ``drop_first_stream``: the first
    stream ends after meta and one delta (the client must resume with Last-Event-ID). ``fail_status``: every
    question gets that HTTP error (e.g. 503)."""
    app = FastAPI(title="widget test server")
    app.state.feedback = []
    app.state.requests = []  # (kind, Last-Event-ID or None)
    streams: dict[str, list[tuple[str, dict]]] = {}
    counters = {"asked": 0, "drops": 1 if drop_first_stream else 0}

    @app.get("/")
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/widget.js")
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="application/javascript")

    def respond(events: list[tuple[str, dict]], stop_after: int | None = None) -> StreamingResponse:
        async def gen():
            for n, (name, payload) in enumerate(events):
                if stop_after is not None and n >= stop_after:
                    return
                yield _frame(name, payload)
                await asyncio.sleep(delay)
        return StreamingResponse(gen(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.post("/ask/stream")
    async def ask_stream(request: Request):
        last = request.headers.get("last-event-id")
        app.state.requests.append(("stream", last))
        if last:
            mid, _, seq = last.rpartition(":")
            if mid not in streams or not seq.lstrip("-").isdigit():
                return JSONResponse({"error": "unknown_stream", "message": "cannot resume this stream"}, 404)
            return respond([e for e in streams[mid] if e[1]["seq"] > int(seq)])
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"detail": "body must be JSON"}, 422)
        q, top_k = body.get("question"), body.get("top_k", 5)
        zone, lang = body.get("zone"), body.get("lang")
        if not isinstance(q, str) or not 1 <= len(q.strip()) <= 500:
            return JSONResponse({"error": "invalid_question", "message": "question must be 1-500 characters"}, 422)
        if not isinstance(top_k, int) or not 1 <= top_k <= 20 or zone not in {*engine.corpus.zone_ids, None} \
                or lang not in ("zh", "en", None):
            return JSONResponse({"detail": "invalid top_k, zone or lang"}, 422)
        if fail_status:
            return JSONResponse({"error": "unavailable", "message": "engine unavailable"}, fail_status)
        if rate_limit is not None and counters["asked"] >= rate_limit:
            return JSONResponse({"error": "rate_limited", "message": "too many requests"}, 429,
                                headers={"Retry-After": str(retry_after)})
        counters["asked"] += 1
        try:
            contract = answer_dict(await run_in_threadpool(engine.ask, q, top_k, zone, lang))
        except QueryError as e:
            return JSONResponse({"detail": str(e)}, 422)
        mid = uuid.uuid4().hex[:12]
        streams[mid] = events = sse_events(mid, contract)
        if counters["drops"]:
            counters["drops"] -= 1
            return respond(events, stop_after=2)
        return respond(events)

    @app.get("/zones")
    async def zones():
        from dataclasses import asdict

        return {"zones": [asdict(z) for z in engine.corpus.zones],
                "documents": [asdict(d) for d in engine.corpus.docs.values()]}

    @app.post("/feedback")
    async def feedback(request: Request):
        body = await request.json()
        if body.get("rating") not in ("up", "down") or not isinstance(body.get("question"), str):
            return JSONResponse({"detail": "rating must be up or down"}, 422)
        app.state.feedback.append(body)
        return {"ok": True}

    return app
