"""What each passage and sentence looks like to the indexes.

Indexed text carries the heading path (plan › section › measure title) so that a
question naming a zone or a section finds it, and the English titles as document
expansion so that English questions have English words to match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import data
from .corpus import ZONE_ZH, Document
from .sparse import document_names
from .types import Passage


@dataclass(frozen=True)
class TextViews:
    user_words: list[str]
    version: str

    @classmethod
    def for_document(cls, doc: Document) -> "TextViews":
        words = document_names(doc.source) + [e.zh for e in data.glossary()]
        return cls(user_words=sorted(set(words)), version=current_version())

    @staticmethod
    def heading_path(p: Passage) -> list[str]:
        zone = ZONE_ZH.get(p.zone)
        plan = f"中国（{zone}）自由贸易试验区" if zone else "国务院通知"
        return [plan, *p.section] + ([p.title] if p.measure else [])

    @staticmethod
    def english_path(p: Passage) -> list[str]:
        titles = data.titles_en()
        ids = [p.zone] + ["/".join(p.id.split("/")[:n]) for n in range(2, len(p.id.split("/")) + 1)]
        return [titles[i] for i in ids if i in titles]

    def passage_text(self, p: Passage) -> str:
        return "\n".join([" › ".join(self.heading_path(p)), " › ".join(self.english_path(p)), p.text]).strip()

    def sparse_text(self, p: Passage) -> str:
        """What BM25 indexes: the passage text, plus the English forms of every glossary term the
        passage uses. English questions then match on the document's own vocabulary word by word,
        even when they phrase a term differently from any single glossary form."""
        return "\n".join([self.passage_text(p), glosses(p.text)]).strip()

    def sentence_text(self, p: Passage, number: int) -> str:
        a, b = p.sentences[number]
        zone = ZONE_ZH.get(p.zone, "")
        title = p.title if p.measure else (p.section[-1] if p.section else "")
        return f"{zone}自贸试验区 {title}：{p.text[a:b]}"


def glosses(text: str) -> str:
    """The English forms of every glossary term ``text`` uses, as one line."""
    squashed = re.sub(r"\s+", "", text)
    return " ; ".join(form for e in data.glossary() if e.zh in squashed for form in e.english_forms)


def current_version() -> str:
    # 2: BM25 text carries glossary English forms, and English words are stemmed
    return f"2-{data.data_version()}"

