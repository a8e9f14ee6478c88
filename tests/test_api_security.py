"""Admin auth, CORS, API keys and the per-client rate limit, against real servers."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.limits import SQLITE_PRUNE_EVERY_S, MemoryLimiter, SQLiteLimiter
from rag.config import load_settings
from rag.errors import ConfigError

from .api_server import app_for, serving

ASK = {"question": "第五航权"}


@pytest.fixture(scope="module")
def with_admin(mini_settings, mini_engine, tmp_path_factory):
    db = tmp_path_factory.mktemp("fb") / "feedback.sqlite"
    with serving(app_for(mini_settings, mini_engine, admin_key="s3cret", feedback_db=db, rate_limit_per_minute=0)) as url:
        yield url


@pytest.fixture(scope="module")
def without_admin(mini_settings, mini_engine):
    with serving(app_for(mini_settings, mini_engine, admin_key=None, rate_limit_per_minute=0)) as url:
        yield url


@pytest.mark.parametrize("path,method", [("/admin/feedback", "GET"), ("/admin/reindex", "POST")])
def test_admin_is_disabled_without_a_configured_key(without_admin, path, method):
    for headers in ({}, {"Authorization": "Bearer anything"}):
        r = httpx.request(method, f"{without_admin}{path}", headers=headers)
        assert r.status_code == 403 and "admin is disabled" in r.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"},
                                     {"Authorization": "Basic s3cret"}, {"Authorization": "Bearer s3cret2"}])
def test_admin_needs_the_bearer_key(with_admin, headers):
    r = httpx.get(f"{with_admin}/admin/feedback", headers=headers)
    assert r.status_code == 401 and "Authorization" in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"


def test_admin_with_the_key(with_admin):
    r = httpx.get(f"{with_admin}/admin/feedback", headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200 and r.json() == {"total": 0, "items": []}


def test_cors_preflight_from_an_allowed_origin(with_admin):
    r = httpx.options(f"{with_admin}/ask", headers={"Origin": "http://localhost:8000",
                                                    "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "content-type,last-event-id"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "http://localhost:8000"
    assert "POST" in r.headers["access-control-allow-methods"]


def test_cors_preflight_from_a_refused_origin(with_admin):
    r = httpx.options(f"{with_admin}/ask", headers={"Origin": "https://evil.example",
                                                    "Access-Control-Request-Method": "POST"})
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers
    simple = httpx.post(f"{with_admin}/ask", json=ASK, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_cors_allowlist_comes_from_settings(mini_settings, mini_engine):
    app = app_for(mini_settings, mini_engine, cors_origins=("https://policy.example",))
    with serving(app) as url:
        ok = httpx.options(f"{url}/ask", headers={"Origin": "https://policy.example", "Access-Control-Request-Method": "POST"})
        local = httpx.options(f"{url}/ask", headers={"Origin": "http://localhost", "Access-Control-Request-Method": "POST"})
    assert ok.status_code == 200 and local.status_code == 400


def test_rate_limit_answers_429_with_retry_after(mini_settings, mini_engine):
    app = app_for(mini_settings, mini_engine, rate_limit_per_minute=6, rate_limit_burst=2, api_keys=("key-a",))
    with serving(app) as url, httpx.Client(base_url=url) as c:
        assert [c.post("/ask", json=ASK).status_code for _ in range(2)] == [200, 200]
        r = c.post("/ask", json=ASK)
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 10
        assert "rate limit" in r.json()["error"]
        assert c.get("/search", params={"q": "航权"}).status_code == 429  # the same bucket for every query endpoint
        assert c.get("/healthz").status_code == 200 and c.get("/zones").status_code == 200
        # An API key has its own bucket, separate from the caller's IP.
        assert c.post("/ask", json=ASK, headers={"X-API-Key": "key-a"}).status_code == 200
        assert c.post("/ask", json=ASK, headers={"X-API-Key": "key-b"}).status_code == 401


@pytest.fixture(params=["memory", "sqlite"])
def limiter_of(request, tmp_path):
    """Both backends, as ``limiter_of(per_minute, burst, **kw)``."""
    def make(per_minute, burst, **kw):
        if request.param == "memory":
            return MemoryLimiter(per_minute, burst, **kw)
        return SQLiteLimiter(tmp_path / "limits" / "ratelimit.sqlite", per_minute, burst)
    return make


def test_a_bucket_refills_at_the_configured_rate(limiter_of):
    limiter = limiter_of(per_minute=60, burst=2)
    assert limiter.take("a", now=100) == 0 and limiter.take("a", now=100) == 0
    assert limiter.take("a", now=100) == pytest.approx(1.0)
    assert limiter.take("a", now=101.0) == 0  # one token per second
    assert limiter.take("a", now=101.5) == pytest.approx(0.5)
    assert limiter.take("b", now=101.5) == 0  # clients are independent
    assert limiter.take("a", now=90) == pytest.approx(0.5)  # a clock stepping back refills nothing


def test_the_memory_limiter_forgets_the_oldest_clients():
    limiter = MemoryLimiter(per_minute=60, burst=1, max_clients=2)
    for client in ("a", "b", "c"):
        limiter.take(client, now=0)
    assert limiter.take("a", now=0) == 0  # forgotten, so full again


def test_sqlite_limiters_on_one_file_share_the_buckets(tmp_path):
    """Two limiters on one file stand for two worker processes."""
    path = tmp_path / "ratelimit.sqlite"
    a, b = SQLiteLimiter(path, per_minute=60, burst=3), SQLiteLimiter(path, per_minute=60, burst=3)
    assert [a.take("x", now=0), b.take("x", now=0), a.take("x", now=0)] == [0, 0, 0]
    assert b.take("x", now=0) > 0 and a.take("x", now=0) > 0
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_limiter_serializes_concurrent_takes(tmp_path):
    """Threads with their own connections race for one bucket: exactly ``burst`` get through."""
    path = tmp_path / "ratelimit.sqlite"
    limiters = [SQLiteLimiter(path, per_minute=1, burst=10) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        waits = list(pool.map(lambda i: limiters[i % 4].take("x"), range(40)))
    assert waits.count(0) == 10


def test_sqlite_limiter_prunes_full_buckets(tmp_path):
    path = tmp_path / "ratelimit.sqlite"
    limiter = SQLiteLimiter(path, per_minute=60, burst=2)  # a bucket refills completely in 2 s
    limiter.take("old", now=1000)
    limiter.take("new", now=1000 + SQLITE_PRUNE_EVERY_S + 1)
    rows = sqlite3.connect(path).execute("SELECT client FROM buckets").fetchall()
    assert rows == [("new",)]


def test_a_broken_sqlite_store_lets_requests_through(tmp_path, caplog):
    (tmp_path / "blocker").write_text("a file where a directory should be")
    limiter = SQLiteLimiter(tmp_path / "blocker" / "ratelimit.sqlite", per_minute=1, burst=1)
    assert [limiter.take("x") for _ in range(3)] == [0, 0, 0]
    assert sum("rate limit store" in r.message for r in caplog.records) == 1  # logged once, not per request


def test_a_rate_limit_db_that_is_a_directory_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="rate_limit_db .* is a directory"):
        load_settings(rate_limit_db=str(tmp_path))


def test_429s_are_counted_per_key_kind(mini_settings, mini_engine):
    app = app_for(mini_settings, mini_engine, rate_limit_per_minute=1, rate_limit_burst=1, api_keys=("key-a",))
    with serving(app) as url, httpx.Client(base_url=url) as c:
        for _ in range(3):
            c.post("/ask", json=ASK)
        for _ in range(2):
            c.post("/ask", json=ASK, headers={"X-API-Key": "key-a"})
        metrics = c.get("/metrics").text
    assert 'rag_rate_limited_total{key_kind="ip"} 2.0' in metrics
    assert 'rag_rate_limited_total{key_kind="key"} 1.0' in metrics
