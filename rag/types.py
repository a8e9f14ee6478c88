"""The few value types the library passes around. Frozen: they are shared across threads.

The ``ask`` contract is :class:`Answer` with its :class:`Citation` and :class:`Group` rows;
``rag.contract`` is the one place that turns it into JSON and back.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Area:
    """A named area (片区) of a zone, as its corpus package lists it."""

    zh: str  # 科技创新片区
    en: str  # Science and Technology Innovation Area


@dataclass(frozen=True)
class ZoneInfo:
    """One plan's zone, from its corpus package's metadata."""

    id: str  # the zone id passage ids start with
    doc: str  # the corpus package it comes from
    title: str  # the plan's title line, as printed
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str
    province_zh: str = ""
    areas: tuple[Area, ...] = ()

    def name(self, lang: str, short: bool = False) -> str:
        if lang == "en":
            return self.short_en if short else self.name_en
        return self.short_zh if short else self.name_zh


@dataclass(frozen=True)
class DocInfo:
    """What a corpus package says about its document, in both languages."""

    id: str
    title_zh: str
    title_en: str
    reference_zh: str  # how an answer refers to it: 国发〔2020〕10号
    reference_en: str
    cover_zh: str  # what its cover letter is called in a heading path: 国务院通知
    cover_en: str
    contents_zh: str  # what it contains, for "not covered" answers
    contents_en: str
    examples_zh: tuple[str, ...] = ()  # questions it answers, for docs and the widget's suggestions
    examples_en: tuple[str, ...] = ()


@dataclass(frozen=True)
class Passage:
    """One unit of retrieval: a numbered measure or a non-measure section.

    ``start``/``end`` are offsets into the normalized source of document ``doc``, so
    ``source[start:end] == text`` always holds.
    """

    id: str  # "{zone}/3/2/2"; see rag.parse for the scheme
    doc: str  # corpus package id
    zone: str  # zone id, or "notice" for the cover letter
    section: tuple[str, ...]  # heading path below the plan title
    measure: int | None  # plan-wide measure number, None for sections
    title: str  # measure title ("深入推进投资自由化便利化") or last heading
    text: str
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...] = ()  # spans within ``text``


@dataclass(frozen=True)
class English:
    """A passage's English text: its sentences' translations joined, with each one's span."""

    text: str
    sentences: tuple[tuple[int, int], ...]

    @classmethod
    def join(cls, sentences: list[str]) -> "English":
        spans, at = [], 0
        for s in sentences:
            spans.append((at, at + len(s)))
            at += len(s) + 1
        return cls(" ".join(sentences), tuple(spans))

    def sentence(self, number: int) -> str | None:
        """The translation of the passage's sentence ``number``; None when the text has no sentence spans."""
        if not self.sentences:
            return None
        a, b = self.sentences[number]
        return self.text[a:b]


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
class Scope:
    """What a question is about, read before retrieval (rag.scope)."""

    zones: tuple[str, ...]  # the corpus's zones the question names
    other_ftz: tuple[str, ...]  # other free trade zones the question names
    quantity: bool  # asks for a number
    listing: bool = False  # asks for every zone that does something ("哪些自贸区…", "which zones…")
    areas: tuple[str, ...] = ()  # the areas (片区) it names, by their Chinese place name

    @property
    def out_of_scope(self) -> bool:
        """About another free trade zone, and none of the corpus's."""
        return bool(self.other_ftz) and not self.zones


@dataclass(frozen=True)
class Citation:
    """A cited passage, as the answer's reader sees it."""

    id: str
    doc: str
    zone: str
    zone_name: str  # in the question's language
    section: tuple[str, ...]
    measure: int | None
    title: str
    title_en: str | None
    path: tuple[str, ...]  # zone › part › section › measure, in the question's language
    text: str
    highlight: tuple[int, int]  # the answering sentence within ``text``
    start: int  # offsets into the document's normalized source
    end: int
    score: float
    text_en: str | None = None  # the passage in English, where the corpus package has a translation
    highlight_en: tuple[int, int] | None = None  # the answering sentence within ``text_en``

    @property
    def quote(self) -> str:
        return self.text[self.highlight[0]:self.highlight[1]]

    @property
    def quote_en(self) -> str | None:
        return self.text_en[self.highlight_en[0]:self.highlight_en[1]] if self.text_en and self.highlight_en else None


@dataclass(frozen=True)
class Group:
    """The citations of one zone: indices into ``Answer.citations``, in rank order."""

    zone: str
    zone_name: str
    named: bool  # the answer names this zone
    citations: tuple[int, ...]


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str  # "zh" | "en"
    found: bool
    text: str
    zones: tuple[str, ...]
    confidence: float
    cited: tuple[str, ...]  # ids of the passages the answer text quotes, one per named zone
    citations: tuple[Citation, ...]
    groups: tuple[Group, ...]
    # answered | related (the document touches the topic, does not state it) | not_covered; found ⇔ answered
    status: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)  # not part of the contract

    @property
    def tier(self) -> str:
        return self.status or ("answered" if self.found else "not_covered")
