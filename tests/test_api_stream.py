"""POST /ask/stream: meta → delta… → done with "<message_id>:<seq>" ids, and resuming with Last-Event-ID."""
from dataclasses import replace

import httpx
import pytest

from api.stream import answer_pieces

from .api_server import app_for, parse_sse, serving

BODY = {"question": "哪些自贸区支持第五航权?", "top_k": 3}


@pytest.fixture(scope="module")
def server(mini_settings, mini_engine):
    with serving(app_for(mini_settings, mini_engine, rate_limit_per_minute=0)) as url:
        yield url


def stream(url, body, headers=None):
    r = httpx.post(f"{url}/ask/stream", json=body, headers=headers or {}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/event-stream")
    return parse_sse(r.text)


def test_events_in_order_with_ids(server):
    events = stream(server, BODY)
    names = [e["event"] for e in events]
    assert names[0] == "meta" and names[-1] == "done" and set(names[1:-1]) == {"delta"}
    mid = events[0]["data"]["message_id"]
    assert len(mid) == 32
    for seq, e in enumerate(events):
        assert e["id"] == f"{mid}:{seq}" and e["data"]["seq"] == seq and e["data"]["message_id"] == mid
    meta, done = events[0]["data"], events[-1]["data"]
    assert meta["found"] and meta["zones"] == ["hunan", "beijing"] and len(meta["citations"]) == 3
    assert done["citation_ids"] == [c["id"] for c in meta["citations"]]
    assert "".join(e["data"]["text"] for e in events[1:-1]) == done["answer"]


def test_each_zone_line_is_one_delta_citing_its_passage(server):
    events = stream(server, BODY)
    deltas = [e["data"] for e in events if e["event"] == "delta"]
    assert deltas[0]["text"] == "根据文件：\n" and deltas[0]["citation_ids"] == []
    assert [d["citation_ids"] for d in deltas[1:]] == [["hunan/3/1/2"], ["beijing/3/1/2"]]
    assert deltas[1]["text"].startswith("中国（湖南）自由贸易试验区")


def test_stream_matches_ask(server):
    events = stream(server, BODY)
    ask = httpx.post(f"{server}/ask", json=BODY).json()
    assert events[-1]["data"]["answer"] == ask["answer"]
    assert events[0]["data"]["citations"] == ask["citations"]


def test_reconnect_with_last_event_id_resumes_the_same_message(server):
    received = []
    with httpx.stream("POST", f"{server}/ask/stream", json=BODY, timeout=10) as r:
        buffer = ""
        for chunk in r.iter_text():
            buffer += chunk
            received = parse_sse(buffer.rsplit("\n\n", 1)[0]) if "\n\n" in buffer else []
            if len(received) >= 2:
                break  # drop the connection after meta and the first delta
    received = received[:2]
    last = received[-1]["id"]
    rest = stream(server, BODY, {"Last-Event-ID": last})
    mid = received[0]["data"]["message_id"]
    assert all(e["data"]["message_id"] == mid for e in rest)  # the same message, not a recomputation
    assert [e["data"]["seq"] for e in received + rest] == list(range(len(received) + len(rest)))
    whole = received + rest
    assert "".join(e["data"]["text"] for e in whole if e["event"] == "delta") == rest[-1]["data"]["answer"]


def test_reconnect_after_done_gets_nothing_more(server):
    events = stream(server, BODY)
    assert stream(server, BODY, {"Last-Event-ID": events[-1]["id"]}) == []


def test_reconnect_with_another_body_is_refused(server):
    events = stream(server, BODY)
    r = httpx.post(f"{server}/ask/stream", json={**BODY, "top_k": 4}, headers={"Last-Event-ID": events[0]["id"]})
    assert r.status_code == 409 and "Last-Event-ID" in r.json()["error"]


def test_an_unknown_message_is_answered_afresh(server):
    events = stream(server, BODY, {"Last-Event-ID": "0" * 32 + ":3"})
    assert events[0]["event"] == "meta" and events[0]["data"]["message_id"] != "0" * 32


def test_not_found_answer_streams_sentence_pieces(mini_engine):
    answer = mini_engine.ask("Which zone regulates deep-sea mining on Mars?", zone="hunan", top_k=2)
    answer = replace(answer, found=False, zones=(),
                     text="The document does not cover this question. Notice Guofa [2020] No. 10 contains only plans.")
    pieces = answer_pieces(answer)
    assert [t for t, _ in pieces] == ["The document does not cover this question. ",
                                      "Notice Guofa [2020] No. 10 contains only plans."]
    assert all(ids == [] for _, ids in pieces)
