"""Normalize a PDF-extracted FTZ notice and parse it into zone → part → section → measure.

Pure functions: the document's own facts (which plan titles there are, which zone each
belongs to) come in as arguments, from its corpus package (rag.corpus).

Passage ids: ``notice`` (the cover letter), ``{zone}/0`` (a plan's preamble),
``{zone}/{part}`` (a part with no sections, e.g. 保障机制), ``{zone}/{part}/{section}``
and ``{zone}/{part}/{section}/{measure}``. Measure numbers are plan-wide, as printed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import CorpusError
from .types import Passage

_CN_NUM = "一二三四五六七八九十"
# Every FTZ plan is titled 中国（X）自由贸易试验区…方案; which zone X is comes from the package.
PLAN_TITLE = re.compile(r"^中国（[\u4e00-\u9fff]{2,4}）自由贸易试验区\S*方案$")
PART = re.compile(rf"^([{_CN_NUM}]+)、(\S.*)$")
SECTION = re.compile(rf"^（([{_CN_NUM}]+)）(\S.*)$")
# "31.85 平方公里" must not start a measure: the dot is followed by a digit there.
MEASURE = re.compile(r"^(\d{1,2})\.(?=[^\d\s])")
DOC_NUMBER = re.compile(r"^国发〔\d{4}〕")
_SENTENCE_END = re.compile(r"[。；！？]|\n")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
_TERMINAL = "。：；！？）"

# A PDF line is "short" when it ends before the right margin; the body is ~70 columns wide.
_SHORT_WIDTH = 48
_PARAGRAPH_END_WIDTH = 64
_MAX_HEADING_CHARS = 32


def cn_number(s: str) -> int:
    """一..九十九 → int (the document only uses small numbers)."""
    digits = {c: i + 1 for i, c in enumerate(_CN_NUM[:9])}
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return digits[s]


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _is_heading(line: str) -> bool:
    if len(line) > _MAX_HEADING_CHARS:
        return False
    return bool(PLAN_TITLE.match(line) or PART.match(line) or SECTION.match(line) or DOC_NUMBER.match(line))


def normalize(raw: str) -> str:
    """Repair PDF artefacts: one paragraph or heading per line, no page-break blanks,
    no letter-spaced titles. Deterministic, so offsets into its output are stable."""
    raw = raw.replace("\r\n", "\n").replace("\u3000", " ")
    lines = [ln.strip() for ln in raw.split("\n")]
    lines = [re.sub(rf"(?<={_CJK}) +(?={_CJK})", "", ln) for ln in lines if ln]
    if not lines:
        raise CorpusError("the source document is empty")

    paragraphs: list[str] = []
    # The notice's title is set in a large font over several short lines: it runs
    # until the document number and is one heading.
    doc_no = next((i for i, ln in enumerate(lines) if DOC_NUMBER.match(ln)), 0)
    if doc_no:
        paragraphs.append("".join(lines[:doc_no]))
    current: list[str] = []
    for line in lines[doc_no:]:
        starts_block = _is_heading(line) or bool(MEASURE.match(line))
        if starts_block and current:
            paragraphs.append("".join(current))
            current = []
        current.append(line)
        width = display_width(line)
        ends_block = (
            _is_heading(line)
            or width < _SHORT_WIDTH
            or (line[-1] in _TERMINAL and width <= _PARAGRAPH_END_WIDTH)
        )
        if ends_block:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return "\n".join(paragraphs) + "\n"


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Split on 。；！？ and line ends; spans exclude surrounding whitespace."""
    spans, begin = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        if text[begin:end].strip():
            spans.append((begin, end))
        begin = m.end()
    if text[begin:].strip():
        spans.append((begin, len(text.rstrip())))
    return tuple(spans)


@dataclass(frozen=True)
class Heading:
    """A heading line as printed ("（二）深化投资领域改革。"): a unit of translation (rag.corpus.units)."""

    id: str
    zone: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Plan:
    zone: str
    title: str  # the plan's title line
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    source: str  # normalized text; every offset points into it
    plans: tuple[Plan, ...]
    headings: tuple[Heading, ...]
    passages: tuple[Passage, ...]


def _clean_heading(text: str) -> str:
    return text.rstrip("。").strip()


def parse(source: str, plan_titles: dict[str, str], doc: str = "") -> Document:
    """Parse normalized text (see :func:`normalize`) into plans, headings and passages.

    ``plan_titles`` maps each plan's title line to its zone id; ``doc`` is the corpus package's id,
    which every passage records."""
    lines, offset = [], 0
    for line in source.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1

    plans: list[Plan] = []
    headings: list[Heading] = []
    passages: list[Passage] = []

    zone = "notice"
    part = section = 0
    path: list[str] = []
    measure_no = 0
    block: dict | None = None  # the passage being collected

    def close_block(end: int) -> None:
        nonlocal block
        if block is None:
            return
        start = block["start"]
        text = source[start:end].rstrip("\n")
        if text.strip():
            passages.append(Passage(
                id=block["id"], doc=doc, zone=block["zone"], section=tuple(block["section"]),
                measure=block["measure"], title=block["title"], text=text,
                start=start, end=start + len(text), sentences=sentence_spans(text)))
        block = None

    def open_block(start: int, **fields) -> None:
        nonlocal block
        close_block(start)
        block = dict(start=start, **fields)

    open_block(0, id="notice", zone="notice", section=[], measure=None, title=lines[0][1])
    for start, line in lines:
        if not line:
            continue
        heading_like = len(line) <= _MAX_HEADING_CHARS
        if heading_like and (PLAN_TITLE.match(line) or (zone != "notice" and (PART.match(line) or SECTION.match(line)))):
            close_block(start)  # a heading line belongs to no passage
        if heading_like and PLAN_TITLE.match(line):
            if line not in plan_titles:
                raise CorpusError(f"plan title {line!r} is not among the package's plans ({', '.join(plan_titles)})")
            if plans:
                plans[-1] = Plan(**{**plans[-1].__dict__, "end": start})
            zone = plan_titles[line]
            if any(p.zone == zone for p in plans):
                raise CorpusError(f"plan for {zone!r} appears twice")
            plans.append(Plan(zone=zone, title=line, start=start, end=len(source)))
            headings.append(Heading(zone, zone, line, start, start + len(line)))
            part = section = measure_no = 0
            path = []
            open_block(start + len(line) + 1, id=f"{zone}/0", zone=zone, section=[], measure=None, title=line)
        elif zone == "notice":
            continue
        elif heading_like and (m := PART.match(line)):
            part, section = cn_number(m.group(1)), 0
            path = [_clean_heading(line)]
            headings.append(Heading(f"{zone}/{part}", zone, line, start, start + len(line)))
            open_block(start + len(line) + 1, id=f"{zone}/{part}", zone=zone, section=list(path), measure=None, title=_clean_heading(m.group(2)))
        elif heading_like and (m := SECTION.match(line)):
            if not part:
                raise CorpusError(f"section {line!r} in {zone} comes before any part")
            section = cn_number(m.group(1))
            path = path[:1] + [_clean_heading(line)]
            headings.append(Heading(f"{zone}/{part}/{section}", zone, line, start, start + len(line)))
            open_block(start + len(line) + 1, id=f"{zone}/{part}/{section}", zone=zone, section=list(path), measure=None, title=_clean_heading(m.group(2)))
        elif (m := MEASURE.match(line)) and int(m.group(1)) == measure_no + 1 and section:
            measure_no += 1
            title = line[m.end():].split("。", 1)[0]
            open_block(start, id=f"{zone}/{part}/{section}/{measure_no}", zone=zone, section=list(path), measure=measure_no, title=title)
        elif MEASURE.match(line) and section and int(MEASURE.match(line).group(1)) > measure_no + 1:
            raise CorpusError(f"{zone}: measure {MEASURE.match(line).group(1)} follows measure {measure_no}: a measure is missing")
    close_block(len(source))
    if not plans:
        raise CorpusError(f"no plan titles found; the package names {', '.join(plan_titles) or 'none'}")
    return Document(source=source, plans=tuple(plans), headings=tuple(headings), passages=tuple(passages))


def units(doc: Document) -> list[tuple[str, str]]:
    """The document's units of translation, in reading order: every heading (``h:<id>``) and every
    sentence of every passage (``<passage id>#<n>``), each with its text as parsed."""
    out = [(h.start, f"h:{h.id}", h.text) for h in doc.headings]
    out += [(p.start + a, f"{p.id}#{n}", p.text[a:b].strip()) for p in doc.passages for n, (a, b) in enumerate(p.sentences)]
    return [(uid, text) for _, uid, text in sorted(out)]
