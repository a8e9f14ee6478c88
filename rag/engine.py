"""Wires settings, embedders, index and retriever together; the one object the CLI and API hold."""
from __future__ import annotations

import dataclasses
import logging
import threading
import time
from pathlib import Path

from . import index as index_mod
from .answer import Composer
from .config import Settings
from .embedders import Embedder, QueryCache, load_embedders, with_query_cache
from .errors import IndexMissingError, RagError
from .retrieval import Retrieval, Retriever
from .types import Answer

log = logging.getLogger(__name__)


class Engine:
    """Cheap to construct; ``load()`` loads models and the index once."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.embedders: list[Embedder] = []
        self.retriever: Retriever | None = None
        self.composer: Composer | None = None
        self._pair: tuple[Retriever, Composer] | None = None
        self._swap_lock = threading.Lock()
        self._refused: Path | None = None  # a published build that would not load
        self._loading = threading.Lock()  # held while this engine builds or loads a new index

    @classmethod
    def sharing(cls, settings: Settings, other: "Engine") -> "Engine":
        """Another configuration over the same loaded models and index (used by evaluation)."""
        engine = cls(settings)
        engine.embedders = other.embedders
        r = settings.retrieval
        legs = {name for name, w in {**r.weights_zh, **r.weights_en}.items() if w > 0}
        engine._serve(Retriever(settings, other.index, [e for e in other.embedders if e.name in legs]))
        return engine

    def load(self, build_if_missing: bool = True, progress: bool = True) -> "Engine":
        r = self.settings.retrieval
        self.embedders = with_query_cache(load_embedders(self.settings.index.embedders, r.threads), r.query_cache_size)
        try:
            idx = index_mod.load(self.settings, self.embedders)
        except IndexMissingError:
            if not build_if_missing:
                raise
            log.warning("no index yet: building it now")
            index_mod.build(self.settings, self.embedders, progress=progress)
            idx = index_mod.load(self.settings, self.embedders)
        self._serve(Retriever(self.settings, idx, self.embedders))
        return self

    def _serve(self, retriever: Retriever) -> None:
        # One reference holds the retriever and the composer over the same corpus: a query that
        # starts on one index finishes on it, even while a reindex swaps in another.
        self.retriever, self.composer = retriever, Composer(self.settings.answer, retriever.corpus,
                                                            tokenizer=retriever.index.tokenizer)
        self._pair = (self.retriever, self.composer)

    @property
    def index(self):
        return self.retriever.index

    @property
    def corpus(self):
        return self.retriever.corpus

    def rebuild(self) -> dict:
        """Build a new index and swap it in; queries keep using the old one until the swap."""
        started = time.perf_counter()
        with self._loading:
            path = index_mod.build(self.settings, self.embedders, progress=False)
            idx = index_mod.load(self.settings, self.embedders, path=path)
        with self._swap_lock:
            self._serve(Retriever(self.settings, idx, self.embedders))
        return {"path": str(path), "seconds": round(time.perf_counter() - started, 3), "manifest": idx.manifest}

    def follow_current(self) -> bool:
        """Load the build that ``index_dir/current`` now points at, if that is not the one serving.

        Another process (a second service worker's reindex, or `rag build`) may have published it. A
        build that fails to load (say, made for other models) is logged once and the old one keeps serving.
        """
        if self.retriever is None or not self._loading.acquire(blocking=False):
            return False  # not loaded yet, or this engine is publishing a build itself
        try:
            live = index_mod.current_path(self.settings).resolve()
            if live == self.index.path or live == self._refused or not live.is_dir():
                return False
            idx = index_mod.load(self.settings, self.embedders, path=live)
        except RagError as e:
            self._refused = live
            log.warning("not following %s: %s", live, e)
            return False
        finally:
            self._loading.release()
        with self._swap_lock:
            self._serve(Retriever(self.settings, idx, self.embedders))
        log.info("now serving %s", live)
        return True

    def query_cache_stats(self) -> dict[str, tuple[int, int]]:
        """Per model with a query cache: (hits, misses) so far."""
        return {e.name: (e.hits, e.misses) for e in self.embedders if isinstance(e, QueryCache)}

    def retrieve(self, question: str, top_k: int | None = None, zone: str | None = None, lang: str | None = None) -> Retrieval:
        return self.retriever.retrieve(question, top_k=top_k, zone=zone, lang=lang)

    def ask(self, question: str, top_k: int | None = None, zone: str | None = None, lang: str | None = None) -> Answer:
        retriever, composer = self._pair  # the same index for the whole query, even during a swap
        top_k = top_k or self.settings.retrieval.top_k
        r = retriever.retrieve(question, top_k=top_k, zone=zone, lang=lang,
                               meanwhile=lambda lang, scope: composer.prepare(question, lang, scope))
        t = time.perf_counter()
        answer = composer.compose(r, top_k)
        timings = {**r.timings_ms, **answer.timings_ms, "answer": (time.perf_counter() - t) * 1000}
        return dataclasses.replace(answer, timings_ms=timings)
