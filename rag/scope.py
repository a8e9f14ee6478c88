"""What a question is about, before retrieval: which of the four zones it names, whether it is
about another free trade zone, and whether it asks for a quantity.

These are general properties of a question, read with a gazetteer (rag/data), not rules for
particular questions.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from . import data

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


@dataclass(frozen=True)
class Scope:
    zones: tuple[str, ...]  # the document's zones the question names
    other_ftz: tuple[str, ...]  # other free trade zones the question names
    quantity: bool  # asks for a number
    listing: bool = False  # asks for every zone that does something ("哪些自贸区…", "which zones…")
    areas: tuple[str, ...] = ()  # the areas (片区) it names, by their Chinese place name ("宁波", "舟山")

    @property
    def out_of_scope(self) -> bool:
        """About another free trade zone, and none of the document's."""
        return bool(self.other_ftz) and not self.zones


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for zone, info in data.zones().items():
        forms = [info.get("short_zh", ""), info.get("short_en", ""), info.get("province_zh", ""), info.get("zh", "")]
        for area_zh, area_en in info.get("areas", {}).items():
            forms.append(area_zh)
            if re.fullmatch(r"[A-Z][a-z]+ Area", area_en):  # an area named after its city: the city names it too
                forms += [area_en.split()[0], area_zh.removesuffix("片区")]
        names[zone] = sorted({f for f in forms if f}, key=len, reverse=True)
    return names


@lru_cache(maxsize=1)
def _zone_pattern() -> re.Pattern:
    forms = [re.escape(f) for fs in _zone_names().values() for f in fs]
    return re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(forms, key=len, reverse=True)) + r")(?![a-z])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _other_ftz_pattern() -> re.Pattern | None:
    path = data.DATA_DIR / "other_ftz.tsv"
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as f:
        forms = [v for row in csv.DictReader(f, delimiter="\t") for v in (row["zh"], row["en"]) if v]
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])({alternation}){_FTZ_WORDS}", re.IGNORECASE)


@lru_cache(maxsize=1)
def _zone_by_form() -> dict[str, str]:
    return {f.lower(): z for z, fs in _zone_names().items() for f in fs}


def zone_terms() -> frozenset[str]:
    """Lower-cased names that identify a zone (for keeping them out of term matching)."""
    return frozenset(_zone_by_form())


def analyze(question: str) -> Scope:
    by_form = _zone_by_form()
    zones: list[str] = []
    for m in _zone_pattern().finditer(question):
        zone = by_form[m.group(1).lower()]
        if zone not in zones:
            zones.append(zone)
    other = _other_ftz_pattern()
    others = tuple(dict.fromkeys(m.group(1) for m in other.finditer(question))) if other else ()
    return Scope(tuple(zones), others, bool(_QUANTITY.search(question)), bool(_LIST.search(question)),
                 named_areas(question))


@lru_cache(maxsize=1)
def _areas() -> dict[str, str]:
    """Every way the zones file names an area → its name without 片区: "ningbo area" and "宁波片区" → 宁波."""
    out = {}
    for info in data.zones().values():
        for zh, en in info.get("areas", {}).items():
            out[zh] = out[en.lower()] = zh.removesuffix("片区")
    return out


_OTHER_AREA = re.compile(r"([\u4e00-\u9fff]{2})片区")  # an area the file does not list: its place name


def named_areas(question: str) -> tuple[str, ...]:
    """Place names of the areas (片区) a question names: "舟山片区" → 舟山, "the Ningbo area" → 宁波.
    English names the zones file does not know are left out: there is no Chinese form to look for."""
    lowered = question.lower()
    found = [name for form, name in _areas().items() if form in lowered]
    for m in _OTHER_AREA.finditer(question):
        if not any(name.endswith(m.group(1)) for name in found):
            found.append(m.group(1))
    return tuple(dict.fromkeys(found))


def has_quantity(text: str) -> bool:
    return bool(_NUMBER.search(text))
