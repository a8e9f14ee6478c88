"""The few value types the library passes around. Frozen: they are shared across threads."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Passage:
    """One unit of retrieval: a numbered measure or a non-measure section.

    ``start``/``end`` are offsets into the normalized source, so
    ``source[start:end] == text`` always holds.
    """

    id: str  # "anhui/3/2/2"; see rag.corpus for the scheme
    zone: str  # "anhui", or "notice" for the cover letter
    section: tuple[str, ...]  # heading path below the plan title
    measure: int | None  # plan-wide measure number, None for sections
    title: str  # measure title ("深入推进投资自由化便利化") or last heading
    text: str
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...] = ()  # spans within ``text``


@dataclass(frozen=True)
class Hit:
    """A passage as ranked by retrieval, with the evidence behind its rank."""

    passage: Passage
    score: float  # fused score
    legs: dict[str, float] = field(default_factory=dict)  # raw score per leg
    sentence: int = 0  # index into passage.sentences: the best-matching one

    @property
    def highlight(self) -> tuple[int, int]:
        return self.passage.sentences[self.sentence] if self.passage.sentences else (0, len(self.passage.text))


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str  # "zh" | "en"
    found: bool
    text: str
    zones: tuple[str, ...]
    hits: tuple[Hit, ...]
    confidence: float = 0.0
    timings_ms: dict[str, float] = field(default_factory=dict)
    cited: tuple[str, ...] = ()  # ids of the passages the answer text quotes, one per named zone
