"""Extractive answers: decide found / not found, pick the zones, quote the sentences. No LLM."""
from __future__ import annotations

from . import data
from .config import Settings
from .corpus import ZONE_ZH
from .retrieval import Retrieval
from .scope import has_quantity
from .texts import TextViews
from .types import Answer, Hit

NOT_FOUND = {
    "zh": "文件未涉及这个问题。国发〔2020〕10号只包含北京、湖南、安徽自由贸易试验区总体方案和浙江自由贸易试验区扩展区域方案。",
    "en": "The document does not cover this question. Notice Guofa [2020] No. 10 contains only the overall plans of "
          "the Beijing, Hunan and Anhui pilot free trade zones and the Zhejiang extension plan.",
}


def zone_name(zone: str, lang: str, short: bool = False) -> str:
    info = data.zones().get(zone, {})
    if lang == "en":
        fallback = zone.capitalize() if short else f"China ({zone.capitalize()}) Pilot Free Trade Zone"
        return info.get("short_en" if short else "en", fallback)
    zh = ZONE_ZH.get(zone, "")
    return info.get("short_zh" if short else "zh", zh if short else f"中国（{zh}）自由贸易试验区")


def display_zone(zone: str, lang: str) -> str:
    """A plan's zone name, or what the notice's own cover letter is called."""
    if zone in ZONE_ZH:
        return zone_name(zone, lang)
    return "国务院通知" if lang == "zh" else "State Council notice"


def title_for(hit: Hit, lang: str) -> str:
    p = hit.passage
    if lang == "en":
        return data.titles_en().get(p.id, p.title)
    return p.title


def evidence(retrieval: Retrieval, hit: Hit, settings: Settings) -> float:
    """How well a passage answers the question: its strength, plus (weighted) the share of the
    question's terms that its quote states."""
    weight = settings.coverage_weight.get(retrieval.lang, 0.0)
    return retrieval.strength.get(hit.passage.id, 0.0) + weight * retrieval.coverage.get(hit.passage.id, 0.0)


def zone_evidence(retrieval: Retrieval, settings: Settings) -> dict[str, Hit]:
    """Per zone, the passage that speaks for it: its strongest among the leading hits that could
    answer the question."""
    scope = retrieval.scope
    best: dict[str, Hit] = {}
    for hit in retrieval.hits[:settings.zone_evidence_depth]:
        z = hit.passage.zone
        if z not in ZONE_ZH or (scope.zones and z not in scope.zones):
            continue
        # A question asking for a number is answered only by a sentence that states one, and when
        # it asks about an area (片区), one that names that area: not another area's figure.
        quote = hit.passage.text[slice(*hit.highlight)]
        if scope.quantity and (not has_quantity(quote) or any(a not in quote for a in scope.areas)):
            continue
        if z not in best or retrieval.strength[hit.passage.id] > retrieval.strength[best[z].passage.id]:
            best[z] = hit
    return best


def choose_zones(retrieval: Retrieval, settings: Settings) -> tuple[list[tuple[str, Hit]], float]:
    """Every zone whose own best passage is strong evidence, best first, with that passage; and the
    confidence: the leading passage's evidence, which decides found / not found."""
    scope = retrieval.scope
    if scope.out_of_scope:
        return [], 0.0  # about another free trade zone: this document has nothing to say
    best = zone_evidence(retrieval, settings)
    if not best:
        return [], 0.0
    strength = {z: retrieval.strength.get(h.passage.id, 0.0) for z, h in best.items()}
    lead = max(strength, key=strength.get)
    confidence = evidence(retrieval, best[lead], settings)
    if confidence < settings.threshold(retrieval.lang):
        return [], confidence
    top = strength[lead]
    ratio = settings.zone_ratio_listing if scope.listing else settings.zone_ratio
    bar = max(settings.floor(retrieval.lang), ratio * top)
    chosen = [z for z in best if z == lead or strength[z] >= bar]
    if scope.listing:
        # "Which zones …": a zone also counts when its quote states the question's terms about as
        # fully as the leading zone's quote does, though its passage scores lower overall.
        covered = retrieval.coverage.get(best[lead].passage.id, 0.0)
        chosen += [z for z in best if z not in chosen and strength[z] >= ratio * top and covered > 0
                   and retrieval.coverage.get(best[z].passage.id, 0.0) >= settings.zone_coverage_listing * covered]
    chosen.sort(key=lambda z: -strength[z])
    return [(z, best[z]) for z in chosen[: settings.max_zones]], confidence


def compose(retrieval: Retrieval, settings: Settings, top_k: int) -> Answer:
    lang = retrieval.lang
    zones, confidence = choose_zones(retrieval, settings)
    hits = tuple(retrieval.hits[:top_k])
    if not zones:
        return Answer(retrieval.query, lang, False, NOT_FOUND[lang], (), hits, confidence)
    lines = []
    for zone, hit in zones:
        p = hit.passage
        a, b = hit.highlight
        quote = p.text[a:b].strip()
        where = title_for(hit, lang)
        if lang == "en":
            measure = f"measure {p.measure}, " if p.measure else ""
            lines.append(f"{zone_name(zone, lang)} ({measure}“{where}”): “{quote}”")
        else:
            measure = f"第{p.measure}条" if p.measure else ""
            lines.append(f"{zone_name(zone, lang)}（{measure}“{where}”）：{quote}")
    head = "According to the notice:" if lang == "en" else "根据文件："
    # The passages the answer quotes lead the citations, in the answer's order; the rest follow by rank.
    quoted = tuple(h for _, h in zones)
    hits = quoted + tuple(h for h in retrieval.hits if h not in quoted)[: max(0, top_k - len(quoted))]
    return Answer(retrieval.query, lang, True, "\n".join([head, *lines]), tuple(z for z, _ in zones), hits,
                  confidence, cited=tuple(h.passage.id for h in quoted))


def heading_path(hit: Hit, lang: str) -> list[str]:
    """zone › part › section › measure, in the answer's language where titles exist."""
    p = hit.passage
    if p.zone not in ZONE_ZH:
        return [display_zone(p.zone, lang)]
    if lang == "en":
        return [zone_name(p.zone, lang), *TextViews.english_path(p)[1:]]  # [0] is the plan's title
    return [zone_name(p.zone, lang), *p.section] + ([p.title] if p.measure else [])


def to_contract(answer: Answer) -> dict:
    """The stable `ask` JSON contract (see README)."""
    return {
        "question": answer.question,
        "lang": answer.lang,
        "found": answer.found,
        "answer": answer.text,
        "zones": list(answer.zones),
        "confidence": round(answer.confidence, 4),
        "cited": list(answer.cited),
        "citations": [citation(h, answer.lang) for h in answer.hits],
        "groups": citation_groups(answer),
    }


def citation_groups(answer: Answer) -> list[dict]:
    """The citations grouped by zone: the zones the answer names first, in its order, then the
    others as they first appear. Each group lists indices into the citations, in rank order."""
    order = list(answer.zones)
    for h in answer.hits:
        if h.passage.zone not in order:
            order.append(h.passage.zone)
    groups = []
    for zone in order:
        members = [i for i, h in enumerate(answer.hits) if h.passage.zone == zone]
        if members:
            groups.append({"zone": zone, "zone_name": display_zone(zone, answer.lang), "named": zone in answer.zones,
                           "citations": members})
    return groups


def citation(hit: Hit, lang: str) -> dict:
    p = hit.passage
    return {
        "id": p.id,
        "zone": p.zone,
        "zone_name": display_zone(p.zone, lang),
        "section": list(p.section),
        "measure": p.measure,
        "title": p.title,
        "title_en": data.titles_en().get(p.id),
        "path": heading_path(hit, lang),
        "text": p.text,
        "highlight": list(hit.highlight),
        "start": p.start,
        "end": p.end,
        "score": round(hit.score, 6),
    }
