"""POST /admin/reindex swaps a new index in while queries keep being answered."""
from pathlib import Path
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from rag import index as index_mod
from rag.engine import Engine

from .api_server import app_for, serving
from .conftest import copy_fixture

ADMIN = {"Authorization": "Bearer k"}


@pytest.fixture(scope="module")
def own(mini_settings, tmp_path_factory):
    """An engine over a private copy of the corpus and index, so breaking them touches no other test."""
    root = tmp_path_factory.mktemp("reindex")
    settings = mini_settings.replace(corpus=(str(copy_fixture(root / "mini")),), index_dir=root / "index")
    return settings, Engine(settings).load(build_if_missing=True, progress=False)


@pytest.fixture(scope="module")
def server(own):
    settings, engine = own
    with serving(app_for(settings, engine, admin_key="k", rate_limit_per_minute=0)) as url:
        yield url


def test_reindex_while_queries_run_loses_no_query(server, own):
    _, engine = own
    before = engine.index.path
    stop = threading.Event()

    def query_loop(i):
        failures, done = [], 0
        with httpx.Client(base_url=server, timeout=30) as c:
            while not stop.is_set():
                r = c.post("/ask", json={"question": "第五航权" if i % 2 else "Which zone allows QFLP?", "top_k": 3})
                if r.status_code != 200 or not r.json()["citations"]:
                    failures.append((r.status_code, r.text[:200]))
                done += 1
        return failures, done

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(query_loop, i) for i in range(6)]
        time.sleep(0.2)
        results = [httpx.post(f"{server}/admin/reindex", headers=ADMIN, timeout=120) for _ in range(2)]
        time.sleep(0.2)
        stop.set()
        outcomes = [f.result() for f in futures]
    assert [r.status_code for r in results] == [200, 200], [r.text for r in results]
    assert [f for failures, _ in outcomes for f in failures] == []
    assert sum(done for _, done in outcomes) > 20
    assert engine.index.path != before and results[-1].json()["path"] == str(engine.index.path)
    assert httpx.get(f"{server}/readyz").json()["index"]["path"] == str(engine.index.path)


def test_failed_reindex_keeps_the_old_index_serving(server, own):
    settings, engine = own
    serving_path = engine.index.path
    source = Path(settings.index.corpus[0]) / "source.txt"
    original = source.read_bytes()
    source.write_text("", encoding="utf-8")
    try:
        r = httpx.post(f"{server}/admin/reindex", headers=ADMIN, timeout=60)
    finally:
        source.write_bytes(original)
    assert r.status_code == 409 and "still serving" in r.json()["error"] and "empty" in r.json()["error"]
    assert engine.index.path == serving_path
    assert httpx.post(f"{server}/ask", json={"question": "第五航权"}).status_code == 200
    assert 'rag_reindex_total{result="failed"}' in httpx.get(f"{server}/metrics").text


class SlowRebuild:
    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def rebuild(self):
        time.sleep(0.8)
        return self.inner.rebuild()


def test_only_one_reindex_at_a_time(own):
    settings, engine = own
    with serving(app_for(settings, SlowRebuild(engine), admin_key="k")) as url:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(httpx.post, f"{url}/admin/reindex", headers=ADMIN, timeout=60)
            time.sleep(0.3)
            second = httpx.post(f"{url}/admin/reindex", headers=ADMIN, timeout=60)
            assert second.status_code == 409 and "already running" in second.json()["error"]
            assert first.result().status_code == 200


def test_an_engine_follows_a_build_another_process_published(mini_settings, tmp_path):
    settings = mini_settings.replace(corpus=(str(copy_fixture(tmp_path / "mini")),), index_dir=tmp_path / "index")
    publisher = Engine(settings).load(build_if_missing=True, progress=False)
    follower = Engine(settings).load(build_if_missing=False, progress=False)
    assert not follower.follow_current()  # nothing new yet

    publisher.rebuild()
    assert follower.follow_current() and follower.index.path == publisher.index.path
    assert follower.ask("第五航权").found

    # A published build that does not load (here: no FAISS files) is refused once; the old one keeps serving.
    broken = settings.index.index_dir / "builds" / "zz-broken"
    broken.mkdir()
    (broken / "manifest.json").write_text((publisher.index.path / "manifest.json").read_text())
    index_mod._publish(settings.index.index_dir, broken)
    serving = follower.index.path
    assert not follower.follow_current() and not follower.follow_current()
    assert follower.index.path == serving and follower.ask("第五航权").found
