"""The FastAPI service. ``create_app`` is the factory uvicorn workers import (``api.app:create_app``)."""
from __future__ import annotations

import asyncio
import logging
import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, Response, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST

from rag.answer import heading_path, to_contract
from rag.config import Settings, load_settings
from rag.data import titles_en
from rag.engine import Engine
from rag.errors import RagError
from rag.types import Hit
from rag.zones import zone_facts

from . import errors
from .errors import ApiError, SafeJSONResponse, error_body
from .feedback import FeedbackStore
from .guards import AdminGate, ClientGate, clean_text
from .observe import AccessLog, BodyLimit, Metrics, configure_access_log
from .schemas import (ASK_EXAMPLES, FEEDBACK_EXAMPLES, AskRequest, AskResponse, ErrorResponse, FeedbackItem,
                      FeedbackList, FeedbackRequest, Lang, PassageResponse, ReindexResponse, SearchResponse, Zone,
                      ZonesResponse)
from .stream import Message, MessageStore, error_event, new_message_id, parse_last_event_id, render_events

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
ERRORS = {code: {"model": ErrorResponse} for code in (400, 401, 413, 422, 429, 503)}


def index_summary(engine: Engine) -> dict:
    m = engine.index.manifest
    return {"path": str(engine.index.path), "built_at": m.get("built_at"), "corpus_sha256": m["corpus"]["sha256"],
            "embedders": [e["name"] for e in m["embedders"]], "counts": m.get("counts", {})}


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or load_settings()
    configure_access_log()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        tasks = []
        if app.state.engine is None:
            # Load in the background: the server answers /healthz and a 503 /readyz meanwhile.
            tasks.append(asyncio.create_task(_load(app)))
        if settings.index_poll_s > 0:
            tasks.append(asyncio.create_task(_follow(app)))
        yield
        for task in tasks:
            if not task.done():
                task.cancel()

    async def _follow(app: FastAPI) -> None:
        """With several worker processes, a reindex runs in one of them: the others pick up the build
        it publishes here, within index_poll_s."""
        while True:
            await asyncio.sleep(settings.index_poll_s)
            eng = app.state.engine
            if eng is not None:
                try:
                    if await run_in_threadpool(eng.follow_current):
                        metrics.reindex.labels("followed").inc()
                except Exception:  # keep polling: the next build may load
                    log.exception("following the published index failed")

    async def _load(app: FastAPI) -> None:
        try:
            app.state.engine = await run_in_threadpool(lambda: Engine(settings).load(build_if_missing=True, progress=False))
        except Exception as e:  # reported by /readyz; the process stays up to say why
            log.exception("index load failed")
            app.state.load_error = str(e) if isinstance(e, RagError) else f"{type(e).__name__}: {e}"

    app = FastAPI(
        title="FTZ policy Q&A", version="0.1.0", lifespan=lifespan, default_response_class=SafeJSONResponse,
        description="Bilingual (中文 / English) cited answers over 国发〔2020〕10号: the Beijing, Hunan and Anhui "
                    "pilot FTZ plans and the Zhejiang extension plan.")
    app.state.settings = settings
    app.state.engine = engine
    app.state.load_error = None
    app.state.metrics = metrics = Metrics()
    app.state.messages = messages = MessageStore()
    app.state.feedback = feedback = FeedbackStore(settings.feedback_db)
    app.state.reindex_lock = reindex_lock = asyncio.Lock()
    app.state.zone_cache = {}
    errors.install(app)

    # Added innermost first: AccessLog wraps everything, so preflights and 413s are logged too.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", "X-API-Key", "Last-Event-ID", "X-Request-ID"],
                       expose_headers=["Retry-After", "X-Request-ID"], max_age=600)
    app.add_middleware(AccessLog, metrics=metrics, log_questions=settings.log_questions)

    client_gate = Depends(ClientGate(settings))
    admin_gate = Depends(AdminGate(settings))

    def live_engine() -> Engine:
        eng = app.state.engine
        if eng is None or eng.retriever is None:
            reason = app.state.load_error or "index is still loading"
            raise ApiError(503, f"service unavailable: {reason}", headers={"Retry-After": "5"})
        return eng

    # Queries are CPU-bound and each model runs settings.threads threads: more queries at once than
    # cores / threads only adds contention, so the rest wait here (within their time budget).
    query_slots = asyncio.Semaphore(max(1, len(os.sched_getaffinity(0)) // settings.threads))

    async def run_query(fn, *args):
        # A thread cannot be cancelled: a query past its budget keeps computing, so it keeps its slot
        # until its thread ends. Freeing the slot at the timeout would let queued queries pile onto
        # cores that are still busy, and an overloaded service would only get slower.
        await query_slots.acquire()
        work = asyncio.ensure_future(run_in_threadpool(fn, *args))
        work.add_done_callback(_free_slot)
        return await asyncio.shield(work)

    def _free_slot(work: asyncio.Future) -> None:
        query_slots.release()
        if not work.cancelled():
            work.exception()  # an abandoned query's error was already answered with a 503; don't warn again

    async def within_budget(fn, *args):
        """Run blocking library work in a thread; past the time budget the client gets a 503, not a hang."""
        try:
            return await asyncio.wait_for(run_query(fn, *args), timeout=settings.request_timeout_s)
        except asyncio.TimeoutError:
            raise ApiError(503, f"query exceeded its time budget of {settings.request_timeout_s:g}s",
                           headers={"Retry-After": "1"}) from None

    def question_of(request: Request, req: AskRequest) -> str:
        question = clean_text(req.question, "question", settings.max_question_chars)
        request.state.question = question  # for the access log, when settings.log_questions allows
        return question

    async def answer(question: str, req: AskRequest):
        result = await within_budget(live_engine().ask, question, req.top_k, req.zone, req.lang)
        metrics.observe_stages(result.timings_ms)
        return result

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], responses={503: {"model": ErrorResponse}})
    def readyz():
        eng = app.state.engine
        if eng is None or eng.retriever is None:
            status = "failed" if app.state.load_error else "loading"
            body = {**error_body(f"index not loaded: {app.state.load_error or 'still loading'}"), "status": status}
            return SafeJSONResponse(body, status_code=503)
        return {"status": "ready", "pid": os.getpid(), "index": index_summary(eng)}  # pid: which worker answered

    @app.get("/metrics", tags=["ops"], response_class=Response)
    def prometheus() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    @app.post("/ask", response_model=AskResponse, tags=["query"], dependencies=[client_gate], responses=ERRORS)
    async def ask(request: Request, req: Annotated[AskRequest, Body(openapi_examples=ASK_EXAMPLES)]) -> dict:
        return to_contract(await answer(question_of(request, req), req))

    @app.post("/ask/stream", tags=["query"], dependencies=[client_gate],
              responses={**ERRORS, 200: {"description": "Server-Sent Events: meta, delta…, done (or error)",
                                         "content": {"text/event-stream": {}}}})
    async def ask_stream(request: Request, req: Annotated[AskRequest, Body(openapi_examples=ASK_EXAMPLES)],
                         last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None):
        question = question_of(request, req)
        key = (question, req.top_k, req.zone, req.lang)
        events: tuple[str, ...] | None = None
        if last_event_id:
            parsed = parse_last_event_id(last_event_id)
            if parsed is None:
                raise ApiError(400, "Last-Event-ID: expected '<message_id>:<seq>'", "Last-Event-ID")
            message_id, seq = parsed
            stored = messages.get(message_id)
            if stored is not None:
                if stored.request_key != key:
                    raise ApiError(409, "Last-Event-ID: that message answered a different request body", "Last-Event-ID")
                events = stored.events[seq + 1:]
            # An evicted message is simply answered again under a new message id; meta lets the client reset.
        if events is None:
            result = await answer(question, req)
            message_id = new_message_id()
            try:
                events = render_events(message_id, result)
                messages.put(message_id, Message(key, events))
            except Exception:  # never a broken stream: the client gets an error event it can show
                log.exception("rendering events failed")
                events = (error_event(message_id, 0, 500, "could not render the answer"),)

        async def emit():
            for event in events:
                yield event.encode("utf-8")

        return StreamingResponse(emit(), media_type="text/event-stream; charset=utf-8",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/search", response_model=SearchResponse, tags=["query"], dependencies=[client_gate], responses=ERRORS)
    async def search(
        request: Request,
        q: Annotated[str, Query(description="query text, Chinese or English", openapi_examples={
            "zh": {"summary": "中文", "value": "第五航权"},
            "en": {"summary": "English", "value": "fifth freedom traffic rights"}})],
        k: Annotated[int, Query(ge=1, le=50, description="number of passages")] = 10,
        zone: Annotated[Zone | None, Query(description="only passages of this zone")] = None,
    ) -> dict:
        query = clean_text(q, "q", settings.max_question_chars)
        request.state.question = query
        eng = live_engine()
        r = await within_budget(eng.retrieve, query, k, zone)
        metrics.observe_stages(r.timings_ms)
        hits = []
        for rank, h in enumerate(r.hits[:k], 1):
            p = h.passage
            a, b = h.highlight
            hits.append({"rank": rank, "id": p.id, "zone": p.zone, "title": p.title, "fused": round(h.score, 6),
                         "legs": {leg: round(v, 6) for leg, v in h.legs.items()},
                         "strength": round(r.strength.get(p.id, 0.0), 4), "highlight": [a, b],
                         "highlight_text": p.text[a:b], "start": p.start, "end": p.end})
        return {"query": query, "lang": r.lang, "zone": zone, "k": k, "legs": eng.retriever.legs, "hits": hits}

    @app.get("/passages/{passage_id:path}", response_model=PassageResponse, tags=["document"],
             responses={404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
    def passage(passage_id: str, lang: Annotated[Lang, Query(description="language of the heading path")] = "zh") -> dict:
        idx = live_engine().index
        row = idx.by_id().get(passage_id)
        if row is None:
            raise ApiError(404, f"id: no passage {passage_id[:100]!r}; ids look like 'beijing/3/1/2' (see /search)", "id")
        p = idx.passages[row]

        def neighbour(i: int):
            if 0 <= i < len(idx.passages):
                return {"id": idx.passages[i].id, "title": idx.passages[i].title}
            return None

        return {"id": p.id, "zone": p.zone, "section": list(p.section), "measure": p.measure, "title": p.title,
                "title_en": titles_en().get(p.id), "path": heading_path(Hit(p, 0.0), lang), "text": p.text,
                "start": p.start, "end": p.end, "sentences": [list(s) for s in p.sentences],
                "previous": neighbour(row - 1), "next": neighbour(row + 1)}

    @app.get("/zones", response_model=ZonesResponse, tags=["document"], responses={503: {"model": ErrorResponse}})
    def zones() -> dict:
        idx = live_engine().index
        cache = app.state.zone_cache
        if cache.get("path") != idx.path:  # recomputed after a reindex
            facts = zone_facts(idx.passages)
            cache.update(path=idx.path, body={"zones": [
                {"id": z.id, "name_zh": z.name_zh, "name_en": z.name_en, "total_km2": z.total_km2,
                 "areas": [{"name_zh": a.name_zh, "name_en": a.name_en, "area_km2": a.area_km2, "focus": a.focus,
                            "includes": [{"name_zh": s.name_zh, "area_km2": s.area_km2} for s in a.includes]}
                           for a in z.areas],
                 "measures": z.measures, "measures_by_section": dict(z.measures_by_section)} for z in facts]})
        return cache["body"]

    @app.post("/feedback", response_model=FeedbackItem, status_code=201, tags=["feedback"],
              dependencies=[client_gate], responses=ERRORS)
    async def post_feedback(req: Annotated[FeedbackRequest, Body(openapi_examples=FEEDBACK_EXAMPLES)]) -> dict:
        question = clean_text(req.question, "question", settings.max_question_chars)
        comment = clean_text(req.comment, "comment", 2000, allow_empty=True)
        known = live_engine().index.by_id()
        for i, cid in enumerate(req.citation_ids):
            if cid not in known:
                raise ApiError(422, f"citation_ids.{i}: unknown passage id {cid[:100]!r}", f"citation_ids.{i}")
        return await run_in_threadpool(feedback.add, question, list(req.citation_ids), req.rating, comment)

    @app.get("/admin/feedback", response_model=FeedbackList, tags=["admin"], dependencies=[admin_gate],
             responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}})
    async def list_feedback(limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                            offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> dict:
        return await run_in_threadpool(feedback.list, limit, offset)

    @app.post("/admin/reindex", response_model=ReindexResponse, tags=["admin"], dependencies=[admin_gate],
              responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 409: {"model": ErrorResponse},
                         503: {"model": ErrorResponse}})
    async def reindex() -> dict:
        eng = live_engine()
        if reindex_lock.locked():
            raise ApiError(409, "a reindex is already running; try again when it finishes")
        async with reindex_lock:
            try:
                # No time budget: a build takes as long as it takes, and queries keep using the old index.
                result = await run_in_threadpool(eng.rebuild)
            except RagError as e:
                metrics.reindex.labels("failed").inc()
                raise ApiError(409, f"reindex failed, the previous index is still serving: {e}") from None
            except Exception as e:
                metrics.reindex.labels("failed").inc()
                log.exception("reindex failed")
                raise ApiError(503, f"reindex failed, the previous index is still serving: {type(e).__name__}: {e}") from None
        metrics.reindex.labels("ok").inc()
        return {"status": "ok", "path": result["path"], "seconds": result["seconds"], "index": index_summary(eng)}

    def static_file(name: str, media_type: str, headers: dict | None = None) -> FileResponse:
        path = STATIC_DIR / name
        if not path.is_file():
            raise ApiError(404, f"{name} is not available in this build")
        return FileResponse(path, media_type=media_type, headers=headers)

    @app.get("/widget.js", include_in_schema=False)
    def widget_js() -> FileResponse:
        # Loaded by <script src> from any site that embeds the widget; its API calls are still CORS-checked.
        return static_file("widget.js", "text/javascript; charset=utf-8",
                           {"Access-Control-Allow-Origin": "*", "Cross-Origin-Resource-Policy": "cross-origin",
                            "Cache-Control": "public, max-age=300"})

    @app.get("/", include_in_schema=False)
    def index_html() -> FileResponse:
        return static_file("index.html", "text/html; charset=utf-8")

    return app
