"""Cross-lingual query expansion from the bilingual glossary (for the BM25 leg)."""
from __future__ import annotations

import re
from functools import lru_cache

from . import data


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern | None, dict[str, list[str]]]:
    by_form: dict[str, list[str]] = {}
    for entry in data.glossary():
        for form in entry.english_forms:
            form = form.lower().strip()
            if len(form) >= 2:
                by_form.setdefault(form, []).append(entry.zh)
    if not by_form:
        return None, {}
    forms = sorted(by_form, key=len, reverse=True)  # longest phrase wins at each position
    pattern = r"(?<![\w])(" + "|".join(re.escape(f) for f in forms) + r")(?:s|es)?(?![\w])"
    return re.compile(pattern), by_form


def chinese_terms(query: str) -> list[str]:
    """Chinese glossary terms for the English phrases in ``query``, in order of appearance."""
    pattern, by_form = _matcher()
    if pattern is None:
        return []
    terms: list[str] = []
    for m in pattern.finditer(query.lower()):
        for zh in by_form[m.group(1)]:
            if zh not in terms:
                terms.append(zh)
    return terms
