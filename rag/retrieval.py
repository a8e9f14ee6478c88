"""Hybrid retrieval: BM25 and dense legs rank passages, weighted RRF fuses them.

One question goes through named stages, each a small method:
``encode`` (with ``lexical_scores`` meanwhile) → ``leg_scores`` → ``fuse`` (with ``apply_priors``) →
``best_sentences`` (the highlight) → ``coverage``. ``Retriever.retrieve`` only strings them together and times them.
"""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .config import Settings
from .embedders import Embedder
from .errors import QueryError
from .expansion import QueryExpander
from .fusion import group_max, rrf, zscores
from .hanzi import to_simplified
from .index import EN, Index
from .scope import ScopeReader, has_quantity
from .sparse import STOPWORDS, stem_english
from .types import Hit, Scope

SPARSE_LEGS = ("bm25", "bm25" + EN)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# A measure's first sentence is its title line, which restates the heading: as a quote it says
# less than the measure's content, so its term overlap counts half.
TITLE_LINE_OVERLAP = 0.5
# Between comparably relevant sentences, a question asking "how much" prefers one with a number.
QUANTITY_SENTENCE_BONUS = 1.0
# Terms whose sentence masks are kept (a question has ~10; 4096 masks of ~600 sentences take ~2.5 MB).
TERM_CACHE = 4096
# A heading name shorter than this is too common a string to count as the question quoting it.
MIN_HEADING_NAME = 4


# Words a question uses to point at the document rather than at a topic: its zones in general, its
# plans and measures, "mention". "Which zones' plans mention X?" is about X alone; as terms these
# would favour passages that happen to say 方案 or 措施, and their weight would dilute how much of
# the question a quote covers. Matched in the question's text (Chinese has no word breaks), and
# as English stems: the tokenizer drops English stopwords before stemming, so "plans" got through.
FRAME = re.compile(r"中国（[\u4e00-\u9fff]{2,3}）自由贸易试验区|自由贸易试验区|自贸试验区|自贸区|自由贸易区|"
                   r"方案|措施|提到|提及")
FRAME_STEMS = frozenset(stem_english(w) for w in STOPWORDS if w.isascii()) | {"measur", "mention"}


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def encoder_pool() -> ThreadPoolExecutor:
    """The threads the models encode a question in, one per core, made on first use. The models release the GIL
    (e5 is C behind ctypes, USE is BLAS), so while one encodes, the question's other work runs beside it."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(len(os.sched_getaffinity(0)), thread_name_prefix="encode")
        return _pool


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


@dataclass
class _Scores:
    """What the search stage leaves for the later ones."""

    legs: dict[str, np.ndarray]  # leg → score per passage
    sentences: dict[str, np.ndarray]  # dense leg → score per sentence
    tokens: list[str]  # the question's BM25 terms
    tokens_en: list[str] = field(default_factory=list)  # its terms for the English text, when there is one


class Retriever:
    def __init__(self, settings: Settings, index: Index, embedders: list[Embedder]):
        self.settings = settings
        self.config = settings.retrieval
        self.index = index
        self.corpus = index.corpus
        self.embedders = {e.name: e for e in embedders}
        self.english = index.bm25_en is not None  # the corpus has an English text, indexed as the *_en legs
        self.scope_reader = ScopeReader(self.corpus.zones)
        self.expander = QueryExpander(self.corpus.glossary, self.corpus.zh_aliases)
        self._sentence_passage = np.array([r.passage for r in index.sentences], np.int64)
        self._sentence_number = np.array([r.number for r in index.sentences], np.int64)
        # Each sentence's text as the quote's term overlap reads it, once per index, not once per query.
        lower = [_sentence_text(index.passages[r.passage], r.number).lower() for r in index.sentences]
        lower_en = [_sentence_text(self.corpus.english[index.passages[r.passage].id], r.number).lower()
                    for r in index.sentences] if self.english else [""] * len(index.sentences)
        self._sentences, self._sentences_en = _Sentences(lower), _Sentences(lower_en)
        rows_of: list[list[int]] = [[] for _ in index.passages]
        for row, r in enumerate(index.sentences):
            rows_of[r.passage].append(row)
        self._rows_of = [np.array(rows, np.int64) for rows in rows_of]  # each passage's sentence rows, in order
        self._title_rows = np.array([index.passages[r.passage].measure is not None and r.number == 0
                                     for r in index.sentences], bool)
        self._quantity_rows = np.array([has_quantity(t) for t in lower], bool)
        self._zone_of = np.array([p.zone for p in index.passages])
        titles = self.corpus.titles_en
        self._heading_names = [
            {n.lower() for n in (p.title if p.section else "", titles.get(p.id, "")) if len(n) >= MIN_HEADING_NAME}
            for p in index.passages]

    @property
    def legs(self) -> list[str]:
        zh = ["bm25", *self.embedders]
        return zh + ([leg + EN for leg in zh] if self.english else [])

    def query_tokens(self, query: str, lang: str, terms: list[str] | None = None) -> list[str]:
        """BM25 terms. Zone names are left out: they say where to look (the zone prior), and as
        terms they would favour whichever passage repeats the province's name most. So are the
        words a question frames its topic with (see ``FRAME``)."""
        tokens = self.index.tokenizer(FRAME.sub(" ", query))
        for term in self.expander.terms(query, lang) if terms is None else terms:
            tokens += self.index.tokenizer(term)
        return self._content(tokens)

    def english_tokens(self, query: str) -> list[str]:
        """BM25 terms for the English text: the question's own words, no expansion."""
        return self._content(self.index.tokenizer(FRAME.sub(" ", query)))

    def _content(self, tokens: list[str]) -> list[str]:
        names = self.scope_reader.zone_terms()
        return [t for t in tokens if t not in names and t not in FRAME_STEMS]

    def dense_query(self, query: str, lang: str, terms: list[str] | None = None) -> str:
        """English questions also carry the Chinese terms of their glossary phrases, and Chinese ones
        the formal terms for their everyday words, which gives the multilingual encoders the
        document's own wording to match."""
        if (lang == "en" and self.config.en_dense_glossary) or (lang == "zh" and self.config.zh_dense_aliases):
            terms = self.expander.terms(query, lang) if terms is None else terms
            if terms:
                return f"{query} ({' '.join(terms)})"
        return query

    def retrieve(self, query: str, top_k: int | None = None, zone: str | None = None,
                 lang: str | None = None, weights: dict[str, float] | None = None,
                 meanwhile: Callable[[str, Scope], object] | None = None) -> Retrieval:
        """``meanwhile(lang, scope)``: the caller's own work on the question, run while the models encode it."""
        if not query or not query.strip():
            raise QueryError("question is empty")
        query = to_simplified(query)
        if zone is not None and zone not in self.corpus.zone_by_id:
            raise QueryError(f"unknown zone {zone!r}; zones are {', '.join(self.corpus.zone_ids)}")
        lang = lang or detect_lang(query)
        weights = weights if weights is not None else self.config.weights(lang)
        top_k = top_k or self.config.top_k
        scope = self.scope_reader.analyze(query)
        terms = self.expander.terms(query, lang)
        clock = _Clock()

        def beside_the_models():
            lexical = self.lexical_scores(query, lang, terms, weights)
            if meanwhile is not None:
                meanwhile(lang, scope)
            return lexical

        qvecs, lexical = clock("encode", self.encode, query, lang, terms, weights, beside_the_models)
        scores = clock("search", self.leg_scores, qvecs, lexical)
        ranked, fused, strength = clock("fuse", self.fuse, query, scores, weights, zone, scope)
        hits, coverage = clock("highlight", self.quote, ranked, fused, scores, weights, top_k, scope, lang)
        return Retrieval(query, lang, hits, {self.index.passages[i].id: float(strength[i]) for i in ranked}, scope,
                         clock.timings, coverage)

    # -- stages ---------------------------------------------------------------------------------

    def encode(self, query: str, lang: str, terms: list[str], weights: dict[str, float],
               meanwhile: Callable[[], object] = lambda: None) -> tuple[dict[str, np.ndarray], object]:
        """The question's vector for every dense leg that has weight, and what ``meanwhile()`` returned.
        A leg over the English text gets the question as asked; each distinct text is encoded once per model.
        The texts are encoded at once: all but the last in the encoder pool, the last in this thread, then
        ``meanwhile`` runs here until the pool's are done. The whole takes about as long as the slowest model."""
        text = self.dense_query(query, lang, terms)
        wanted = {}  # leg → (model, text)
        for name in self.embedders:
            for leg, leg_text in ((name, text), (name + EN, query)):
                if weights.get(leg, 0) > 0 and (leg == name or self.english):
                    wanted[leg] = (name, leg_text)
        jobs = list(dict.fromkeys(wanted.values()))
        pending = {job: encoder_pool().submit(self.embedders[job[0]].embed_query, job[1]) for job in jobs[:-1]}
        vectors = {jobs[-1]: self.embedders[jobs[-1][0]].embed_query(jobs[-1][1])} if jobs else {}
        side = meanwhile()
        vectors.update({job: future.result() for job, future in pending.items()})
        return {leg: vectors[job] for leg, job in wanted.items()}, side

    def lexical_scores(self, query: str, lang: str, terms: list[str], weights: dict[str, float]) -> _Scores:
        """Every passage's BM25 score, on the Chinese text and on the English one; no dense leg yet."""
        tokens = self.query_tokens(query, lang, terms)
        legs = {"bm25": self.index.bm25.scores(tokens)}
        tokens_en = self.english_tokens(query) if self.english else []
        if self.english and weights.get("bm25" + EN, 0) > 0:
            legs["bm25" + EN] = self.index.bm25_en.scores(tokens_en)
        return _Scores(legs, {}, tokens, tokens_en)

    def leg_scores(self, qvecs: dict[str, np.ndarray], lexical: _Scores) -> _Scores:
        """Every passage's score on every leg, and every sentence's on the dense legs."""
        n = len(self.index.passages)
        legs: dict[str, np.ndarray] = {}
        sentences: dict[str, np.ndarray] = {}
        for name, q in qvecs.items():
            p_sims = _all_scores(self.index.dense_passages[name], q)
            s_sims = _all_scores(self.index.dense_sentences[name], q)
            best_sentence, _ = group_max(s_sims, self._sentence_passage, n)
            # A long measure covers several topics: its best sentence speaks for it.
            legs[name] = np.maximum(p_sims, best_sentence)
            sentences[name] = s_sims
        return _Scores({**legs, **lexical.legs}, sentences, lexical.tokens, lexical.tokens_en)

    def fuse(self, query: str, scores: _Scores, weights: dict[str, float], zone: str | None,
             scope: Scope) -> tuple[list[int], dict[int, float], np.ndarray]:
        """Rank each leg's candidates, fuse them by weighted RRF, apply the priors; with each passage's
        evidence strength."""
        allowed = np.ones(len(self.index.passages), bool) if zone is None else self._zone_of == zone
        rankings: dict[str, list[int]] = {}
        for leg, leg_scores in scores.legs.items():
            eligible = allowed & (leg_scores > 0) if leg in SPARSE_LEGS else allowed  # zero BM25 = no evidence
            idx = np.flatnonzero(eligible)
            rankings[leg] = idx[np.argsort(-leg_scores[idx], kind="stable")][: self.config.candidates].tolist()
        fused = rrf(rankings, weights, self.config.rrf_k)
        strength = strengths(scores.legs, weights, len(self.index.passages))
        self.apply_priors(query, fused, strength, zone, scope)
        return sorted(fused, key=lambda i: (-fused[i], i)), fused, strength

    def apply_priors(self, query: str, fused: dict[int, float], strength: np.ndarray, zone: str | None,
                     scope: Scope) -> None:
        """Soft priors, in place: zones the question names, and headings it quotes."""
        if zone is None and 0 < len(scope.zones) < len(self.corpus.zones):
            # The question names its zone(s): other zones' passages stay, ranked lower. (Naming every
            # zone narrows nothing.)
            for i in fused:
                if self._zone_of[i] not in scope.zones:
                    fused[i] *= self.config.zone_prior
        # A question that names a section or measure verbatim ("… 实施范围") means that one: it ranks
        # higher, and the naming is evidence in its own right.
        lowered = query.lower()
        for i in fused:
            if any(name in lowered for name in self._heading_names[i]):
                fused[i] *= self.config.heading_boost
                strength[i] += self.config.heading_evidence

    def quote(self, ranked: list[int], fused: dict[int, float], scores: _Scores, weights: dict[str, float],
              top_k: int, scope: Scope, lang: str = "zh") -> tuple[list[Hit], dict[str, float]]:
        """The hits, each with the sentence it would quote, and how much of the question each quote states.
        Quotes are chosen as deep as zone evidence is looked for (answer.zone_evidence_depth)."""
        depth = self.settings.answer.zone_evidence_depth
        best = self.best_sentences(scores.sentences, weights, scores.tokens, ranked[: max(top_k, depth)],
                                   scope.quantity, scores.tokens_en)
        hits = []
        for i in ranked[: max(top_k, self.config.candidates)]:
            p = self.index.passages[i]
            legs = {leg: float(s[i]) for leg, s in scores.legs.items()}
            hits.append(Hit(p, float(fused[i]), legs, best.get(i, _first_content_sentence(p))))
        if lang == "en" and self.english:
            # An English question is measured against the English quote, in its own words.
            return hits, self.coverage(scores.tokens_en, hits[: max(top_k, depth)], english=True)
        return hits, self.coverage(scores.tokens, hits[: max(top_k, depth)])

    def coverage(self, tokens: list[str], hits: list[Hit], english: bool = False) -> dict[str, float]:
        """Per hit, the share of the question's terms (by IDF) that its quoted sentence contains."""
        bm25, terms = (self.index.bm25_en, self.index.sentence_terms_en) if english else \
            (self.index.bm25, self.index.sentence_terms)
        weights = {t: bm25.idf(t) for t in set(tokens)}
        total = sum(weights.values())
        if total <= 0:
            return {}
        out = {}
        for hit in hits:
            sentence = terms.get((hit.passage.id, hit.sentence), frozenset())
            out[hit.passage.id] = sum(w for t, w in weights.items() if t in sentence) / total
        return out

    def best_sentences(self, sentence_scores: dict[str, np.ndarray], weights: dict[str, float],
                       tokens: list[str], passages: list[int], quantity: bool = False,
                       tokens_en: list[str] = ()) -> dict[int, int]:
        """Per passage, the sentence that best answers: dense similarity plus lexical overlap."""
        if not passages:
            return {}
        combined = np.zeros(len(self.index.sentences))
        for name, sims in sentence_scores.items():
            combined += weights.get(name, 0.0) * zscores(sims)
        overlap = self._sentences.overlap(set(tokens))
        if tokens_en:  # the question's own words in the English sentence
            overlap = np.maximum(overlap, self._sentences_en.overlap(set(tokens_en)))
        overlap = np.where(self._title_rows, overlap * TITLE_LINE_OVERLAP, overlap)
        # Lexical overlap counts where a lexical leg does: a dense-only ablation stays dense-only.
        lexical = self.config.highlight_overlap if any(weights.get(leg, 0.0) > 0 for leg in SPARSE_LEGS) else 0.0
        score = combined + lexical * overlap
        if quantity:
            score = np.where(self._quantity_rows, score + QUANTITY_SENTENCE_BONUS, score)
        best = {}
        for pi in set(passages):
            rows = self._rows_of[pi]
            if len(rows):
                best[pi] = int(self._sentence_number[rows[np.argmax(score[rows])]])  # the first of equals
        return best


class _Sentences:
    """Sentence texts, and for a term the mask of those containing it, kept for the terms asked most (a
    portal's questions share most of their terms; a new term costs one pass over the texts)."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.holding = lru_cache(maxsize=TERM_CACHE)(self._holding)

    def _holding(self, term: str) -> np.ndarray:
        mask = np.fromiter((term in t for t in self.texts), bool, len(self.texts))
        mask.setflags(write=False)  # shared by every later question with this term
        return mask

    def overlap(self, terms: set[str]) -> np.ndarray:
        """Per text, the share of the terms' characters it contains."""
        chars = np.zeros(len(self.texts), np.int64)
        for t in terms:
            chars += len(t) * self.holding(t)
        return chars / max(1, sum(len(t) for t in terms))


def strengths(leg_scores: dict[str, np.ndarray], weights: dict[str, float], n: int) -> np.ndarray:
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


class _Clock:
    """Runs a stage and records its milliseconds under its name."""

    def __init__(self):
        self.timings: dict[str, float] = {}

    def __call__(self, name: str, fn, *args):
        t = time.perf_counter()
        out = fn(*args)
        self.timings[name] = (time.perf_counter() - t) * 1000
        return out


def _sentence_text(p, number: int) -> str:
    a, b = p.sentences[number]
    return p.text[a:b]


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
