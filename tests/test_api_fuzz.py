"""Schemathesis fuzzes every operation of the OpenAPI schema against a real server: no 5xx, ever."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.app import create_app
from rag.config import load_settings

from .api_server import app_for, serving

# The schema does not depend on settings or the index, so it is read from an app that never loads one.
# (schemathesis.pytest.from_fixture relies on a pytest-internal attribute that pytest 9 no longer has.)
schema = schemathesis.openapi.from_dict(create_app(settings=load_settings()).openapi())


@pytest.fixture(scope="module")
def fuzz_server(mini_settings, mini_engine, tmp_path_factory):
    # No rate limit, or the fuzz would mostly test 429s; an admin key, so /admin answers 401 rather than 403.
    app = app_for(mini_settings, mini_engine, rate_limit_per_minute=0, admin_key="fuzz-admin",
                  feedback_db=tmp_path_factory.mktemp("fuzz") / "feedback.sqlite")
    with serving(app) as url:
        yield url


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_server_errors(case, fuzz_server):
    response = case.call(base_url=fuzz_server, timeout=10)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
    assert "Traceback" not in response.text
