"""The ``ask`` and ``search`` contracts (and a passage) as JSON: the one serializer the CLI, the API, SSE,
the MCP tools, metrics and ``rag eval`` share, and its inverse for answers that come back over HTTP."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .types import Answer, Citation, Group, Passage

if TYPE_CHECKING:
    from .retrieval import Retrieval

# Rounded so that the JSON is stable and short; the ranking itself uses full precision.
CONFIDENCE_DECIMALS = 4
SCORE_DECIMALS = 6


def citation_dict(c: Citation) -> dict:
    return {"id": c.id, "doc": c.doc, "zone": c.zone, "zone_name": c.zone_name, "section": list(c.section),
            "measure": c.measure, "title": c.title, "title_en": c.title_en, "path": list(c.path), "text": c.text,
            "highlight": list(c.highlight), "start": c.start, "end": c.end, "score": round(c.score, SCORE_DECIMALS),
            "text_en": c.text_en, "highlight_en": list(c.highlight_en) if c.highlight_en else None}


def answer_dict(answer: Answer) -> dict:
    """The stable ``ask`` JSON contract (see README)."""
    return {
        "question": answer.question,
        "lang": answer.lang,
        "found": answer.found,
        "status": answer.tier,
        "answer": answer.text,
        "zones": list(answer.zones),
        "confidence": round(answer.confidence, CONFIDENCE_DECIMALS),
        "cited": list(answer.cited),
        "citations": [citation_dict(c) for c in answer.citations],
        "groups": [{"zone": g.zone, "zone_name": g.zone_name, "named": g.named, "citations": list(g.citations)}
                   for g in answer.groups],
    }


def answer_from_dict(d: dict) -> Answer:
    """An ``ask`` contract read back (``rag eval --url``): the same type the library returns."""
    citations = tuple(Citation(
        id=c["id"], doc=c.get("doc", ""), zone=c["zone"], zone_name=c.get("zone_name", c["zone"]),
        section=tuple(c.get("section", ())), measure=c.get("measure"), title=c.get("title", ""),
        title_en=c.get("title_en"), path=tuple(c.get("path", ())), text=c["text"],
        highlight=tuple(c.get("highlight", (0, len(c["text"])))), start=c.get("start", 0), end=c.get("end", 0),
        score=float(c.get("score", 0.0)), text_en=c.get("text_en"),
        highlight_en=tuple(c["highlight_en"]) if c.get("highlight_en") else None) for c in d.get("citations", ()))
    groups = tuple(Group(g["zone"], g["zone_name"], g["named"], tuple(g["citations"])) for g in d.get("groups", ()))
    return Answer(question=d["question"], lang=d["lang"], found=bool(d["found"]), text=d.get("answer", ""),
                  zones=tuple(d.get("zones", ())), confidence=float(d.get("confidence", 0.0)),
                  cited=tuple(d.get("cited", ())), citations=citations, groups=groups,
                  status=d.get("status"))


def search_dict(r: "Retrieval", k: int, legs: list[str], zone: str | None = None) -> dict:
    """Ranked passages with each leg's raw score, the fused score and the evidence strength."""
    hits = []
    for rank, h in enumerate(r.hits[:k], 1):
        p = h.passage
        a, b = h.highlight
        hits.append({"rank": rank, "id": p.id, "doc": p.doc, "zone": p.zone, "title": p.title,
                     "fused": round(h.score, SCORE_DECIMALS),
                     "legs": {leg: round(v, SCORE_DECIMALS) for leg, v in h.legs.items()},
                     "strength": round(r.strength.get(p.id, 0.0), CONFIDENCE_DECIMALS), "highlight": [a, b],
                     "highlight_text": p.text[a:b], "start": p.start, "end": p.end})
    return {"query": r.query, "lang": r.lang, "zone": zone, "k": k, "legs": legs, "hits": hits}


def passage_dict(p: Passage, path: list[str], title_en: str | None) -> dict:
    """One passage with its heading path (``Composer.heading_path``) and offsets into its document's source."""
    return {"id": p.id, "doc": p.doc, "zone": p.zone, "section": list(p.section), "measure": p.measure,
            "title": p.title, "title_en": title_en, "path": list(path), "text": p.text, "start": p.start,
            "end": p.end, "sentences": [list(s) for s in p.sentences]}
