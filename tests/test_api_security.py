"""Admin auth, CORS, API keys and the per-client rate limit, against real servers."""
import httpx
import pytest

from api.guards import TokenBucket

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


def test_token_bucket_refills_at_the_configured_rate():
    bucket = TokenBucket(per_minute=60, burst=2)
    assert bucket.take("a", now=0) == 0 and bucket.take("a", now=0) == 0
    assert bucket.take("a", now=0) == pytest.approx(1.0)
    assert bucket.take("a", now=1.0) == 0  # one token per second
    assert bucket.take("b", now=1.0) == 0  # clients are independent


def test_token_bucket_forgets_the_oldest_clients():
    bucket = TokenBucket(per_minute=60, burst=1, max_clients=2)
    for client in ("a", "b", "c"):
        bucket.take(client, now=0)
    assert bucket.take("a", now=0) == 0  # forgotten, so full again
