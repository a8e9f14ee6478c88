"""HTTP request/response models, separate from the library's dataclasses and built from them.

Nothing here names a document: the zone ids and the request examples come from the loaded corpus
(``document_openapi`` writes them into the OpenAPI schema at start-up).
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from rag.contract import answer_dict
from rag.corpus import Corpus
from rag.types import Answer

from .errors import is_openai_path

Lang = Literal["zh", "en"]
ZONE_DESCRIPTION = "only passages of this zone (a zone id, see GET /zones)"


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(..., description="Chinese or English question, 1–500 characters (settings.max_question_chars)")
    top_k: int = Field(5, ge=1, le=20, strict=True, description="number of citations")
    zone: str | None = Field(None, max_length=64, description=ZONE_DESCRIPTION)
    lang: Lang | None = Field(None, description="answer language; detected from the question when omitted")


class Citation(BaseModel):
    id: str
    doc: str = Field(description="the corpus package (document) the passage is from")
    zone: str
    zone_name: str
    section: list[str]
    measure: int | None
    title: str
    title_en: str | None = None
    path: list[str]
    text: str
    highlight: list[int]
    start: int
    end: int
    score: float
    text_en: str | None = Field(None, description="the passage in English, where the document has a translation")
    highlight_en: list[int] | None = Field(None, description="the answering sentence within `text_en`")


class CitationGroup(BaseModel):
    zone: str
    zone_name: str
    named: bool = Field(description="the answer names this zone")
    citations: list[int] = Field(description="indices into `citations`, in rank order")


class AskResponse(BaseModel):
    question: str
    lang: Lang
    found: bool = Field(description="the answer states what was asked: `status == \"answered\"`")
    status: Literal["answered", "related", "not_covered"] = Field(
        description="answered; related: the plans touch the topic but do not state what was asked (no zones "
                    "named, the answer lists the nearest measures); not_covered")
    answer: str
    zones: list[str]
    confidence: float
    cited: list[str] = Field(description="ids of the passages the answer quotes, one per named zone")
    citations: list[Citation]
    groups: list[CitationGroup] = Field(description="the citations grouped by zone, named zones first")

    @classmethod
    def from_answer(cls, answer: Answer) -> "AskResponse":
        return cls.model_validate(answer_dict(answer))


class ErrorDetail(BaseModel):
    field: str | None = None
    message: str
    type: str | None = None


class ErrorResponse(BaseModel):
    error: str = Field(..., description="human message naming the field at fault")
    details: list[ErrorDetail] = []


class SearchHit(BaseModel):
    rank: int
    id: str
    doc: str
    zone: str
    title: str
    fused: float = Field(..., description="weighted reciprocal-rank-fusion score")
    legs: dict[str, float] = Field(..., description="raw score of each leg: bm25 and each dense model")
    strength: float = Field(..., description="evidence strength (z-scores), comparable across queries")
    highlight: list[int]
    highlight_text: str
    start: int
    end: int


class SearchResponse(BaseModel):
    query: str
    lang: Lang
    zone: str | None
    k: int
    legs: list[str]
    hits: list[SearchHit]


class Neighbour(BaseModel):
    id: str
    title: str


class PassageResponse(BaseModel):
    id: str
    doc: str
    zone: str
    section: list[str]
    measure: int | None
    title: str
    title_en: str | None
    path: list[str] = Field(..., description="heading path: zone › part › section › measure")
    text: str
    text_en: str | None = Field(None, description="the passage in English, where the document has a translation")
    start: int = Field(..., description="offset into the normalized source")
    end: int
    sentences: list[list[int]]
    previous: Neighbour | None
    next: Neighbour | None


class SubZoneModel(BaseModel):
    name_zh: str
    area_km2: float


class AreaModel(BaseModel):
    name_zh: str
    name_en: str | None
    area_km2: float
    includes: list[SubZoneModel]
    focus: str | None


class ZoneModel(BaseModel):
    id: str
    doc: str
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str
    total_km2: float | None
    areas: list[AreaModel]
    measures: int
    measures_by_section: dict[str, int]


class DocumentModel(BaseModel):
    id: str
    title_zh: str
    title_en: str
    reference_zh: str
    reference_en: str
    contents_zh: str
    contents_en: str
    examples_zh: list[str]
    examples_en: list[str]


class ZonesResponse(BaseModel):
    zones: list[ZoneModel]
    documents: list[DocumentModel] = Field(description="the documents the zones come from")


Text200 = Annotated[str, StringConstraints(max_length=200)]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(..., description="the question the feedback is about")
    citation_ids: list[Text200] = Field(default_factory=list, max_length=20, description="passage ids shown")
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=2000)


class FeedbackItem(BaseModel):
    id: int
    created_at: str
    question: str
    citation_ids: list[str]
    rating: Literal["up", "down"]
    comment: str


class FeedbackList(BaseModel):
    total: int
    items: list[FeedbackItem]


class ReindexResponse(BaseModel):
    status: Literal["ok"]
    path: str
    seconds: float
    index: dict


# -- OpenAI-compatible Chat Completions (/v1) ------------------------------------------------------

CHAT_MODEL = "ftz-policy"  # the one model /v1/models lists: the extractive answerer over the loaded corpus


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")  # name, tool_call_id…: nothing here reads them
    role: Literal["system", "user", "assistant"]
    # A string, or OpenAI's content parts; the route accepts only text parts, with a message naming the part.
    content: str | list[dict] | None = None


class ChatCompletionRequest(BaseModel):
    # OpenAI clients send many sampling and tooling fields (temperature, max_tokens, top_p, stop, seed,
    # stream_options, …). An extractive answer has nothing to sample, so they are accepted and ignored.
    model_config = ConfigDict(extra="ignore")
    model: str = Field(CHAT_MODEL, description=f"the model id, {CHAT_MODEL!r} (GET /v1/models)")
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=200,
                                        description="the conversation; the last message, a user message, is the question")
    stream: bool = Field(False, description="Server-Sent Events of chat.completion.chunk, ending with data: [DONE]")
    temperature: float | None = Field(None, description="accepted and ignored")
    top_p: float | None = Field(None, description="accepted and ignored")
    max_tokens: int | None = Field(None, description="accepted and ignored")
    max_completion_tokens: int | None = Field(None, description="accepted and ignored")
    n: int | None = Field(None, description="number of choices: only 1")
    user: str | None = Field(None, description="accepted and ignored")
    metadata: dict[str, str] | None = Field(None, description="`zone`: " + ZONE_DESCRIPTION)


class ChatReply(BaseModel):
    role: Literal["assistant"]
    content: str = Field(description="the cited answer as Markdown: text with [n] markers, then the sources")


class ChatChoice(BaseModel):
    index: int
    message: ChatReply
    finish_reason: Literal["stop"]


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[ChatChoice]
    citations: list[Citation] = Field(description="the ask contract's citations; marker [n] is citations[n-1]")
    found: bool
    status: Literal["answered", "related", "not_covered"] | None = None
    zones: list[str]


class ModelCard(BaseModel):
    id: str
    object: Literal["model"]
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"]
    data: list[ModelCard]


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str = Field(description="invalid_request_error, authentication_error, rate_limit_exceeded, server_error, …")
    param: str | None = Field(None, description="the request field at fault")
    code: str | None = None


class OpenAIErrorResponse(BaseModel):
    error: OpenAIErrorDetail


def document_openapi(schema: dict, corpus: Corpus | None) -> dict:
    """The loaded corpus's facts in the OpenAPI schema: its zone ids as the zone enum, and request
    examples in Chinese and English from its packages."""
    for route, ops in schema.get("paths", {}).items():
        if is_openai_path(route):  # FastAPI documents a 422 for every body; under /v1 it is a 400
            for op in ops.values():
                op.get("responses", {}).pop("422", None)
    if corpus is None:  # unreadable: /readyz says why
        return schema
    zones = list(corpus.zone_ids)
    components = schema.get("components", {}).get("schemas", {})
    zone = components.get("AskRequest", {}).get("properties", {}).get("zone")
    if zone is not None:
        zone["anyOf"] = [{"type": "string", "enum": zones}, {"type": "null"}]
    for path in schema.get("paths", {}).values():
        for op in path.values():
            for param in op.get("parameters", []) if isinstance(op, dict) else ():
                if param.get("name") == "zone":
                    param["schema"] = {"anyOf": [{"type": "string", "enum": zones}, {"type": "null"}]}
    examples = {"zh": [], "en": []}
    for doc in corpus.docs.values():
        examples["zh"] += doc.examples_zh
        examples["en"] += doc.examples_en
    ask = {}
    if examples["zh"]:
        ask["zh"] = {"summary": "中文问题", "value": {"question": examples["zh"][0], "top_k": 5}}
    if examples["en"]:
        ask["en"] = {"summary": "English question", "value": {"question": examples["en"][0], "top_k": 5, "lang": "en"}}
    if examples["zh"] and zones:
        ask["zone"] = {"summary": "按自贸区过滤 / filtered to one zone",
                       "value": {"question": examples["zh"][-1], "top_k": 3, "zone": zones[0]}}
    feedback = {"up": {"summary": "有用 / helpful", "value": {"question": (examples["zh"] or ["…"])[0],
                                                            "citation_ids": [], "rating": "up", "comment": "引用准确"}},
                "down": {"summary": "Not helpful", "value": {"question": (examples["en"] or ["…"])[0],
                                                             "citation_ids": [], "rating": "down", "comment": "Missed a zone"}}}
    chat = {lang: {"summary": summary, "value": {"model": CHAT_MODEL, "messages": [{"role": "user", "content": q[0]}]}}
            for lang, summary, q in (("zh", "中文问题", examples["zh"]), ("en", "English question", examples["en"])) if q}
    for route, body_examples in (("/ask", ask), ("/ask/stream", ask), ("/feedback", feedback),
                                 ("/v1/chat/completions", chat)):
        content = schema.get("paths", {}).get(route, {}).get("post", {}).get("requestBody", {}).get("content", {})
        if "application/json" in content and body_examples:
            content["application/json"]["examples"] = body_examples
    return schema
