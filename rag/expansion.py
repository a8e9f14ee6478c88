"""Query expansion from a corpus's bilingual glossary and Chinese aliases (for the BM25 and dense legs)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .sparse import stem_english

if TYPE_CHECKING:
    from .corpus import GlossaryEntry

_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about a glossary entry's topic; an entry is known by its other words.
_FILLER = frozenset("a an the of for and or in on at to by with from into its their new".split())


# A glossary phrase's words are matched in any form: Snowball stems (the project's one stemmer)
# compared by their first letters, since Snowball keeps derivations apart ("classified" → classifi,
# "classification" → classif; "supervised" → supervis, "supervision" → supervis) and five letters
# join them without joining unrelated words of the glossary.
BAG_KEY_LETTERS = 5


def _key(word: str) -> str:
    return stem_english(word)[:BAG_KEY_LETTERS]


def _stem_list(text: str) -> list[str]:
    return [_key(w) for w in _WORD.findall(text.lower()) if w not in _FILLER]


def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem_list(text))


def _within_window(words: frozenset[str], positions: dict[str, list[int]]) -> bool:
    """All of ``words`` occur in the query close together: within a span of twice their number,
    so that a phrase's words scattered over a long question do not count as the phrase."""
    if not words <= positions.keys():
        return False
    window = 2 * len(words)
    starts = sorted(p for w in words for p in positions[w])
    return any(all(any(s <= p < s + window for p in positions[w]) for w in words) for s in starts)


class QueryExpander:
    """Document terms to add to a query: glossary Chinese for English questions, the formal term for
    everyday Chinese words. Its matchers are compiled once, when the corpus loads."""

    def __init__(self, glossary: "tuple[GlossaryEntry, ...]", aliases: dict[str, str]):
        by_form: dict[str, list[str]] = {}
        bags: list[tuple[frozenset[str], str]] = []
        for entry in glossary:
            for form in entry.english_forms:
                form = form.lower().strip()
                if len(form) >= 2:
                    by_form.setdefault(form, []).append(entry.zh)
                words = _stems(form)
                if len(words) >= 2:
                    bags.append((words, entry.zh))
        # Each bag under one of its words: a query can only match the bags filed under its own words.
        self._bags_by_word: dict[str, list[int]] = {}
        for i, (words, _) in enumerate(bags):
            self._bags_by_word.setdefault(min(words), []).append(i)
        forms = sorted(by_form, key=len, reverse=True)  # longest phrase wins at each position
        self._glossary = re.compile(r"(?<![\w])(" + "|".join(re.escape(f) for f in forms) + r")(?:s|es)?(?![\w])") \
            if forms else None
        self._by_form, self._bags = by_form, tuple(bags)
        self._by_alias = {a.lower(): zh for a, zh in aliases.items()}
        self._aliases = re.compile("|".join(re.escape(a) for a in sorted(self._by_alias, key=len, reverse=True)),
                                   re.IGNORECASE) if self._by_alias else None

    def chinese_terms(self, query: str) -> list[str]:
        """Chinese glossary terms for the English phrases in ``query``: exact phrases in order of
        appearance, then multi-word entries whose words all occur close together in the query, in any
        order and form ("credit-based, risk-classified supervision" finds 信用风险分类监管)."""
        if self._glossary is None:
            return []
        terms: list[str] = []
        for m in self._glossary.finditer(query.lower()):
            for zh in self._by_form[m.group(1)]:
                if zh not in terms:
                    terms.append(zh)
        positions: dict[str, list[int]] = {}
        for i, w in enumerate(_stem_list(query)):
            positions.setdefault(w, []).append(i)
        candidates = sorted(i for w in positions for i in self._bags_by_word.get(w, ()))  # in glossary order
        for i in candidates:
            words, zh = self._bags[i]
            if zh not in terms and _within_window(words, positions):
                terms.append(zh)
        return terms

    def formal_terms(self, query: str) -> list[str]:
        """The document's own terms for the everyday Chinese forms in ``query`` ("电竞" → 电子竞技)."""
        if self._aliases is None:
            return []
        return list(dict.fromkeys(self._by_alias[m.group(0).lower()] for m in self._aliases.finditer(query)))

    def terms(self, query: str, lang: str) -> list[str]:
        return self.chinese_terms(query) if lang == "en" else self.formal_terms(query)
