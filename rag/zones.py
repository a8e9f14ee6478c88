"""Zone facts (area, 片区, focus, measure counts) read from the parsed document, not typed in.

The 实施范围 section gives the total and each area's size (with the bonded zones it contains);
the 功能划分 section gives each area's focus. Names come from the corpus package's metadata.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .types import Passage, ZoneInfo

_NUM = r"(\d+(?:\.\d+)?)\s*平方公里"
_TOTAL = re.compile(rf"实施范围\s*{_NUM}")
# The name is the run of CJK characters right before the size, so "涵盖三个片区：" never matches.
_AREA = re.compile(rf"([\u4e00-\u9fff]+片区)\s*{_NUM}(?:（含([^）]*)）)?")
_INCLUDED = re.compile(rf"([\u4e00-\u9fff]+?)\s*{_NUM}")
_CLAUSE = re.compile(r"[^。；]+")


@dataclass(frozen=True)
class SubZone:
    name_zh: str  # e.g. 北京天竺综合保税区
    area_km2: float


@dataclass(frozen=True)
class Area:
    name_zh: str  # 科技创新片区
    name_en: str | None
    area_km2: float
    includes: tuple[SubZone, ...] = ()
    focus: str | None = None  # the 功能划分 clause about this area, without its name


@dataclass(frozen=True)
class Extent:
    """What a plan's 实施范围 states: its total and its areas."""

    total_km2: float | None
    areas: tuple[tuple[str, float, tuple[SubZone, ...]], ...]


@dataclass(frozen=True)
class ZoneFacts:
    id: str
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str
    total_km2: float | None
    areas: tuple[Area, ...]
    measures: int
    measures_by_section: tuple[tuple[str, int], ...]  # (section heading, count), in document order


def parse_scope(text: str) -> Extent:
    """实施范围 text → total and (area, size, included sub-zones), in the order printed."""
    total = _TOTAL.search(text)
    areas = tuple(
        (m.group(1), float(m.group(2)),
         tuple(SubZone(s.group(1), float(s.group(2))) for s in _INCLUDED.finditer(m.group(3) or "")))
        for m in _AREA.finditer(text)
    )
    return Extent(float(total.group(1)) if total else None, areas)


def parse_focus(text: str, area_names: Iterable[str]) -> dict[str, str]:
    """功能划分 text → {area: focus}. An area's focus is every clause that starts with its name."""
    names = tuple(area_names)
    focus: dict[str, list[str]] = {}
    current = None
    for clause in (c.strip() for c in _CLAUSE.findall(text)):
        if not clause:
            continue
        starts = next((n for n in names if clause.startswith(n)), None)
        if starts:
            current = starts
            clause = clause[len(starts):]
        if current:  # a clause without a name continues the previous area's description
            focus.setdefault(current, []).append(clause)
    return {name: "；".join(parts) for name, parts in focus.items()}


def _section_text(passages: Iterable[Passage], zone: str, heading: str) -> str:
    return "\n".join(p.text for p in passages
                     if p.zone == zone and p.measure is None and p.section and heading in p.section[-1])


def zone_facts(passages: Iterable[Passage], zones: Iterable[ZoneInfo]) -> tuple[ZoneFacts, ...]:
    """Facts for every zone that has a plan in ``passages``, in the corpus's zone order."""
    passages = tuple(passages)
    out = []
    for zone in zones:
        own = [p for p in passages if p.zone == zone.id]
        if not own:
            continue
        english = {a.zh: a.en for a in zone.areas}
        scope = parse_scope(_section_text(own, zone.id, "实施范围"))
        focus = parse_focus(_section_text(own, zone.id, "功能划分"), [a[0] for a in scope.areas])
        by_section = Counter(p.section[-1] for p in own if p.measure is not None)
        out.append(ZoneFacts(
            id=zone.id, name_zh=zone.name_zh, name_en=zone.name_en, short_zh=zone.short_zh, short_en=zone.short_en,
            total_km2=scope.total_km2,
            areas=tuple(Area(name, english.get(name), size, includes, focus.get(name))
                        for name, size, includes in scope.areas),
            measures=sum(by_section.values()),
            measures_by_section=tuple(by_section.items()),
        ))
    return tuple(out)
