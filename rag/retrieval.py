"""Hybrid retrieval: BM25 and dense legs rank passages, weighted RRF fuses them."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from . import data
from .config import Settings
from .corpus import ZONES
from .embedders import Embedder
from .errors import QueryError
from .expansion import expansion_terms
from .fusion import group_max, rrf, zscores
from .index import Index
from .scope import Scope, analyze, has_quantity, zone_terms
from .sparse import STOPWORDS, stem_english
from .types import Hit

SPARSE_LEGS = ("bm25",)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


# Words a question uses to point at the document rather than at a topic: its zones in general, its
# plans and measures, "mention". "Which zones' plans mention X?" is about X alone; as terms these
# would favour passages that happen to say 方案 or 措施, and their weight would dilute how much of
# the question a quote covers. Matched in the question's text (Chinese has no word breaks), and
# as English stems: the tokenizer drops English stopwords before stemming, so "plans" got through.
FRAME = re.compile(r"中国（[\u4e00-\u9fff]{2,3}）自由贸易试验区|自由贸易试验区|自贸试验区|自贸区|自由贸易区|"
                   r"方案|措施|提到|提及")
FRAME_STEMS = frozenset(stem_english(w) for w in STOPWORDS if w.isascii()) | {"measur", "mention"}


def detect_lang(text: str) -> str:
    """zh if the text is mostly Chinese characters, else en (acronyms like QFLP don't count)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 3 >= latin else "en"


@dataclass
class Retrieval:
    query: str
    lang: str
    hits: list[Hit]  # fused ranking, best first
    strength: dict[str, float]  # passage id → evidence strength (standardized, comparable across queries)
    scope: Scope = Scope((), (), False)
    timings_ms: dict[str, float] = field(default_factory=dict)
    # passage id → share of the question's terms (by IDF) that its quoted sentence contains
    coverage: dict[str, float] = field(default_factory=dict)


class Retriever:
    def __init__(self, settings: Settings, index: Index, embedders: list[Embedder]):
        self.settings = settings
        self.index = index
        self.embedders = {e.name: e for e in embedders}
        self._sentence_passage = np.array([r.passage for r in index.sentences], np.int64)
        self._sentence_number = np.array([r.number for r in index.sentences], np.int64)
        self._zone_of = np.array([p.zone for p in index.passages])
        titles = data.titles_en()
        self._heading_names = [
            {n.lower() for n in (p.title if p.section else "", titles.get(p.id, "")) if len(n) >= 4}
            for p in index.passages]

    @property
    def legs(self) -> list[str]:
        return [*SPARSE_LEGS, *self.embedders]

    def query_tokens(self, query: str, lang: str, terms: list[str] | None = None) -> list[str]:
        """BM25 terms. Zone names are left out: they say where to look (the zone prior), and as
        terms they would favour whichever passage repeats the province's name most. So are the
        words a question frames its topic with (see ``FRAME``)."""
        tokens = self.index.tokenizer(FRAME.sub(" ", query))
        for term in expansion_terms(query, lang) if terms is None else terms:
            tokens += self.index.tokenizer(term)
        names = zone_terms()
        return [t for t in tokens if t not in names and t not in FRAME_STEMS]

    def dense_query(self, query: str, lang: str, terms: list[str] | None = None) -> str:
        """English questions also carry the Chinese terms of their glossary phrases, and Chinese ones
        the formal terms for their everyday words, which gives the multilingual encoders the
        document's own wording to match."""
        if (lang == "en" and self.settings.en_dense_glossary) or (lang == "zh" and self.settings.zh_dense_aliases):
            terms = expansion_terms(query, lang) if terms is None else terms
            if terms:
                return f"{query} ({' '.join(terms)})"
        return query

    def retrieve(self, query: str, top_k: int | None = None, zone: str | None = None,
                 lang: str | None = None, weights: dict[str, float] | None = None) -> Retrieval:
        if not query or not query.strip():
            raise QueryError("question is empty")
        if zone is not None and zone not in ZONES:
            raise QueryError(f"unknown zone {zone!r}; zones are {', '.join(ZONES)}")
        lang = lang or detect_lang(query)
        weights = weights if weights is not None else self.settings.weights(lang)
        top_k = top_k or self.settings.top_k
        n = len(self.index.passages)
        scope = analyze(query)
        terms = expansion_terms(query, lang)
        timings: dict[str, float] = {}

        t = time.perf_counter()
        dense_text = self.dense_query(query, lang, terms)
        qvecs = {name: emb.embed_query(dense_text) for name, emb in self.embedders.items() if weights.get(name, 0) > 0}
        timings["encode"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        allowed = np.ones(n, bool) if zone is None else self._zone_of == zone
        leg_scores: dict[str, np.ndarray] = {}
        sentence_scores: dict[str, np.ndarray] = {}
        for name, q in qvecs.items():
            p_sims = _all_scores(self.index.dense_passages[name], q)
            s_sims = _all_scores(self.index.dense_sentences[name], q)
            best_sentence, _ = group_max(s_sims, self._sentence_passage, n)
            # A long measure covers several topics: its best sentence speaks for it.
            leg_scores[name] = np.maximum(p_sims, best_sentence)
            sentence_scores[name] = s_sims
        tokens = self.query_tokens(query, lang, terms)
        leg_scores["bm25"] = self.index.bm25.scores(tokens)
        timings["search"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        rankings: dict[str, list[int]] = {}
        for leg, scores in leg_scores.items():
            eligible = allowed & (scores > 0) if leg in SPARSE_LEGS else allowed  # zero BM25 = no evidence
            idx = np.flatnonzero(eligible)
            order = idx[np.argsort(-scores[idx], kind="stable")][: self.settings.candidates]
            rankings[leg] = order.tolist()
        fused = rrf(rankings, weights, self.settings.rrf_k)
        if zone is None and 0 < len(scope.zones) < 4:
            # The question names its zone(s): other zones' passages stay, ranked lower.
            for i in fused:
                if self._zone_of[i] not in scope.zones:
                    fused[i] *= self.settings.zone_prior
        strength = self._strength(leg_scores, weights, n)
        # A question that names a section or measure verbatim ("湖南 … 实施范围") means that one:
        # it ranks higher, and the naming is evidence in its own right.
        lowered = query.lower()
        for i in fused:
            if any(name in lowered for name in self._heading_names[i]):
                fused[i] *= self.settings.heading_boost
                strength[i] += self.settings.heading_evidence
        ranked = sorted(fused, key=lambda i: (-fused[i], i))
        timings["fuse"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        best_sentences = self._best_sentences(sentence_scores, weights, tokens, ranked[: max(top_k, 20)], scope.quantity)
        hits = []
        for i in ranked[: max(top_k, self.settings.candidates)]:
            legs = {leg: float(scores[i]) for leg, scores in leg_scores.items()}
            hits.append(Hit(self.index.passages[i], float(fused[i]), legs, best_sentences.get(i, _first_content_sentence(self.index.passages[i]))))
        coverage = self._coverage(tokens, hits[: max(top_k, self.settings.zone_evidence_depth)])
        timings["highlight"] = (time.perf_counter() - t) * 1000
        return Retrieval(query, lang, hits, {self.index.passages[i].id: float(strength[i]) for i in ranked}, scope,
                         timings, coverage)

    def _coverage(self, tokens: list[str], hits: list[Hit]) -> dict[str, float]:
        weights = {t: self.index.bm25.idf(t) for t in set(tokens)}
        total = sum(weights.values())
        if total <= 0:
            return {}
        out = {}
        for hit in hits:
            sentence = self.index.sentence_terms.get((hit.passage.id, hit.sentence), frozenset())
            out[hit.passage.id] = sum(w for t, w in weights.items() if t in sentence) / total
        return out

    def _strength(self, leg_scores: dict[str, np.ndarray], weights: dict[str, float], n: int) -> np.ndarray:
        """Weighted mean of each leg's z-score: how far a passage stands out for this query.

        Unlike RRF scores it is comparable across queries, so thresholds on it can be calibrated.
        """
        total = np.zeros(n)
        weight_sum = 0.0
        for leg, scores in leg_scores.items():
            w = weights.get(leg, 0.0)
            if w <= 0:
                continue
            if leg in SPARSE_LEGS and not scores.any():
                z = np.zeros_like(total)  # no lexical evidence at all: this leg says nothing
            else:
                z = zscores(scores)
            total += w * z
            weight_sum += w
        return total / weight_sum if weight_sum else total

    def _best_sentences(self, sentence_scores: dict[str, np.ndarray], weights: dict[str, float],
                        tokens: list[str], passages: list[int], quantity: bool = False) -> dict[int, int]:
        """Per passage, the sentence that best answers: dense similarity plus lexical overlap."""
        if not passages:
            return {}
        n_sent = len(self.index.sentences)
        combined = np.zeros(n_sent)
        for name, sims in sentence_scores.items():
            combined += weights.get(name, 0.0) * zscores(sims)
        wanted = set(passages)
        token_set = set(tokens)
        # Lexical overlap counts where the lexical leg does: a dense-only ablation stays dense-only.
        lexical = self.settings.highlight_overlap if weights.get("bm25", 0.0) > 0 else 0.0
        best: dict[int, tuple[float, int]] = {}
        for row in np.flatnonzero(np.isin(self._sentence_passage, passages)):
            pi = int(self._sentence_passage[row])
            number = int(self._sentence_number[row])
            p = self.index.passages[pi]
            a, b = p.sentences[number]
            text = p.text[a:b].lower()
            overlap = sum(len(tok) for tok in token_set if tok in text) / max(1, sum(len(t) for t in token_set))
            if p.measure is not None and number == 0:
                overlap *= 0.5  # the measure's title line restates the heading; prefer its content
            score = combined[row] + lexical * overlap
            if quantity and has_quantity(text):
                score += 1.0  # between comparably relevant sentences, "how much" prefers the one with a number
            if pi in wanted and (pi not in best or score > best[pi][0]):
                best[pi] = (score, number)
        return {pi: number for pi, (_, number) in best.items()}


def _first_content_sentence(p) -> int:
    return 1 if p.measure is not None and len(p.sentences) > 1 else 0


def _all_scores(index, q: np.ndarray) -> np.ndarray:
    """Inner product of q with every row, in row order."""
    k = index.ntotal
    sims, ids = index.search(q.reshape(1, -1).astype(np.float32), k)
    out = np.full(k, -1.0, np.float32)
    valid = ids[0] >= 0
    out[ids[0][valid]] = sims[0][valid]
    return out
