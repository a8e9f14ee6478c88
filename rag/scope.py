"""What a question is about, before retrieval: which of the corpus's zones it names, whether it
is about another free trade zone, and whether it asks for a quantity.

These are general properties of a question, read with the corpus's zone names and a gazetteer of
other FTZs (rag/data), not rules for particular questions.
"""
from __future__ import annotations

import re

from . import data
from .types import Scope, ZoneInfo

_QUANTITY = re.compile(
    r"多少|(?<!哪)几[个年项家条]|多大|多高|多长|面积|税率|比例|金额|额度|价格|费用|罚款|"
    r"\bhow (?:much|many|big|large|long|high)\b|\bwhat (?:rate|percentage|share|price|amount|size|area)\b|"
    # the English words for the Chinese ones above: 税率 比例 金额 价格 费用 罚款
    r"\btax rates?\b|\bratios?\b|\bamounts? of\b|\bprices?\b|\bfees?\b|\bfines\b|"
    r"上限|下限|最多|最少|\bmaximum\b|\bminimum\b|\bat (?:most|least)\b|"
    r"\bper cent\b|\bpercent\b|\bsquare (?:km|kilomet)", re.IGNORECASE)
_NUMBER = re.compile(r"\d|[一二三四五六七八九十两]+(?:至[一二三四五六七八九十]+)?(?:年|个|项|家|条|倍|成)")
# "X 自贸试验区 / X FTZ / X Free Trade Port": the question is about X's own zone.
_FTZ_WORDS = r"(?:\s*(?:省|市)?\s*(?:自贸|自由贸易|的自贸)|\s+(?:pilot\s+)?(?:ftz|free[- ]trade|fta\b))"


_LIST = re.compile(r"哪些|哪几|\bwhich (?:zones|ftzs|plans|pilot|free|areas|ones|of (?:the|these|those))\b|\bwhere\b|"
                   r"\bany (?:zone|ftz|plan)s?\b|\bany of (?:the|these|those)\b",
                   re.IGNORECASE)


class ScopeReader:
    """Reads a question's scope against one corpus's zones. Built once per loaded corpus."""

    def __init__(self, zones: tuple[ZoneInfo, ...], other_ftz: tuple[str, ...] | None = None):
        names: dict[str, list[str]] = {}
        for zone in zones:
            forms = [zone.short_zh, zone.short_en, zone.province_zh, zone.name_zh]
            for area in zone.areas:
                forms.append(area.zh)
                if re.fullmatch(r"[A-Z][a-z]+ Area", area.en):  # an area named after its city: the city names it too
                    forms += [area.en.split()[0], area.zh.removesuffix("片区")]
            names[zone.id] = sorted({f for f in forms if f}, key=len, reverse=True)
        self._by_form = {f.lower(): z for z, fs in names.items() for f in fs}
        forms = sorted((re.escape(f) for fs in names.values() for f in fs), key=len, reverse=True)
        self._zone_pattern = re.compile(r"(?<![A-Za-z])(" + "|".join(forms) + r")(?![a-z])", re.IGNORECASE) \
            if forms else None
        # Another corpus may be about a zone the gazetteer lists: its own zones are not "other".
        others = [f for f in (data.other_ftz_names() if other_ftz is None else other_ftz)
                  if f.lower() not in self._by_form]
        alternation = "|".join(re.escape(f) for f in sorted(others, key=len, reverse=True))
        self._other_pattern = re.compile(rf"(?<![A-Za-z])({alternation}){_FTZ_WORDS}", re.IGNORECASE) \
            if others else None
        # Every way the zones name an area → its name without 片区: "ningbo area" and "宁波片区" → 宁波.
        self._areas = {}
        for zone in zones:
            for area in zone.areas:
                self._areas[area.zh] = self._areas[area.en.lower()] = area.zh.removesuffix("片区")

    def zone_terms(self) -> frozenset[str]:
        """Lower-cased names that identify a zone (for keeping them out of term matching)."""
        return frozenset(self._by_form)

    def analyze(self, question: str) -> Scope:
        zones: list[str] = []
        for m in self._zone_pattern.finditer(question) if self._zone_pattern else ():
            zone = self._by_form[m.group(1).lower()]
            if zone not in zones:
                zones.append(zone)
        pattern = self._other_pattern
        others = tuple(dict.fromkeys(m.group(1) for m in pattern.finditer(question))) if pattern else ()
        return Scope(tuple(zones), others, bool(_QUANTITY.search(question)), bool(_LIST.search(question)),
                     self.named_areas(question))

    def named_areas(self, question: str) -> tuple[str, ...]:
        """Place names of the areas (片区) a question names: "舟山片区" → 舟山, "the Ningbo area" → 宁波.
        English names the corpus does not know are left out: there is no Chinese form to look for."""
        lowered = question.lower()
        found = [name for form, name in self._areas.items() if form in lowered]
        for m in _OTHER_AREA.finditer(question):
            if not any(name.endswith(m.group(1)) for name in found):
                found.append(m.group(1))
        return tuple(dict.fromkeys(found))


_OTHER_AREA = re.compile(r"([\u4e00-\u9fff]{2})片区")  # an area the corpus does not list: its place name


def has_quantity(text: str) -> bool:
    return bool(_NUMBER.search(text))
