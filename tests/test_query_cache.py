"""The query-vector cache: hits and misses, its key, thread safety, and answers that do not change."""
import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import pytest

from rag.config import load_settings
from rag.contract import answer_dict
from rag.embedders import Embedder, HashEmbedder, QueryCache, query_key, with_query_cache
from rag.engine import Engine
from rag.errors import ConfigError

from .api_server import app_for, serving


class Counting(Embedder):
    """The hash embedder, counting the texts it really embeds."""

    name, model_id, dim = "hash", "hash/char-ngram-v1", 256

    def __init__(self):
        self.inner = HashEmbedder()
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def embed_batch(self, texts, kind):
        with self._lock:
            self.calls += texts
        return self.inner.embed_batch(texts, kind)


def test_a_repeated_query_is_a_hit():
    model = Counting()
    cache = QueryCache(model, size=8)
    first, again = cache.embed_query("第五航权"), cache.embed_query("第五航权")
    assert model.calls == ["第五航权"] and (cache.hits, cache.misses) == (1, 1)
    assert again is first and np.array_equal(first, model.inner.embed_query("第五航权"))
    with pytest.raises(ValueError):
        first[0] = 0  # shared by every hit, so read-only


def test_runs_of_whitespace_share_an_entry():
    model = Counting()
    cache = QueryCache(model, size=8)
    for text in ("Which zones  allow QFLP?", "Which zones\tallow\u3000QFLP?", "Which zones allow QFLP?"):
        cache.embed_query(text)
    assert (cache.hits, cache.misses) == (2, 1)
    assert query_key(" a \n\n b ") == " a b "  # ends are kept: e5 reads a trailing space
    assert query_key("a\x0bb") == "a\x0bb"  # a vertical tab is no space to the tokenizers


def test_the_least_recently_used_vector_goes_first():
    model = Counting()
    cache = QueryCache(model, size=2)
    for text in ("a", "b", "a", "c", "a", "b"):  # c evicts b (a was used since), then b evicts c
        cache.embed_query(text)
    assert model.calls == ["a", "b", "c", "b"] and len(cache) == 2


def test_passages_bypass_the_cache():
    model = Counting()
    cache = QueryCache(model, size=8)
    cache.embed_batch(["x", "x"], "passage")
    assert model.calls == ["x", "x"] and cache.misses == 0


def test_the_cache_is_thread_safe():
    model = Counting()
    cache = QueryCache(model, size=16)
    texts = [f"question {i % 24}" for i in range(2000)]
    with ThreadPoolExecutor(8) as pool:
        vectors = list(pool.map(cache.embed_query, texts))
    assert cache.hits + cache.misses == len(texts) == len(model.calls) + cache.hits
    assert len(cache) == 16
    assert all(np.array_equal(v, model.inner.embed_query(t)) for t, v in zip(texts, vectors))


def test_size_zero_means_no_cache():
    model = Counting()
    assert with_query_cache([model], 0) == [model]
    assert isinstance(with_query_cache([model], 4)[0], QueryCache)
    with pytest.raises(ConfigError, match="query_cache_size=-1"):
        load_settings(query_cache_size=-1)


QUESTIONS = ["QFLP试点在哪里开展?", "第五航权", "外资银行 证券投资基金托管", "Which zone supports QFLP pilots?",
             "第五航权", "QFLP试点在哪里开展?"]


def test_answers_are_the_same_with_and_without_the_cache(mini_settings, mini_engine):
    cached = Engine(mini_settings).load(build_if_missing=False, progress=False)
    plain = Engine(mini_settings.replace(query_cache_size=0)).load(build_if_missing=False, progress=False)
    assert cached.query_cache_stats() == {"hash": (0, 0)} and plain.query_cache_stats() == {}

    def contract(engine, question):
        return answer_dict(dataclasses.replace(engine.ask(question), timings_ms={}))

    for _ in range(2):
        for q in QUESTIONS:
            assert contract(cached, q) == contract(plain, q)
    hits, misses = cached.query_cache_stats()["hash"]
    assert misses == len(set(QUESTIONS)) and hits == 2 * len(QUESTIONS) - misses


def test_metrics_count_hits_and_misses_per_model(mini_settings):
    engine = Engine(mini_settings).load(build_if_missing=False, progress=False)
    with serving(app_for(mini_settings, engine, rate_limit_per_minute=0)) as url, httpx.Client(base_url=url) as c:
        for _ in range(3):
            assert c.post("/ask", json={"question": "第五航权"}).status_code == 200
        metrics = c.get("/metrics").text
    assert 'rag_query_cache_hits_total{model="hash"} 2.0' in metrics
    assert 'rag_query_cache_misses_total{model="hash"} 1.0' in metrics


def test_loading_embedders_sets_the_blas_threads_process_wide():
    """USE limits its BLAS threads only around each call; the count must hold between calls too."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from rag.embedders import load_embedders

    original = threadpool_limits(limits=None)  # only to restore what this test changes
    try:
        for threads in (2, 1):
            load_embedders(("hash",), threads)
            blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
            assert blas and all(lib["num_threads"] == threads for lib in blas), blas
    finally:
        original.restore_original_limits()
