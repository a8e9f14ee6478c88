"""One error shape for every 4xx/5xx: {"error": "<message naming the field>", "details": [...]}.

Library errors (rag.errors) become HTTP errors here and nowhere else.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.errors import QueryError, RagError

log = logging.getLogger("api.errors")


class SafeJSONResponse(JSONResponse):
    """UTF-8 JSON that cannot fail on a lone surrogate echoed from user input."""

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(content, separators=(",", ":")).encode("ascii")


class ApiError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers or {}


def error_body(message: str, details: list[dict] | None = None) -> dict:
    return {"error": message, "details": details or []}


def _field(loc: tuple | list) -> str:
    # ("body", "top_k") → "top_k"; ("query", "k") → "k"; ("body",) → "body"
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_details(errors: list[dict]) -> list[dict]:
    # Only field, message and type: the rejected input may be huge or unprintable.
    return [{"field": _field(e.get("loc", ())), "message": e.get("msg", "invalid"), "type": e.get("type", "")}
            for e in errors]


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        details = [{"field": exc.field, "message": exc.message.removeprefix(f"{exc.field}: ")}] if exc.field else []
        return SafeJSONResponse(error_body(exc.message, details), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        details = validation_details(list(exc.errors()))
        if any(d["type"] == "json_invalid" for d in details):
            details = [{**d, "field": "body"} for d in details]  # pydantic's loc is a byte position here
            return SafeJSONResponse(error_body("body: invalid JSON", details), status_code=400)
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
        return SafeJSONResponse(error_body(message, details), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"not found: no route for {request.method} {request.url.path!r}"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path!r}"
        else:
            message = str(exc.detail)
        return SafeJSONResponse(error_body(message), status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError):
        return SafeJSONResponse(error_body(str(exc)), status_code=422)

    @app.exception_handler(RagError)
    async def rag_error(request: Request, exc: RagError):
        return SafeJSONResponse(error_body(f"service unavailable: {exc}"), status_code=503)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # The traceback goes to the server log, never to the client.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        rid = request.scope.get("state", {}).get("request_id", "")
        return SafeJSONResponse(error_body(f"internal error (request id {rid})"), status_code=500)
