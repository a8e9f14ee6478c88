"""HTTP request/response models, separate from the library's dataclasses."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Zone = Literal["beijing", "hunan", "anhui", "zhejiang"]
Lang = Literal["zh", "en"]

ASK_EXAMPLES = {
    "zh": {"summary": "中文问题", "value": {"question": "哪些自贸区支持开展QFLP试点?", "top_k": 5}},
    "en": {"summary": "English question",
           "value": {"question": "Which zone lets foreign travel agencies run outbound tours?", "top_k": 5, "lang": "en"}},
    "zone": {"summary": "按自贸区过滤 / filtered to one zone",
             "value": {"question": "第五航权", "top_k": 3, "zone": "beijing"}},
}
FEEDBACK_EXAMPLES = {
    "zh": {"summary": "有用", "value": {"question": "哪些自贸区支持开展QFLP试点?", "citation_ids": ["anhui/3/4/8"],
                                       "rating": "up", "comment": "引用准确"}},
    "en": {"summary": "Not helpful", "value": {"question": "Which zone allows QFLP?", "citation_ids": ["hunan/3/4/10"],
                                               "rating": "down", "comment": "Missed the Anhui measure"}},
}


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [v["value"] for v in ASK_EXAMPLES.values()]})
    question: str = Field(..., description="Chinese or English question, 1–500 characters (settings.max_question_chars)")
    top_k: int = Field(5, ge=1, le=20, strict=True, description="number of citations")
    zone: Zone | None = Field(None, description="only passages of this zone")
    lang: Lang | None = Field(None, description="answer language; detected from the question when omitted")


class Citation(BaseModel):
    id: str
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


class CitationGroup(BaseModel):
    zone: str
    zone_name: str
    named: bool = Field(description="the answer names this zone")
    citations: list[int] = Field(description="indices into `citations`, in rank order")


class AskResponse(BaseModel):
    question: str
    lang: Lang
    found: bool
    answer: str
    zones: list[str]
    confidence: float
    cited: list[str] = Field(description="ids of the passages the answer quotes, one per named zone")
    citations: list[Citation]
    groups: list[CitationGroup] = Field(description="the citations grouped by zone, named zones first")


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
    zone: str
    section: list[str]
    measure: int | None
    title: str
    title_en: str | None
    path: list[str] = Field(..., description="heading path: zone › part › section › measure")
    text: str
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
    name_zh: str
    name_en: str
    total_km2: float | None
    areas: list[AreaModel]
    measures: int
    measures_by_section: dict[str, int]


class ZonesResponse(BaseModel):
    zones: list[ZoneModel]


Text200 = Annotated[str, StringConstraints(max_length=200)]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [v["value"] for v in FEEDBACK_EXAMPLES.values()]})
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
