"""Liveness, readiness, Prometheus metrics, and the static widget with its demo page."""
from __future__ import annotations

import os
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from ..deps import RuntimeDep
from ..errors import ApiError, SafeJSONResponse, error_body
from ..schemas import ErrorResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
router = APIRouter()


@router.get("/healthz", tags=["ops"])
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", tags=["ops"], responses={503: {"model": ErrorResponse}})
def readyz(runtime: RuntimeDep):
    engine = runtime.engine
    if engine is None or engine.retriever is None:
        status = "failed" if runtime.load_error else "loading"
        body = {**error_body(f"index not loaded: {runtime.load_error or 'still loading'}"), "status": status}
        return SafeJSONResponse(body, status_code=503)
    return {"status": "ready", "pid": os.getpid(), "index": runtime.index_summary(engine)}  # pid: which worker answered


@router.get("/metrics", tags=["ops"], response_class=Response)
def prometheus(runtime: RuntimeDep) -> Response:
    return Response(runtime.metrics.render(), media_type=CONTENT_TYPE_LATEST)


def _static(name: str, media_type: str, headers: dict | None = None) -> FileResponse:
    path = STATIC_DIR / name
    if not path.is_file():
        raise ApiError(404, f"{name} is not available in this build")
    return FileResponse(path, media_type=media_type, headers=headers)


@router.get("/widget.js", include_in_schema=False)
def widget_js() -> FileResponse:
    # Loaded by <script src> from any site that embeds the widget; its API calls are still CORS-checked.
    return _static("widget.js", "text/javascript; charset=utf-8",
                   {"Access-Control-Allow-Origin": "*", "Cross-Origin-Resource-Policy": "cross-origin",
                    "Cache-Control": "public, max-age=300"})


@router.get("/", include_in_schema=False)
def index_html() -> FileResponse:
    return _static("index.html", "text/html; charset=utf-8")
