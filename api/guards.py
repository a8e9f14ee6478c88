"""Input checks that depend on settings, client keys, admin auth and the per-client token bucket."""
from __future__ import annotations

import hmac
import math
import threading
import time
import unicodedata
from collections import OrderedDict

from fastapi import Request

from rag.config import ServiceSettings

from .errors import ApiError

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


class TokenBucket:
    """Per-client buckets: ``burst`` tokens, refilled at ``per_minute``/60 per second."""

    def __init__(self, per_minute: int, burst: int, max_clients: int = 10_000):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """Spend one token; returns 0 when allowed, else the seconds until a token is available."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            # Forget the least recently seen clients: a forgotten client just starts with a full bucket.
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


class ClientGate:
    """Dependency for the public query endpoints: API key check, then rate limit."""

    def __init__(self, settings: ServiceSettings):
        self.settings = settings
        self.bucket = TokenBucket(settings.rate_limit_per_minute, settings.rate_limit_burst) \
            if settings.rate_limit_per_minute > 0 else None

    async def __call__(self, request: Request, bearer: bool = False) -> None:
        """``bearer``: also take the key from ``Authorization: Bearer <key>``, as OpenAI clients send it."""
        key, header = request.headers.get("x-api-key"), "X-API-Key"
        if key is None and bearer:
            key, header = self._bearer_key(request), "Authorization"
        if key is not None:
            if not _matches_any(key, self.settings.api_keys):
                raise ApiError(401, f"{header}: unknown API key", header,
                               headers={"WWW-Authenticate": "Bearer"} if header == "Authorization" else None)
            client = "key:" + key
        else:
            client = "ip:" + (request.client.host if request.client else "unknown")
        if self.bucket is None:
            return
        wait = self.bucket.take(client)
        if wait > 0:
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
