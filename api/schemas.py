"""HTTP request/response models, separate from the library's dataclasses."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"question": "哪些自贸区支持开展QFLP试点?", "top_k": 5},
        {"question": "Which zone lets foreign travel agencies run outbound tours?", "top_k": 5, "lang": "en"},
    ]})
    question: str = Field(..., description="Chinese or English question, 1–500 characters")
    top_k: int = Field(5, ge=1, le=20)
    zone: Literal["beijing", "hunan", "anhui", "zhejiang"] | None = None
    lang: Literal["zh", "en"] | None = None


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


class AskResponse(BaseModel):
    question: str
    lang: Literal["zh", "en"]
    found: bool
    answer: str
    zones: list[str]
    confidence: float
    citations: list[Citation]
