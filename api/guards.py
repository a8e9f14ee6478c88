"""Input checks that depend on settings, client keys, admin auth and the per-client rate limit."""
from __future__ import annotations

import hashlib
import hmac
import math
import unicodedata

from fastapi import Request

from rag.config import ServiceSettings

from .errors import ApiError
from .limits import Limiter, MemoryLimiter, SQLiteLimiter
from .observe import Metrics

_ALLOWED_CONTROLS = "\t\n\r"


def clean_text(value: str, field: str, max_chars: int, allow_empty: bool = False) -> str:
    """Strip and check user text; the 422 names ``field``."""
    for c in value:
        if unicodedata.category(c) in ("Cc", "Cs") and c not in _ALLOWED_CONTROLS:
            raise ApiError(422, f"{field}: contains a control or invalid character (U+{ord(c):04X})", field)
    text = value.strip()
    if not text and not allow_empty:
        raise ApiError(422, f"{field}: must not be empty or only whitespace", field)
    if len(text) > max_chars:
        raise ApiError(422, f"{field}: {len(text)} characters, the maximum is {max_chars}", field)
    return text


def _matches_any(given: str, keys) -> bool:
    # Every key is compared (no early exit) so timing does not reveal which one nearly matched.
    ok = False
    for key in keys:
        ok |= hmac.compare_digest(given.encode("utf-8", "surrogatepass"), key.encode("utf-8"))
    return ok


def make_limiter(settings: ServiceSettings) -> Limiter | None:
    """The configured rate limit's backend, or None when it is off."""
    if settings.rate_limit_per_minute <= 0:
        return None
    if settings.rate_limit_backend == "memory":
        return MemoryLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    return SQLiteLimiter(settings.rate_limit_db, settings.rate_limit_per_minute, settings.rate_limit_burst)


class ClientGate:
    """Dependency for the public query endpoints: API key check, then rate limit."""

    def __init__(self, settings: ServiceSettings, metrics: Metrics | None = None):
        self.settings = settings
        self.limiter = make_limiter(settings)
        self.metrics = metrics

    async def __call__(self, request: Request, bearer: bool = False) -> None:
        """``bearer``: also take the key from ``Authorization: Bearer <key>``, as OpenAI clients send it."""
        key, header = request.headers.get("x-api-key"), "X-API-Key"
        if key is None and bearer:
            key, header = self._bearer_key(request), "Authorization"
        if key is not None:
            if not _matches_any(key, self.settings.api_keys):
                raise ApiError(401, f"{header}: unknown API key", header,
                               headers={"WWW-Authenticate": "Bearer"} if header == "Authorization" else None)
            # Buckets are named by a digest: the SQLite backend writes their names to disk.
            kind, client = "key", "key:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        else:
            kind, client = "ip", "ip:" + (request.client.host if request.client else "unknown")
        if self.limiter is None:
            return
        # On the event loop, not in a thread: a take is one short transaction (microseconds), less
        # than the hop to a worker thread would cost.
        wait = self.limiter.take(client)
        if wait > 0:
            if self.metrics is not None:
                self.metrics.rate_limited.labels(kind).inc()
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"rate limit exceeded: {self.settings.rate_limit_per_minute} requests per minute "
                                f"(burst {self.settings.rate_limit_burst}); retry in {retry}s",
                           headers={"Retry-After": str(retry)})

    def _bearer_key(self, request: Request) -> str | None:
        # OpenAI SDKs refuse to run without some key and always send it: a service with no keys
        # configured is open, so it ignores the token rather than refusing every such client.
        if not self.settings.api_keys:
            return None
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" else None


class AdminGate:
    """Dependency for /admin: disabled (403) without a configured key, 401 without the right bearer token."""

    def __init__(self, settings: ServiceSettings):
        self.key = settings.admin_key

    async def __call__(self, request: Request) -> None:
        if not self.key:
            raise ApiError(403, "admin is disabled: set RAG_ADMIN_KEY to enable the /admin endpoints")
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not _matches_any(token.strip(), [self.key]):
            raise ApiError(401, "Authorization: a valid 'Bearer <admin key>' header is required", "Authorization",
                           headers={"WWW-Authenticate": "Bearer"})
