"""One error shape for every 4xx/5xx: {"error": "<message naming the field>", "details": [...]}, except
under /v1, whose clients are OpenAI SDKs: there, {"error": {"message", "type", "param", "code"}}.

Library errors (rag.errors) become HTTP errors here and nowhere else, and ``error_response`` is the one
place an error picks its shape (routes raise ``ApiError`` and never build error bodies themselves).
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
    def __init__(self, status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None,
                 code: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers or {}
        self.code = code  # a machine-readable code for OpenAI clients ("model_not_found"); else one per status


def error_body(message: str, details: list[dict] | None = None) -> dict:
    return {"error": message, "details": details or []}


OPENAI_PREFIX = "/v1"
# OpenAI's (type, code) per status, as its SDKs and chat UIs read them. Every invalid request is a 400 there.
_OPENAI_KINDS = {
    400: ("invalid_request_error", None), 401: ("authentication_error", "invalid_api_key"),
    403: ("permission_error", None), 404: ("invalid_request_error", "not_found"),
    405: ("invalid_request_error", "method_not_allowed"), 409: ("invalid_request_error", "conflict"),
    413: ("invalid_request_error", "request_too_large"), 429: ("rate_limit_exceeded", "rate_limit_exceeded"),
    500: ("server_error", None), 503: ("server_error", "service_unavailable"),
}


def is_openai_path(path: str) -> bool:
    return path == OPENAI_PREFIX or path.startswith(OPENAI_PREFIX + "/")


def openai_error_body(status: int, message: str, param: str | None = None, code: str | None = None) -> dict:
    kind, default_code = _OPENAI_KINDS.get(status, ("server_error" if status >= 500 else "invalid_request_error", None))
    return {"error": {"message": message, "type": kind, "param": param, "code": code or default_code}}


def error_response(path: str, status: int, message: str, details: list[dict] | None = None,
                   headers: dict[str, str] | None = None, code: str | None = None) -> SafeJSONResponse:
    """An error as the client at ``path`` expects it: OpenAI's shape under /v1, ours everywhere else."""
    if is_openai_path(path):
        status = 400 if status == 422 else status
        param = next((d["field"] for d in details or () if d.get("field")), None)
        return SafeJSONResponse(openai_error_body(status, message, param, code), status_code=status, headers=headers)
    return SafeJSONResponse(error_body(message, details), status_code=status, headers=headers)


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
        return error_response(request.url.path, exc.status, exc.message, details, exc.headers, exc.code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        details = validation_details(list(exc.errors()))
        if any(d["type"] == "json_invalid" for d in details):
            details = [{**d, "field": "body"} for d in details]  # pydantic's loc is a byte position here
            return error_response(request.url.path, 400, "body: invalid JSON", details)
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
        return error_response(request.url.path, 422, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"not found: no route for {request.method} {request.url.path!r}"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path!r}"
        else:
            message = str(exc.detail)
        return error_response(request.url.path, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError):
        return error_response(request.url.path, 422, str(exc))

    @app.exception_handler(RagError)
    async def rag_error(request: Request, exc: RagError):
        return error_response(request.url.path, 503, f"service unavailable: {exc}")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # The traceback goes to the server log, never to the client.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        rid = request.scope.get("state", {}).get("request_id", "")
        return error_response(request.url.path, 500, f"internal error (request id {rid})")
