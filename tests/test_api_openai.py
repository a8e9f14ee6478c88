"""/v1: the official OpenAI Python SDK against the real uvicorn server."""
import httpx
import openai
import pytest

from rag.contract import answer_dict
from rag.markdown import cited_markdown

from .api_server import app_for, serving

QUESTION = "哪些自贸区支持第五航权?"


@pytest.fixture(scope="module")
def server(mini_settings, mini_engine):
    with serving(app_for(mini_settings, mini_engine, rate_limit_per_minute=0, max_body_bytes=4096)) as url:
        yield url


@pytest.fixture(scope="module")
def client(server):
    # No keys configured: the service is open, and the token every OpenAI client sends is ignored.
    with openai.OpenAI(base_url=f"{server}/v1", api_key="anything", max_retries=0, timeout=30) as c:
        yield c


def test_models_lists_the_one_model(client):
    assert [m.id for m in client.models.list()] == ["ftz-policy"]


def test_a_completion_is_the_cited_answer_with_the_contracts_citations(client, mini_engine):
    completion = client.chat.completions.create(
        model="ftz-policy", temperature=0.2, max_tokens=50, top_p=0.9, n=1, user="tester",
        messages=[{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "earlier question"},
                  {"role": "assistant", "content": "earlier answer"}, {"role": "user", "content": QUESTION}])
    expected = mini_engine.ask(QUESTION)
    contract = answer_dict(expected)
    (choice,) = completion.choices
    assert completion.object == "chat.completion" and completion.model == "ftz-policy"
    assert choice.message.role == "assistant" and choice.finish_reason == "stop"
    assert choice.message.content == cited_markdown(expected)
    assert "[1]" in choice.message.content and "**来源**" in choice.message.content
    extra = completion.model_extra
    assert extra["citations"] == contract["citations"] and extra["found"] is True
    assert extra["zones"] == contract["zones"] and len(extra["zones"]) == 2


def test_streaming_sends_the_role_then_the_content_then_the_citations(client, mini_engine):
    chunks = list(client.chat.completions.create(model="ftz-policy", stream=True,
                                                 messages=[{"role": "user", "content": QUESTION}]))
    assert all(c.object == "chat.completion.chunk" and c.id == chunks[0].id for c in chunks)
    first, last = chunks[0], chunks[-1]
    assert first.choices[0].delta.role == "assistant" and not first.choices[0].delta.content
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == cited_markdown(mini_engine.ask(QUESTION)) and len(chunks) > 4
    assert [c.choices[0].finish_reason for c in chunks].count("stop") == 1 and last.choices[0].finish_reason == "stop"
    assert not last.choices[0].delta.content
    contract = answer_dict(mini_engine.ask(QUESTION))
    assert last.model_extra["citations"] == contract["citations"]
    assert last.model_extra["found"] is True and last.model_extra["zones"] == contract["zones"]
    assert all("citations" not in c.model_extra for c in chunks[:-1])


def test_completions_carry_their_stage_timings(server):
    for stream in (False, True):
        r = httpx.post(f"{server}/v1/chat/completions", json={"model": "ftz-policy", "stream": stream,
                                                               "messages": [{"role": "user", "content": QUESTION}]})
        assert r.status_code == 200 and "encode;dur=" in r.headers["Server-Timing"]
        assert "query;dur=" in r.headers["Server-Timing"]


def test_the_raw_stream_ends_with_done(server):
    body = {"model": "ftz-policy", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    r = httpx.post(f"{server}/v1/chat/completions", json=body, timeout=30)
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.text.endswith("data: [DONE]\n\n")


def test_a_zone_filter_in_metadata(client):
    completion = client.chat.completions.create(model="ftz-policy", metadata={"zone": "beijing"},
                                                messages=[{"role": "user", "content": "第五航权"}])
    assert {c["zone"] for c in completion.model_extra["citations"]} == {"beijing"}


@pytest.mark.parametrize("messages, extra, param", [
    ([{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "an answer"}], {}, "messages.1.role"),
    ([{"role": "tool", "content": "42", "tool_call_id": "t1"}, {"role": "user", "content": QUESTION}], {}, "messages.0.role"),
    ([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}], {}, "messages.0.content.0"),
    ([{"role": "user", "content": "  "}], {}, "messages.0.content"),
    ([{"role": "user", "content": QUESTION}], {"metadata": {"zone": "mars"}}, "metadata.zone"),
    ([{"role": "user", "content": QUESTION}], {"n": 2}, "n"),
])
def test_bad_requests_are_openai_400s_naming_the_param(client, messages, extra, param):
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="ftz-policy", messages=messages, **extra)
    assert e.value.status_code == 400 and e.value.body["type"] == "invalid_request_error"
    assert e.value.body["param"] == param and param in e.value.body["message"]


def test_an_unknown_model_is_a_404(client):
    with pytest.raises(openai.NotFoundError) as e:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    assert e.value.body["code"] == "model_not_found" and e.value.body["param"] == "model"


def test_errors_take_openai_shape_only_under_v1(server):
    big = {"model": "ftz-policy", "messages": [{"role": "user", "content": "x" * 5000}]}
    v1 = httpx.post(f"{server}/v1/chat/completions", json=big)
    assert v1.status_code == 413 and v1.json()["error"]["type"] == "invalid_request_error"
    ask = httpx.post(f"{server}/ask", json={"question": ""})
    assert ask.status_code == 422 and ask.json()["error"].startswith("question:") and ask.json()["details"]
    missing = httpx.get(f"{server}/v1/embeddings")
    assert missing.status_code == 404 and set(missing.json()["error"]) == {"message", "type", "param", "code"}


def test_over_the_rate_limit_is_a_rate_limit_error(mini_settings, mini_engine):
    app = app_for(mini_settings, mini_engine, rate_limit_per_minute=1, rate_limit_burst=1)
    with serving(app) as url, openai.OpenAI(base_url=f"{url}/v1", api_key="x", max_retries=0) as c:
        c.chat.completions.create(model="ftz-policy", messages=[{"role": "user", "content": QUESTION}])
        with pytest.raises(openai.RateLimitError) as e:
            c.chat.completions.create(model="ftz-policy", messages=[{"role": "user", "content": QUESTION}])
    assert e.value.status_code == 429 and int(e.value.response.headers["retry-after"]) >= 1
    assert e.value.body["type"] == "rate_limit_exceeded" and "rate limit" in e.value.body["message"]


def test_keys_come_as_bearer_tokens(mini_settings, mini_engine):
    app = app_for(mini_settings, mini_engine, api_keys=("key-a",), rate_limit_per_minute=0)
    with serving(app) as url:
        with openai.OpenAI(base_url=f"{url}/v1", api_key="key-a", max_retries=0) as good:
            assert [m.id for m in good.models.list()] == ["ftz-policy"]
        with openai.OpenAI(base_url=f"{url}/v1", api_key="key-b", max_retries=0) as bad:
            with pytest.raises(openai.AuthenticationError) as e:
                bad.chat.completions.create(model="ftz-policy", messages=[{"role": "user", "content": QUESTION}])
        assert e.value.body["type"] == "authentication_error" and e.value.body["param"] == "Authorization"
        # X-API-Key works here too; elsewhere a Bearer token is not a client key.
        assert httpx.get(f"{url}/v1/models", headers={"X-API-Key": "key-a"}).status_code == 200
        assert httpx.post(f"{url}/ask", json={"question": QUESTION},
                          headers={"Authorization": "Bearer key-b"}).status_code == 200


def test_docs_show_v1_with_examples_and_openai_errors(server):
    spec = httpx.get(f"{server}/openapi.json").json()
    op = spec["paths"]["/v1/chat/completions"]["post"]
    examples = op["requestBody"]["content"]["application/json"]["examples"]
    assert {e["value"]["model"] for e in examples.values()} == {"ftz-policy"} and len(examples) == 2
    assert "422" not in op["responses"]  # every invalid request is a 400 here
    assert op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/OpenAIErrorResponse")
