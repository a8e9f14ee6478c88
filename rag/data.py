"""General data shipped with the library, for any corpus. A document's own data (English titles,
glossary, aliases) lives in its corpus package (rag.corpus)."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def other_ftz_names() -> tuple[str, ...]:
    """Zh and en names of China's other free trade zones and ports: a question about one of them
    is about none of a corpus's zones."""
    path = DATA_DIR / "other_ftz.tsv"
    if not path.exists():
        return ()
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(v for row in csv.DictReader(f, delimiter="\t") for v in (row["zh"], row["en"]) if v)
