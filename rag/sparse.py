"""The sparse leg: jieba tokens scored with BM25 (bm25s)."""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import bm25s
import jieba
import numpy as np
import snowballstemmer

jieba.setLogLevel(logging.WARNING)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import

# Function words that jieba emits as tokens and that carry no topic. English ones matter
# because English questions reach this leg too: only content words should score.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 对 为 是 等 将 把 被 由 从 向 以 于 其 之 并 也 又 都 而 且 有 无 可 能 要 按 "
    "我们 你们 他们 一家 哪些 哪个 什么 怎么 如何 是否 可以 能否 吗 呢 吧 啊 "
    "a an the of in on at to for from by with and or is are was were be been do does did can could "
    "which what who whom how where when why that this these those it its any there their our we you i "
    "zone zones ftz pilot free trade plan about under allow allows allowed lets let want wants "
    "company companies".split()
)
_TOKEN = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_LATIN = re.compile(r"[a-z]+")


_local = threading.local()


@lru_cache(maxsize=65536)
def stem_english(word: str) -> str:
    """Snowball English stem. A Snowball stemmer keeps state while it works, so each thread has
    its own; the cache makes repeat words free."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


class Tokenizer:
    """jieba in search mode with the document's own names as a user dictionary. English words are
    stemmed (Snowball), so "licences" in a question meets "licence" in an indexed title or gloss."""

    def __init__(self, user_words: list[str] = ()):
        self.user_words = sorted(set(w for w in user_words if w))
        self._jieba = jieba.Tokenizer()
        for word in self.user_words:
            self._jieba.add_word(word, freq=2000)

    def __call__(self, text: str) -> list[str]:
        tokens = []
        for tok in self._jieba.cut_for_search(text.lower()):
            tok = tok.strip()
            if tok and _TOKEN.search(tok) and tok not in STOPWORDS:
                tokens.append(stem_english(tok) if _LATIN.fullmatch(tok) else tok)
        return tokens


def document_names(source: str) -> list[str]:
    """Proper names the document defines: its areas (片区) and bonded zones, as printed."""
    areas = re.findall(r"([\u4e00-\u9fff]{2,8}片区)\s*\d", source)
    bonded = re.findall(r"含([\u4e00-\u9fff]{2,16}?(?:综合保税区|保税区))\s*\d", source)
    bonded += re.findall(r"、([\u4e00-\u9fff]{2,16}?(?:综合保税区|保税区))\s*\d", source)
    return sorted(set(areas + bonded))


class BM25Index:
    def __init__(self, retriever: bm25s.BM25, size: int):
        self._bm25 = retriever
        self.size = size

    @classmethod
    def build(cls, docs_tokens: list[list[str]]) -> "BM25Index":
        retriever = bm25s.BM25()
        # bm25s cannot index an empty document; a placeholder token keeps row numbers aligned.
        retriever.index([toks or ["\u0000"] for toks in docs_tokens], show_progress=False)
        return cls(retriever, len(docs_tokens))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size, np.float32)
        return np.asarray(self._bm25.get_scores(known), np.float32)

    def idf(self, token: str) -> float:
        """How rare a token is across passages; a token no passage has is the rarest of all."""
        scores = self._bm25.scores
        n = scores["num_docs"]
        tid = self._bm25.vocab_dict.get(token)
        df = 0 if tid is None else int(scores["indptr"][tid + 1] - scores["indptr"][tid])
        return float(np.log((n + 1) / (df + 0.5)))

    def save(self, path: Path) -> None:
        self._bm25.save(str(path))

    @classmethod
    def load(cls, path: Path, size: int) -> "BM25Index":
        return cls(bm25s.BM25.load(str(path)), size)
