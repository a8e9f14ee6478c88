"""The read endpoints, ops endpoints, feedback, logs and timeouts, against a real uvicorn server."""
import json
import re
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .api_server import app_for, serving
from .conftest import copy_fixture

ADMIN = {"Authorization": "Bearer test-admin-key"}


@pytest.fixture(scope="module")
def server(mini_settings, mini_engine, tmp_path_factory):
    db = tmp_path_factory.mktemp("feedback") / "nested" / "feedback.sqlite"
    app = app_for(mini_settings, mini_engine, admin_key="test-admin-key", feedback_db=db, rate_limit_per_minute=0,
                  log_questions=False)
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


def test_ready_reports_the_manifest(client, mini_engine):
    r = client.get("/readyz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ready"
    assert body["index"]["embedders"] == ["hash"] and body["index"]["counts"]["passages"] == len(mini_engine.index.passages)


def test_readyz_is_503_until_the_index_is_loaded(mini_settings, tmp_path):
    from api.app import create_app

    package = copy_fixture(tmp_path / "mini")
    (package / "source.txt").rename(package / "missing.txt")
    settings = mini_settings.replace(corpus=(str(package),), index_dir=tmp_path / "index")
    with serving(create_app(settings=settings)) as url:
        deadline = time.time() + 20
        while time.time() < deadline:
            r = httpx.get(f"{url}/readyz")
            if r.json().get("status") == "failed":
                break
            time.sleep(0.05)
        assert r.status_code == 503 and "source.txt" in r.json()["error"]
        assert httpx.get(f"{url}/healthz").status_code == 200
        ask = httpx.post(f"{url}/ask", json={"question": "第五航权"})
        assert ask.status_code == 503 and "source.txt" in ask.json()["error"]


def test_ask_returns_the_whole_contract_with_citations_grouped_by_zone(client, mini_engine):
    from rag.contract import answer_dict, answer_from_dict

    question = "哪些自贸区支持第五航权?"
    body = client.post("/ask", json={"question": question, "top_k": 5}).json()
    answer = mini_engine.ask(question, top_k=5)
    assert body == answer_dict(answer)  # nothing lost on the way out
    assert answer_dict(answer_from_dict(body)) == body  # and the JSON reads back into the same type
    assert all(c["doc"] == "mini" for c in body["citations"])
    assert body["found"] and len(body["zones"]) == 2 and len(body["cited"]) == 2
    groups = body["groups"]
    assert [g["zone"] for g in groups if g["named"]] == body["zones"] == [g["zone"] for g in groups[:2]]
    assert sorted(i for g in groups for i in g["citations"]) == list(range(len(body["citations"])))
    for g in groups:
        assert {body["citations"][i]["zone"] for i in g["citations"]} == {g["zone"]}
        assert g["zone_name"] == body["citations"][g["citations"][0]]["zone_name"]


def test_search_returns_each_leg_and_the_fused_score(client):
    r = client.get("/search", params={"q": "第五航权", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["legs"] == ["bm25", "hash", "bm25_en", "hash_en"] and len(body["hits"]) == 3  # with the English text
    top = body["hits"][0]
    assert top["rank"] == 1 and set(top["legs"]) == {"bm25", "hash"} and top["fused"] > 0
    assert "第五航权" in top["highlight_text"]
    fused = [h["fused"] for h in body["hits"]]
    assert fused == sorted(fused, reverse=True)
    only = client.get("/search", params={"q": "第五航权", "zone": "beijing"}).json()
    assert {h["zone"] for h in only["hits"]} == {"beijing"}


def test_passage_with_path_offsets_and_neighbours(client, mini_engine):
    r = client.get("/passages/beijing/3/1/2")
    assert r.status_code == 200
    p = r.json()
    assert p["path"][0] == "中国（北京）自由贸易试验区" and p["path"][-1] == p["title"] == "提升贸易便利化水平"
    assert mini_engine.index.sources[p["doc"]][p["start"]:p["end"]] == p["text"]
    assert p["previous"]["id"] == "beijing/3/1/1" and p["next"]["id"] == "beijing/3/2/3"
    en = client.get("/passages/beijing/3/1/2", params={"lang": "en"}).json()
    assert en["path"][0] == "China (Beijing) Pilot Free Trade Zone"
    assert client.get("/passages/notice").json()["previous"] is None


def test_unknown_passage_is_a_clear_404(client):
    r = client.get("/passages/beijing/9/9/9")
    assert r.status_code == 404 and "beijing/9/9/9" in r.json()["error"]


def test_zones_are_derived_from_the_document(client):
    zones = {z["id"]: z for z in client.get("/zones").json()["zones"]}
    bj = zones["beijing"]
    assert bj["total_km2"] == 119.68 and bj["name_en"] == "China (Beijing) Pilot Free Trade Zone"
    assert bj["areas"][0] == {"name_zh": "科技创新片区", "name_en": "Science and Technology Innovation Area",
                              "area_km2": 31.85, "includes": [], "focus": None}
    assert bj["measures"] == 3 and zones["hunan"]["measures"] == 2


def test_feedback_round_trip_through_admin(client):
    r = client.post("/feedback", json={"question": "第五航权?", "citation_ids": ["beijing/3/1/2"], "rating": "down",
                                       "comment": "少了湖南"})
    assert r.status_code == 201, r.text
    listed = client.get("/admin/feedback", headers=ADMIN).json()
    assert listed["total"] >= 1
    assert listed["items"][0] | {"id": 0, "created_at": ""} == {
        "id": 0, "created_at": "", "question": "第五航权?", "citation_ids": ["beijing/3/1/2"], "rating": "down",
        "comment": "少了湖南"}


def test_feedback_rejects_unknown_citations(client):
    r = client.post("/feedback", json={"question": "q", "citation_ids": ["nowhere/1"], "rating": "up"})
    assert r.status_code == 422 and "citation_ids" in r.json()["error"]


def test_metrics_count_requests_and_stage_latency(client):
    client.post("/ask", json={"question": "QFLP试点"})
    client.get("/passages/nope")
    text = client.get("/metrics").text
    assert 'rag_http_requests_total{method="POST",route="/ask",status="200"}' in text
    assert 'rag_http_errors_total{route="/passages/{passage_id:path}",status="404"}' in text
    for stage in ("encode", "search", "fuse", "highlight", "answer"):
        assert f'rag_stage_duration_seconds_count{{stage="{stage}"}}' in text


def _server_timing(header: str) -> dict[str, float]:
    return {name: float(dur.removeprefix("dur=")) for name, dur in (m.split(";") for m in header.split(", "))}


@pytest.mark.parametrize("path", ["/ask", "/ask/stream"])
def test_answers_carry_their_stage_timings(client, path):
    timing = _server_timing(client.post(path, json={"question": "QFLP试点"}).headers["Server-Timing"])
    assert {"encode", "search", "fuse", "highlight", "answer", "query"} <= set(timing)
    stages = sum(timing[name] for name in ("encode", "search", "fuse", "highlight", "answer"))  # verify is in answer
    assert 0 < timing["encode"] < stages <= timing["query"] + 0.05  # rounded to 0.01 ms each


def test_docs_have_chinese_and_english_examples(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    examples = spec["paths"]["/ask"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    questions = [e["value"]["question"] for e in examples.values()]
    assert any("自贸区" in q for q in questions) and any(q.startswith("Which") for q in questions)


def test_widget_is_served_embeddable(client):
    r = client.get("/widget.js")
    if r.status_code == 404:
        pytest.skip("api/static/widget.js not written yet")
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cross-origin-resource-policy"] == "cross-origin"
    assert client.get("/").headers["content-type"].startswith("text/html")


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def access_lines():
    handler = _Records()
    logger = logging.getLogger("api.access")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def _wait_for(lines, rid):
    deadline = time.time() + 5
    while time.time() < deadline:
        found = [line for line in lines if line["request_id"] == rid]
        if found:
            return found
        time.sleep(0.01)
    raise AssertionError(f"no access log line for {rid}")


def test_one_json_log_line_per_request_without_the_question(client, access_lines):
    r = client.post("/ask", json={"question": "秘密问题 QFLP"}, headers={"X-Request-ID": "req-123"})
    assert r.headers["x-request-id"] == "req-123"
    (line,) = _wait_for(access_lines, "req-123")
    assert {"method": "POST", "path": "/ask", "status": 200, "client": "127.0.0.1"}.items() <= line.items()
    assert line["ms"] >= 0 and "question" not in line and "秘密" not in json.dumps(line, ensure_ascii=False)


def test_question_is_logged_only_when_allowed(mini_settings, mini_engine, access_lines):
    with serving(app_for(mini_settings, mini_engine, log_questions=True)) as url:
        r = httpx.post(f"{url}/ask", json={"question": "QFLP试点"})
    (line,) = _wait_for(access_lines, r.headers["x-request-id"])
    assert line["question"] == "QFLP试点"


class SlowEngine:
    """The real engine, made slow: a query that blows its time budget. Counts queries running at once."""

    def __init__(self, inner, delay):
        self.inner, self.delay = inner, delay
        self.running = self.most_running = 0
        self._lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def ask(self, *args, **kwargs):
        with self._lock:
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        try:
            time.sleep(self.delay)
            return self.inner.ask(*args, **kwargs)
        finally:
            with self._lock:
                self.running -= 1


def test_a_query_over_its_time_budget_is_a_503(mini_settings, mini_engine):
    app = app_for(mini_settings, SlowEngine(mini_engine, 1.5), request_timeout_s=0.2)
    with serving(app) as url:
        started = time.perf_counter()
        r = httpx.post(f"{url}/ask", json={"question": "第五航权"}, timeout=10)
        assert r.status_code == 503 and "time budget" in r.json()["error"]
        assert time.perf_counter() - started < 1.2
        assert httpx.get(f"{url}/healthz").status_code == 200


def test_a_query_past_its_budget_keeps_its_slot_until_its_thread_ends(mini_settings, mini_engine):
    """One query slot (threads = cores): a timed-out query still computes, so the next must not start beside it."""
    slow = SlowEngine(mini_engine, 0.8)
    cores = len(os.sched_getaffinity(0))
    app = app_for(mini_settings, slow, request_timeout_s=0.2, threads=cores, rate_limit_per_minute=0)
    with serving(app) as url, ThreadPoolExecutor(3) as pool:
        statuses = list(pool.map(lambda _: httpx.post(f"{url}/ask", json={"question": "第五航权"}, timeout=10).status_code,
                                 range(3)))
        deadline = time.time() + 10
        while slow.running and time.time() < deadline:
            time.sleep(0.05)
        slow.delay = 0
        after = httpx.post(f"{url}/ask", json={"question": "第五航权"}, timeout=10).status_code
    assert statuses == [503, 503, 503]
    assert slow.most_running == 1, f"{slow.most_running} queries ran at once on one slot"
    assert after == 200  # the slot came back when the abandoned threads ended


def test_a_fake_engine_can_stand_in_through_dependency_overrides(mini_settings, mini_engine):
    """Routes take the engine as a dependency: a test (or an embedding app) can swap it."""
    from api.app import create_app
    from api.deps import get_engine
    from rag.types import Answer

    class FakeEngine:
        corpus = mini_engine.corpus

        def ask(self, question, top_k=None, zone=None, lang=None):
            return Answer(question, "en", False, "fake says no", (), 0.0, (), (), ())

    app = create_app(settings=mini_settings, engine=mini_engine)
    app.dependency_overrides[get_engine] = FakeEngine
    with serving(app) as url:
        body = httpx.post(f"{url}/ask", json={"question": "anything"}).json()
    assert body["answer"] == "fake says no" and body["citations"] == [] and body["found"] is False


def test_english_answers_quote_the_english_with_the_chinese_original(client):
    body = client.post("/ask", json={"question": "Which zone allows QFLP pilots?", "top_k": 3}).json()
    assert body["found"] and body["lang"] == "en"
    top = body["citations"][0]
    a, b = top["highlight_en"]
    english = top["text_en"][a:b]
    assert "QFLP" in english and not re.search(r"[\u4e00-\u9fff]", english)
    za, zb = top["highlight"]
    assert f"“{english}” (原文: {top['text'][za:zb].strip()})" in body["answer"]
    passage = client.get(f"/passages/{top['id']}").json()
    assert passage["text_en"] == top["text_en"]
