"""OpenAI-compatible Chat Completions under /v1, so any OpenAI client or chat UI (Open WebUI) can ask.

The "model" is the extractive answerer: the last user message is the question (earlier turns do not
change the answer), the reply is the cited answer as Markdown (rag.markdown), and the ask contract's
citations, ``found`` and ``zones`` ride beside it. The gate and the time budget are those of /ask;
errors under /v1 take OpenAI's shape (api/errors.py).
"""
from __future__ import annotations

import json
import time
import uuid

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse

from rag.contract import answer_dict
from rag.markdown import cited_markdown

from ..deps import EngineDep, RuntimeDep, SettingsDep, openai_client_gate, user_text
from ..errors import ApiError
from ..observe import server_timing
from ..schemas import CHAT_MODEL, ChatCompletion, ChatCompletionRequest, ChatMessage, ModelList, OpenAIErrorResponse
from .common import check_zone

ERRORS = {code: {"model": OpenAIErrorResponse} for code in (400, 401, 404, 413, 429, 503)}
_STARTED = int(time.time())  # the model's "created": when this process started serving it
router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(openai_client_gate)], responses=ERRORS)


@router.get("/models", response_model=ModelList)
def models() -> dict:
    return {"object": "list", "data": [{"id": CHAT_MODEL, "object": "model", "created": _STARTED, "owned_by": "ftz-rag"}]}


def _text(message: ChatMessage, i: int) -> str:
    """A message's text: a string, or content parts that are all text."""
    if isinstance(message.content, str):
        return message.content
    field = f"messages.{i}.content"
    if not message.content:
        raise ApiError(400, f"{field}: must be text", field)
    texts = []
    for j, part in enumerate(message.content):
        if part.get("type") != "text" or not isinstance(part.get("text"), str):
            kind = str(part.get("type"))[:32]
            raise ApiError(400, f"{field}.{j}: only text content is supported, not {kind!r}", f"{field}.{j}")
        texts.append(part["text"])
    return "\n".join(texts)


def question_of(messages: list[ChatMessage]) -> tuple[int, str]:
    """The index and text of the question: the last message, which must be the user's."""
    for i, m in enumerate(messages):
        _text(m, i)  # every message must be text, not only the question: the client would not know which was read
    last = len(messages) - 1
    if messages[last].role != "user":
        raise ApiError(400, f"messages.{last}.role: the last message must be the user's question, "
                            f"not {messages[last].role!r}", f"messages.{last}.role")
    return last, _text(messages[last], last)


def _sse(chunk: dict | str) -> str:
    return f"data: {chunk if isinstance(chunk, str) else json.dumps(chunk, ensure_ascii=False)}\n\n"


def _chunks(head: dict, content: str, extras: dict) -> list[str]:
    """role first, then the Markdown line by line, then finish_reason with the citations, then [DONE]."""
    def chunk(delta: dict, finish: str | None = None, **more) -> str:
        return _sse({**head, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **more})

    return [chunk({"role": "assistant"}), *(chunk({"content": line}) for line in content.splitlines(keepends=True)),
            chunk({}, "stop", **extras), _sse("[DONE]")]


@router.post("/chat/completions", response_model=ChatCompletion,
             responses={200: {"description": "a chat.completion, or with `stream: true` Server-Sent Events of "
                                             "chat.completion.chunk ending with `data: [DONE]`",
                              "content": {"text/event-stream": {}}}})
async def chat_completions(request: Request, response: Response, req: ChatCompletionRequest, runtime: RuntimeDep,
                           engine: EngineDep, settings: SettingsDep):
    if req.model != CHAT_MODEL:
        raise ApiError(404, f"model: unknown model {req.model[:64]!r}; this service has {CHAT_MODEL!r}", "model",
                       code="model_not_found")
    if req.n not in (None, 1):
        raise ApiError(400, "n: only one choice (n=1) is supported", "n")
    i, text = question_of(req.messages)
    question = user_text(request, settings, text, f"messages.{i}.content")
    zone = check_zone((req.metadata or {}).get("zone"), engine, "metadata.zone")
    started = time.perf_counter()
    answer = await runtime.within_budget(engine.ask, question, None, zone, None)
    runtime.metrics.observe_stages(answer.timings_ms)
    timing = server_timing(answer.timings_ms, (time.perf_counter() - started) * 1000)

    contract = answer_dict(answer)
    extras = {"citations": contract["citations"], "found": contract["found"], "status": contract["status"],
              "zones": contract["zones"]}
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": CHAT_MODEL}
    content = cited_markdown(answer)
    if req.stream:
        # Rendered whole before the first byte: an error is an HTTP error, never a broken stream.
        events = _chunks(head, content, extras)

        async def emit():
            for event in events:
                yield event.encode("utf-8")

        return StreamingResponse(emit(), media_type="text/event-stream; charset=utf-8",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Server-Timing": timing})
    response.headers["Server-Timing"] = timing
    return {**head, "object": "chat.completion", **extras,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}
