"""`rag mcp`: the library as Model Context Protocol tools over stdio, for agents.

Tools: ``ask_policy`` → the ask contract, ``search_policy`` → the search contract, ``get_passage`` → one
passage. The engine loads once, before the server reads its first message. The ``mcp`` SDK (the
``mcp`` extra) is imported only here and only when serving, so the library works without it.

No annotations future-import here: the tools' zone type is built at run time from the loaded
corpus, and the SDK reads the tools' signatures as live objects.
"""
import contextlib
import os
import sys
from typing import Annotated, Any, Literal

from pydantic import Field

from .config import Settings
from .contract import answer_dict, passage_dict, search_dict
from .engine import Engine
from .errors import RagError
from .types import Hit

SERVER_NAME = "ftz-policy"


def _sdk():
    try:
        from mcp.server.mcpserver import MCPServer
        from mcp.server.mcpserver.exceptions import ToolError
        from mcp.types import ToolAnnotations
    except ImportError as e:
        raise RagError(f"rag mcp needs the MCP SDK: pip install 'ftz-rag[mcp]' ({e})") from None
    return MCPServer, ToolError, ToolAnnotations


@contextlib.contextmanager
def _stdout_to_stderr():
    """stdout is the protocol's: while the engine loads, whatever a library writes there (a print, a
    native warning) goes to stderr instead of corrupting the first messages. The SDK does the same
    while it serves."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def build_server(engine: Engine):
    """The MCP server over a loaded engine. Descriptions are in both languages; zone ids, document
    titles and example questions come from the loaded corpus."""
    MCPServer, ToolError, ToolAnnotations = _sdk()
    corpus = engine.corpus
    docs = list(corpus.docs.values())
    zone_list = ", ".join(f"{z.id} ({z.name_zh} / {z.name_en})" for z in corpus.zones)
    example_zh = next((q for d in docs for q in d.examples_zh), "")
    example_en = next((q for d in docs for q in d.examples_en), "")
    Zone = Literal[tuple(corpus.zone_ids)]  # the schema's enum: an agent sees every valid zone id
    zone_doc = f"只看这个自贸区的段落 / only passages of this zone: {zone_list}"
    max_chars = engine.settings.service.max_question_chars
    default_k = engine.settings.retrieval.top_k

    server = MCPServer(
        name=SERVER_NAME, log_level="WARNING",
        instructions=(f"自贸区政策问答，依据：{'；'.join(d.title_zh for d in docs)}。ask_policy 给出引用原文的答案，"
                      "search_policy 列出排序的段落，get_passage 读取一个段落全文。\n"
                      f"Policy Q&A over: {'; '.join(d.title_en for d in docs)}. ask_policy gives a cited answer, "
                      "search_policy ranked passages, get_passage one passage in full. "
                      "Answers are extracted from the documents, never generated."))

    def ask_policy(
        question: Annotated[str, Field(min_length=1, max_length=max_chars,
                                       description=f"问题，中文或英文，例如「{example_zh}」 / the question, in Chinese "
                                                   f"or English, e.g. “{example_en}”")],
        zone: Annotated[Zone | None, Field(description=zone_doc)] = None,
        top_k: Annotated[int, Field(ge=1, le=20, description="引用段落数 / number of citations")] = default_k,
    ) -> dict[str, Any]:
        try:
            return answer_dict(engine.ask(question, top_k=top_k, zone=zone))
        except RagError as e:
            raise ToolError(str(e)) from None

    def search_policy(
        query: Annotated[str, Field(min_length=1, max_length=max_chars,
                                    description="检索词或问题，中文或英文 / search terms or a question, Chinese or English")],
        k: Annotated[int, Field(ge=1, le=50, description="段落数 / number of passages")] = 10,
        zone: Annotated[Zone | None, Field(description=zone_doc)] = None,
    ) -> dict[str, Any]:
        try:
            return search_dict(engine.retrieve(query, top_k=k, zone=zone), k, engine.retriever.legs, zone)
        except RagError as e:
            raise ToolError(str(e)) from None

    def get_passage(
        id: Annotated[str, Field(min_length=1, max_length=200,
                                 description="段落 id，取自 citations[].id 或 hits[].id / a passage id, from "
                                             "citations[].id or hits[].id")],
        lang: Annotated[Literal["zh", "en"], Field(description="标题路径的语言 / language of the heading path")] = "zh",
    ) -> dict[str, Any]:
        idx = engine.index
        row = idx.by_id().get(id)
        if row is None:
            raise ToolError(f"no passage {id[:100]!r}; ids look like {idx.passages[-1].id!r} (see search_policy)")
        p = idx.passages[row]
        return passage_dict(p, engine.composer.heading_path(Hit(p, 0.0), lang), corpus.titles_en.get(p.id))

    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    server.add_tool(ask_policy, annotations=read_only, description=(
        "回答关于政策文件的问题：摘录原文作答，列出有依据的自贸区，逐条引用（自贸区、标题路径、条款号、段落 id、字符偏移）。"
        "返回 ask 合约：answer、found、zones、citations、groups。\n"
        "Answer a question about the policy documents: an extractive answer naming every zone with evidence, "
        "each citation with its zone, heading path, measure number, passage id and character offsets. "
        "Returns the ask contract: answer, found, zones, citations, groups. found=false means the documents "
        "do not cover the question."))
    server.add_tool(search_policy, annotations=read_only, description=(
        "按相关度列出段落，附各检索路的得分与融合得分。\n"
        "Ranked passages with each retrieval leg's score, the fused score and the best-matching sentence."))
    server.add_tool(get_passage, annotations=read_only, description=(
        "按 id 读取一个段落：全文、标题路径、在原文中的字符偏移、英文标题。\n"
        "One passage by id: its full text, heading path, character offsets into the source and English title."))
    return server


def serve(settings: Settings) -> None:
    """Load once, then serve over stdio until the client closes stdin."""
    _sdk()  # fail in one line before a load that may take a minute
    with _stdout_to_stderr():
        engine = Engine(settings).load(build_if_missing=True, progress=False)
    build_server(engine).run("stdio")
