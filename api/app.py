"""The FastAPI service. ``create_app`` is the factory uvicorn workers import (``api.app:create_app``);
it only wires: the runtime (api.runtime), middleware, error handlers and the routers (api.routes)."""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from rag.config import Settings, load_settings
from rag.engine import Engine

from . import errors
from .errors import SafeJSONResponse
from .observe import AccessLog, BodyLimit, configure_access_log
from .routes import ROUTERS
from .runtime import Runtime
from .schemas import document_openapi


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or load_settings()
    runtime = Runtime(settings, engine)
    configure_access_log()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        tasks = runtime.background_tasks()
        yield
        for task in tasks:
            task.cancel()

    titles = "; ".join(d.title_en for d in runtime.corpus.docs.values()) if runtime.corpus else "policy documents"
    app = FastAPI(title="FTZ policy Q&A", version="0.1.0", lifespan=lifespan, default_response_class=SafeJSONResponse,
                  description=f"Bilingual (中文 / English) cited answers over: {titles}.")
    app.state.runtime = runtime
    errors.install(app)
    # Added innermost first: AccessLog wraps everything, so preflights and 413s are logged too.
    service = settings.service
    app.add_middleware(BodyLimit, max_bytes=service.max_body_bytes)
    app.add_middleware(CORSMiddleware, allow_origins=list(service.cors_origins), allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", "X-API-Key", "Authorization", "Last-Event-ID", "X-Request-ID"],
                       expose_headers=["Retry-After", "X-Request-ID"], max_age=600)
    app.add_middleware(AccessLog, metrics=runtime.metrics, log_questions=service.log_questions)
    for router in ROUTERS:
        app.include_router(router)

    plain_openapi = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document_openapi(plain_openapi(), runtime.corpus)
        return app.openapi_schema

    app.openapi = openapi
    return app
