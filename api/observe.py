"""Per-app Prometheus metrics, the JSON access log, request ids and the body size cap (pure ASGI)."""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from starlette.datastructures import MutableHeaders

from .errors import error_response

access_log = logging.getLogger("api.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_BODY_METHODS = ("POST", "PUT", "PATCH")
STAGES = ("encode", "search", "fuse", "highlight", "verify", "answer")
KEY_KINDS = ("ip", "key")


def server_timing(timings_ms: dict[str, float], waited_ms: float) -> str:
    """A ``Server-Timing`` header (W3C): each pipeline stage (``verify`` is part of ``answer``), then ``query``,
    the wall time from the route handing the question over to the answer coming back (a query slot, the thread
    hop and every stage). Browsers' developer tools show it; scripts/bench_api.py reads it to compare each
    request with its own encode stage."""
    parts = [f"{stage};dur={timings_ms[stage]:.2f}" for stage in STAGES if stage in timings_ms]
    return ", ".join([*parts, f"query;dur={waited_ms:.2f}"])


def configure_access_log() -> None:
    # Lines go straight to stderr as JSON: uvicorn's log config leaves the root logger without handlers.
    if not access_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False


class Metrics:
    """A registry per app, so several apps (tests, workers) never share or clash on collectors."""

    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter("rag_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry)
        self.errors = Counter("rag_http_errors", "HTTP responses with status >= 400", ["route", "status"],
                              registry=self.registry)
        self.latency = Histogram("rag_http_request_duration_seconds", "request latency", ["route"], registry=self.registry,
                                 buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
        self.stages = Histogram("rag_stage_duration_seconds", "query latency per pipeline stage", ["stage"],
                                registry=self.registry,
                                buckets=(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1))
        self.reindex = Counter("rag_reindex", "admin reindex runs", ["result"], registry=self.registry)
        # 429s by what the limit counted: the client's address ("ip") or its X-API-Key ("key").
        self.rate_limited = Counter("rag_rate_limited", "requests refused by the rate limit", ["key_kind"],
                                    registry=self.registry)
        for kind in KEY_KINDS:
            self.rate_limited.labels(kind)  # a zero from the start, so a rate() over it has a baseline

    def watch_query_caches(self, stats) -> None:
        """Expose ``stats()`` — {model: (hits, misses)}, read at each scrape — as two counters."""
        self.registry.register(_QueryCacheCollector(stats))

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)
        if status >= 400:
            self.errors.labels(route, str(status)).inc()

    def observe_stages(self, timings_ms: dict[str, float]) -> None:
        for stage, ms in timings_ms.items():
            if stage in STAGES:
                self.stages.labels(stage).observe(ms / 1000)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _QueryCacheCollector:
    """The query caches count for themselves (the library knows no Prometheus); this reads them."""

    def __init__(self, stats):
        self.stats = stats

    def collect(self):
        hits = CounterMetricFamily("rag_query_cache_hits", "query vectors found in the cache", labels=["model"])
        misses = CounterMetricFamily("rag_query_cache_misses", "query vectors the model computed", labels=["model"])
        for model, (hit, miss) in sorted(self.stats().items()):
            hits.add_metric([model], hit)
            misses.add_metric([model], miss)
        yield hits
        yield misses


class AccessLog:
    """Outermost middleware: request id, one JSON log line and the request metrics per request."""

    def __init__(self, app, metrics: Metrics, log_questions: bool):
        self.app = app
        self.metrics = metrics
        self.log_questions = log_questions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        status = 500  # unless the app sends a response start

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = rid
                headers.setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe_request(scope["method"], route, status, seconds)
            line = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "request_id": rid,
                    "method": scope["method"], "path": scope["path"], "status": status,
                    "ms": round(seconds * 1000, 2), "client": (scope.get("client") or ("-",))[0],
                    "pid": os.getpid()}  # which worker process answered, with --workers N
            if self.log_questions and state.get("question") is not None:
                line["question"] = state["question"]
            access_log.info(json.dumps(line))


class BodyLimit:
    """Reads at most ``max_bytes`` of a request body before the app sees it; more is a 413."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await self._too_large(scope, receive, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:  # chunked upload without a Content-Length
                return await self._too_large(scope, receive, send)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # then disconnect notifications, for streaming responses

        await self.app(scope, replay, send)

    async def _too_large(self, scope, receive, send):
        response = error_response(scope["path"], 413, f"body: request body exceeds {self.max_bytes} bytes",
                                  [{"field": "body", "message": f"larger than {self.max_bytes} bytes"}],
                                  headers={"Connection": "close"})
        await response(scope, receive, send)
