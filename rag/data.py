"""Product data shipped with the library: English titles, zone names, the bilingual glossary."""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = ("titles_en.json", "zones.json", "glossary.tsv")


@dataclass(frozen=True)
class GlossaryEntry:
    zh: str
    en: str
    aliases: tuple[str, ...]

    @property
    def english_forms(self) -> tuple[str, ...]:
        return (self.en, *self.aliases)


@lru_cache(maxsize=1)
def titles_en() -> dict[str, str]:
    path = DATA_DIR / "titles_en.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@lru_cache(maxsize=1)
def zones() -> dict[str, dict]:
    path = DATA_DIR / "zones.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@lru_cache(maxsize=1)
def glossary() -> tuple[GlossaryEntry, ...]:
    path = DATA_DIR / "glossary.tsv"
    if not path.exists():
        return ()
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return tuple(
        GlossaryEntry(r["zh"].strip(), r["en"].strip(), tuple(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()))
        for r in rows if r.get("zh") and r.get("en")
    )


@lru_cache(maxsize=1)
def zh_aliases() -> dict[str, str]:
    """Everyday Chinese forms → the document's own term ("综保区" → "综合保税区")."""
    path = DATA_DIR / "zh_aliases.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {r["alias"].strip(): r["zh"].strip() for r in csv.DictReader(f, delimiter="\t")
                if r.get("alias") and r.get("zh")}


def data_version() -> str:
    """Changes whenever a data file that shapes indexed text changes."""
    h = hashlib.sha256()
    for name in FILES:
        path = DATA_DIR / name
        h.update(name.encode())
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:16]
