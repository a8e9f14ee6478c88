"""Shared fixtures. Expensive ones (built indexes, loaded models) are built once per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rag.config import ROOT, load_settings  # noqa: F401  (ROOT re-exported for tests)
from rag.engine import Engine

FIXTURE = Path(__file__).parent / "fixtures" / "mini.txt"
REAL_CORPUS = ROOT / "corpus" / "guofa-2020-10.txt"


@pytest.fixture(scope="session")
def mini_settings(tmp_path_factory):
    """Settings for the tiny fixture document with the deterministic hash embedder."""
    root = tmp_path_factory.mktemp("mini")
    corpus = root / "mini.txt"
    shutil.copy(FIXTURE, corpus)
    return load_settings(corpus_path=corpus, index_dir=root / "index", cache_path=root / "cache.sqlite",
                         embedders=("hash",), weights_zh={"bm25": 1.0, "hash": 1.0},
                         weights_en={"bm25": 1.0, "hash": 1.0}, found_threshold=0.0, zone_floor=0.0, zone_ratio=0.5)


@pytest.fixture(scope="session")
def mini_engine(mini_settings):
    return Engine(mini_settings).load(build_if_missing=True, progress=False)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory):
    """The real corpus and default embedders, built into a private index dir (cache shared)."""
    root = tmp_path_factory.mktemp("real")
    return load_settings(index_dir=root / "index")


@pytest.fixture(scope="session")
def real_engine(real_settings):
    return Engine(real_settings).load(build_if_missing=True, progress=False)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def cli_env(mini_settings):
    env = dict(os.environ)
    env.update(RAG_CORPUS_PATH=str(mini_settings.corpus_path), RAG_INDEX_DIR=str(mini_settings.index_dir),
               RAG_CACHE_PATH=str(mini_settings.cache_path), RAG_EMBEDDERS="hash",
               RAG_WEIGHTS_ZH='{"bm25": 1.0, "hash": 1.0}', RAG_WEIGHTS_EN='{"bm25": 1.0, "hash": 1.0}',
               RAG_FOUND_THRESHOLD="0.0", RAG_ZONE_RATIO="0.5")
    return env
