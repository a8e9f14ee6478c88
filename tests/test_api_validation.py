"""Every bad input is a 4xx whose message names the field: never a 500, never a stack trace."""
import httpx
import pytest

from .api_server import app_for, serving

OK = {"question": "第五航权", "top_k": 3}


@pytest.fixture(scope="module")
def server(mini_settings, mini_engine):
    with serving(app_for(mini_settings, mini_engine, rate_limit_per_minute=0, max_body_bytes=4096)) as url:
        yield url


def _json(body):
    import json

    return {"content": json.dumps(body).encode(), "headers": {"content-type": "application/json"}}


BAD = [
    # (id, method, path, request kwargs, status, field named in the message)
    ("empty question", "POST", "/ask", _json({"question": ""}), 422, "question"),
    ("whitespace question", "POST", "/ask", _json({"question": " \t\n "}), 422, "question"),
    ("question over 500 chars", "POST", "/ask", _json({"question": "问" * 501}), 422, "question"),
    ("NUL in question", "POST", "/ask", _json({"question": "第五\x00航权"}), 422, "question"),
    ("ESC in question", "POST", "/ask", _json({"question": "\x1b[31m第五航权"}), 422, "question"),
    ("lone surrogate", "POST", "/ask", {"content": b'{"question": "\\ud800"}', "headers": {"content-type": "application/json"}}, 422, "question"),
    ("question is a number", "POST", "/ask", _json({"question": 42}), 422, "question"),
    ("question is a list", "POST", "/ask", _json({"question": ["a"]}), 422, "question"),
    ("missing question", "POST", "/ask", _json({"top_k": 3}), 422, "question"),
    ("top_k zero", "POST", "/ask", _json({**OK, "top_k": 0}), 422, "top_k"),
    ("top_k 21", "POST", "/ask", _json({**OK, "top_k": 21}), 422, "top_k"),
    ("top_k a string", "POST", "/ask", _json({**OK, "top_k": "5"}), 422, "top_k"),
    ("top_k a float", "POST", "/ask", _json({**OK, "top_k": 2.5}), 422, "top_k"),
    ("unknown zone", "POST", "/ask", _json({**OK, "zone": "hainan"}), 422, "zone"),
    ("unknown lang", "POST", "/ask", _json({**OK, "lang": "fr"}), 422, "lang"),
    ("unknown field", "POST", "/ask", _json({**OK, "topk": 3}), 422, "topk"),
    ("invalid JSON", "POST", "/ask", {"content": b'{"question": ', "headers": {"content-type": "application/json"}}, 400, "body"),
    ("JSON array body", "POST", "/ask", _json(["第五航权"]), 422, "body"),
    ("empty body", "POST", "/ask", {"content": b"", "headers": {"content-type": "application/json"}}, 422, "body"),
    ("body over the cap", "POST", "/ask", _json({"question": "x" * 5000}), 413, "body"),
    ("stream: empty question", "POST", "/ask/stream", _json({"question": ""}), 422, "question"),
    ("stream: unknown zone", "POST", "/ask/stream", _json({**OK, "zone": "hainan"}), 422, "zone"),
    ("stream: bad Last-Event-ID", "POST", "/ask/stream", {**_json(OK), "headers": {"content-type": "application/json", "Last-Event-ID": "nope"}}, 400, "Last-Event-ID"),
    ("search: no q", "GET", "/search", {}, 422, "q"),
    ("search: blank q", "GET", "/search", {"params": {"q": "  "}}, 422, "q"),
    ("search: k 0", "GET", "/search", {"params": {"q": "航权", "k": 0}}, 422, "k"),
    ("search: k not a number", "GET", "/search", {"params": {"q": "航权", "k": "ten"}}, 422, "k"),
    ("search: unknown zone", "GET", "/search", {"params": {"q": "航权", "zone": "mars"}}, 422, "zone"),
    ("search: control char", "GET", "/search", {"params": {"q": "航\x07权"}}, 422, "q"),
    ("passage: lang", "GET", "/passages/notice", {"params": {"lang": "de"}}, 422, "lang"),
    ("feedback: rating", "POST", "/feedback", _json({"question": "q", "rating": "meh"}), 422, "rating"),
    ("feedback: citation_ids type", "POST", "/feedback", _json({"question": "q", "rating": "up", "citation_ids": "a"}), 422, "citation_ids"),
    ("feedback: comment control char", "POST", "/feedback", _json({"question": "q", "rating": "up", "comment": "\x00"}), 422, "comment"),
    ("unknown API key", "POST", "/ask", {**_json(OK), "headers": {"content-type": "application/json", "X-API-Key": "guess"}}, 401, "X-API-Key"),
]


@pytest.mark.parametrize("method,path,kwargs,status,field", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(server, method, path, kwargs, status, field):
    r = httpx.request(method, f"{server}{path}", timeout=10, **kwargs)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "details"}
    assert field in body["error"], body
    assert "Traceback" not in r.text and 'File "' not in r.text


def test_good_input_passes_the_same_checks(server):
    r = httpx.post(f"{server}/ask", json={"question": "  第五航权\n", "top_k": 20, "zone": "beijing", "lang": "zh"})
    assert r.status_code == 200 and r.json()["question"] == "第五航权"


def test_a_chunked_body_over_the_cap_is_a_413(server):
    def chunks():
        yield b'{"question": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    r = httpx.post(f"{server}/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "body" in r.json()["error"]
