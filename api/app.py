"""The FastAPI service. ``create_app`` is the factory uvicorn workers import."""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException
from fastapi.concurrency import run_in_threadpool

from rag.answer import to_contract
from rag.config import Settings, load_settings
from rag.engine import Engine
from rag.errors import QueryError

from .schemas import AskRequest, AskResponse


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.engine is None:
            app.state.engine = await run_in_threadpool(lambda: Engine(settings).load(build_if_missing=True))
        yield

    app = FastAPI(title="FTZ policy Q&A", version="0.1.0", lifespan=lifespan)
    app.state.engine = engine
    app.state.settings = settings

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.post("/ask", response_model=AskResponse)
    async def ask(req: AskRequest) -> dict:
        try:
            answer = await run_in_threadpool(app.state.engine.ask, req.question, req.top_k, req.zone, req.lang)
        except QueryError as e:
            raise HTTPException(status_code=422, detail=str(e)) from None
        return to_contract(answer)

    return app
