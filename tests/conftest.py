"""Shared fixtures. Expensive ones (built indexes, loaded models) are built once per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"  # a corpus package
REAL_CORPUS = ROOT / "corpus" / "guofa-2020-10"


def document(package_dir):
    """The parsed document of one corpus package."""
    from rag.corpus import Package

    return Package.read(package_dir).document()


def copy_fixture(dest: Path) -> Path:
    """A private copy of the fixture package (tests that edit or break their corpus)."""
    shutil.copytree(FIXTURE, dest)
    return dest


def renamed_fixture(dest: Path, doc_id: str) -> Path:
    """A copy of the fixture package as another document: its id and every zone id prefixed with ``doc_id``."""
    import json

    package = copy_fixture(dest)
    meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
    meta["id"] = doc_id
    for plan in meta["plans"]:
        plan["id"] = f"{doc_id}-{plan['id']}"
    (package / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return package


@pytest.fixture(autouse=True, scope="session")
def _no_rag_environment():
    """A developer's shell (RAG_MAX_QUESTION_CHARS=3, RAG_HOME=…) must not change what tests see.
    Subprocesses the tests start get the environment the test gives them."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("RAG_")}
    yield
    os.environ.update(saved)


@pytest.fixture(autouse=True)
def _no_rag_leaks(monkeypatch):
    for k in [k for k in os.environ if k.startswith("RAG_")]:
        monkeypatch.delenv(k)


@pytest.fixture(scope="session")
def mini_settings(tmp_path_factory):
    """Settings for the tiny fixture document with the deterministic hash embedder."""
    root = tmp_path_factory.mktemp("mini")
    corpus = root / "mini"
    shutil.copytree(FIXTURE, corpus)
    return load_settings(corpus=(str(corpus),), index_dir=root / "index", cache_path=root / "cache.sqlite",
                         embedders=("hash",), weights_zh={"bm25": 1.0, "hash": 1.0},
                         weights_en={"bm25": 1.0, "hash": 1.0}, found_threshold=0.0, zone_floor=0.0, zone_ratio=0.5,
                         verifier=False,  # the stored verifier is fitted for the real models, not the hash fake
                         # each test app its own buckets, as each had before the limit was shared through a file
                         rate_limit_backend="memory")


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
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_CORPUS=",".join(mini_settings.index.corpus), RAG_INDEX_DIR=str(mini_settings.index.index_dir),
               RAG_CACHE_PATH=str(mini_settings.index.cache_path), RAG_EMBEDDERS="hash",
               RAG_FEEDBACK_DB=str(mini_settings.index.index_dir.parent / "feedback.sqlite"),
               RAG_RATE_LIMIT_DB=str(mini_settings.index.index_dir.parent / "ratelimit.sqlite"),
               RAG_WEIGHTS_ZH='{"bm25": 1.0, "hash": 1.0}', RAG_WEIGHTS_EN='{"bm25": 1.0, "hash": 1.0}',
               RAG_FOUND_THRESHOLD="0.0", RAG_ZONE_RATIO="0.5", RAG_VERIFIER="false")
    return env
