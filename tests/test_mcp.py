"""`rag mcp`: the MCP server as a subprocess, driven through the official SDK's stdio client."""
import json
import sys

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from rag.contract import answer_dict, search_dict


async def _session_run(env: dict, errlog, work):
    params = StdioServerParameters(command=sys.executable, args=["-m", "rag.cli", "mcp"], env=env)
    async with stdio_client(params, errlog=errlog) as (read, write), ClientSession(read, write) as session:
        with anyio.fail_after(120):
            await session.initialize()
            return await work(session)


def run_session(env, tmp_path, work):
    with open(tmp_path / "mcp.stderr", "w") as errlog:
        return anyio.run(_session_run, env, errlog, work)


@pytest.fixture(scope="module")
def calls(cli_env, mini_engine, tmp_path_factory):
    """One server for the module: list the tools, call each one (and one call that fails)."""
    async def work(session):
        tools = (await session.list_tools()).tools
        results = {
            "ask": await session.call_tool("ask_policy", {"question": "第五航权"}),
            "ask_zone": await session.call_tool("ask_policy", {"question": "第五航权", "zone": "hunan", "top_k": 2}),
            "search": await session.call_tool("search_policy", {"query": "第五航权", "k": 3}),
            "passage": await session.call_tool("get_passage", {"id": "beijing/3/1/2"}),
            "passage_en": await session.call_tool("get_passage", {"id": "beijing/3/1/2", "lang": "en"}),
            "missing": await session.call_tool("get_passage", {"id": "nowhere/9"}),
            "bad_zone": await session.call_tool("ask_policy", {"question": "第五航权", "zone": "mars"}),
        }
        return {t.name: t for t in tools}, results

    env = {**cli_env, "RAG_ZONE_FLOOR": "0.0"}  # as in mini_settings, so answers compare equal to mini_engine's
    return run_session(env, tmp_path_factory.mktemp("mcp"), work)


def test_three_tools_with_bilingual_schemas(calls, mini_engine):
    tools, _ = calls
    assert set(tools) == {"ask_policy", "search_policy", "get_passage"}
    for tool in tools.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in tool.description) and "passage" in tool.description
        for name, prop in tool.input_schema["properties"].items():
            assert any("\u4e00" <= ch <= "\u9fff" for ch in prop["description"]) and " / " in prop["description"], name
    ask = tools["ask_policy"].input_schema
    assert ask["required"] == ["question"]
    zone_enum = [arm for arm in ask["properties"]["zone"]["anyOf"] if "enum" in arm][0]["enum"]
    assert zone_enum == list(mini_engine.corpus.zone_ids)  # from the loaded corpus
    assert tools["search_policy"].input_schema["required"] == ["query"]
    assert tools["get_passage"].input_schema["required"] == ["id"]


def test_ask_policy_returns_the_ask_contract(calls, mini_engine):
    _, r = calls
    assert not r["ask"].is_error
    body = r["ask"].structured_content
    assert body == answer_dict(mini_engine.ask("第五航权"))
    assert body["found"] and len(body["zones"]) == 2 and body["citations"]
    assert json.loads(r["ask"].content[0].text) == body  # the same JSON as text, for clients without structured output
    zoned = r["ask_zone"].structured_content
    assert zoned["zones"] == ["hunan"] and {c["zone"] for c in zoned["citations"]} == {"hunan"}
    assert len(zoned["citations"]) == 2


def test_search_policy_returns_the_search_contract(calls, mini_engine):
    _, r = calls
    body = r["search"].structured_content
    assert body == search_dict(mini_engine.retrieve("第五航权", top_k=3), 3, mini_engine.retriever.legs)
    assert len(body["hits"]) == 3 and "第五航权" in body["hits"][0]["highlight_text"]


def test_get_passage_returns_text_path_and_offsets(calls, mini_engine):
    _, r = calls
    p = r["passage"].structured_content
    assert p["id"] == "beijing/3/1/2" and p["path"][0] == "中国（北京）自由贸易试验区" and p["title"] == "提升贸易便利化水平"
    assert mini_engine.index.sources[p["doc"]][p["start"]:p["end"]] == p["text"]
    assert {"doc", "zone", "title_en", "measure", "sentences"} <= set(p)
    assert r["passage_en"].structured_content["path"][0] == "China (Beijing) Pilot Free Trade Zone"


def test_errors_are_tool_errors_that_say_why(calls):
    _, r = calls
    assert r["missing"].is_error and "nowhere/9" in r["missing"].content[0].text
    assert r["bad_zone"].is_error and "zone" in r["bad_zone"].content[0].text
