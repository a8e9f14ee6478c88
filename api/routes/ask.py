"""POST /ask and its streamed twin POST /ask/stream."""
from __future__ import annotations

import logging
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import StreamingResponse

from rag.types import Answer

from ..deps import EngineDep, RuntimeDep, SettingsDep, client_gate, user_text
from ..errors import ApiError
from ..observe import server_timing
from ..schemas import AskRequest, AskResponse
from ..stream import Message, error_event, new_message_id, parse_last_event_id, render_events
from .common import ERRORS, check_zone

log = logging.getLogger(__name__)
router = APIRouter(tags=["query"], dependencies=[Depends(client_gate)])


async def _answer(runtime: RuntimeDep, engine: EngineDep, question: str, req: AskRequest) -> tuple[Answer, str]:
    """The answer and its Server-Timing header."""
    started = time.perf_counter()
    answer = await runtime.within_budget(engine.ask, question, req.top_k, check_zone(req.zone, engine), req.lang)
    runtime.metrics.observe_stages(answer.timings_ms)
    return answer, server_timing(answer.timings_ms, (time.perf_counter() - started) * 1000)


@router.post("/ask", response_model=AskResponse, responses=ERRORS)
async def ask(request: Request, response: Response, req: AskRequest, runtime: RuntimeDep, engine: EngineDep,
              settings: SettingsDep) -> AskResponse:
    question = user_text(request, settings, req.question, "question")
    answer, response.headers["Server-Timing"] = await _answer(runtime, engine, question, req)
    return AskResponse.from_answer(answer)


@router.post("/ask/stream", responses={**ERRORS, 200: {"description": "Server-Sent Events: meta, delta…, done (or error)",
                                                       "content": {"text/event-stream": {}}}})
async def ask_stream(request: Request, req: AskRequest, runtime: RuntimeDep, engine: EngineDep, settings: SettingsDep,
                     last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None):
    question = user_text(request, settings, req.question, "question")
    key = (question, req.top_k, req.zone, req.lang)
    events: tuple[str, ...] | None = None
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    if last_event_id:
        parsed = parse_last_event_id(last_event_id)
        if parsed is None:
            raise ApiError(400, "Last-Event-ID: expected '<message_id>:<seq>'", "Last-Event-ID")
        message_id, seq = parsed
        stored = runtime.messages.get(message_id)
        if stored is not None:
            if stored.request_key != key:
                raise ApiError(409, "Last-Event-ID: that message answered a different request body", "Last-Event-ID")
            events = stored.events[seq + 1:]
        # An evicted message is simply answered again under a new message id; meta lets the client reset.
    if events is None:
        answer, headers["Server-Timing"] = await _answer(runtime, engine, question, req)
        message_id = new_message_id()
        try:
            events = render_events(message_id, answer)
            runtime.messages.put(message_id, Message(key, events))
        except Exception:  # never a broken stream: the client gets an error event it can show
            log.exception("rendering events failed")
            events = (error_event(message_id, 0, 500, "could not render the answer"),)

    async def emit():
        for event in events:
            yield event.encode("utf-8")

    return StreamingResponse(emit(), media_type="text/event-stream; charset=utf-8", headers=headers)
