"""What each passage and sentence looks like to the indexes.

Indexed text carries the heading path (plan › section › measure title) so that a
question naming a zone or a section finds it, and the English titles as document
expansion so that English questions have English words to match.
"""
from __future__ import annotations

import re

from .corpus import Corpus
from .sparse import document_names
from .types import Passage

# Bump when the way indexed text is made changes: an index made the old way is then refused.
# (The corpus data it is made from is checked by each package's sha256.)
VERSION = "4"  # 4: English legs over the package's en.jsonl


class TextViews:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        words = [w for d in corpus.documents.values() for w in document_names(d.source)]
        self.user_words = sorted(set(words + [e.zh for e in corpus.glossary]))

    def heading_path(self, p: Passage) -> list[str]:
        plan = self.corpus.zone_name(p.zone, "zh", doc=p.doc)
        return [plan, *p.section] + ([p.title] if p.measure else [])

    def english_path(self, p: Passage) -> list[str]:
        """The English titles from plan to passage (the plan's title first), where the package has them."""
        titles = self.corpus.titles_en
        zone_id = self.corpus.passage_id(p.doc, p.zone)
        local = p.id.split(":")[-1].split("/")
        ids = [zone_id] + [self.corpus.passage_id(p.doc, "/".join(local[:n])) for n in range(2, len(local) + 1)]
        return [titles[i] for i in ids if i in titles]

    def passage_text(self, p: Passage) -> str:
        return "\n".join([" › ".join(self.heading_path(p)), " › ".join(self.english_path(p)), p.text]).strip()

    def sparse_text(self, p: Passage) -> str:
        """What BM25 indexes: the passage text, plus the English forms of every glossary term the
        passage uses. English questions then match on the document's own vocabulary word by word,
        even when they phrase a term differently from any single glossary form."""
        return "\n".join([self.passage_text(p), self.glosses(p.text)]).strip()

    def sentence_text(self, p: Passage, number: int) -> str:
        a, b = p.sentences[number]
        zone = self.corpus.zone_by_id.get(p.zone)
        title = p.title if p.measure else (p.section[-1] if p.section else "")
        return f"{zone.short_zh if zone else ''}自贸试验区 {title}：{p.text[a:b]}"

    def glosses(self, text: str) -> str:
        """The English forms of every glossary term ``text`` uses, as one line."""
        squashed = re.sub(r"\s+", "", text)
        return " ; ".join(form for e in self.corpus.glossary if e.zh in squashed for form in e.english_forms)

    # -- the English text (en.jsonl), for the English legs --

    def english_passage_text(self, p: Passage) -> str:
        """The English heading path and the passage's English text: what the English legs index."""
        return "\n".join([" › ".join(self.english_path(p)), self.corpus.english[p.id].text]).strip()

    def english_sentence_text(self, p: Passage, number: int) -> str:
        a, b = self.corpus.english[p.id].sentences[number]
        zone = self.corpus.zone_by_id.get(p.zone)
        titles = self.english_path(p)
        title = titles[-1] if len(titles) > 1 else ""
        return f"{zone.short_en + ' pilot FTZ ' if zone else ''}{title}: {self.corpus.english[p.id].text[a:b]}"
