import json
import shutil  # noqa: F401
from pathlib import Path

import pytest

from rag import index as index_mod
from rag.config import load_settings
from rag.embedders import HashEmbedder
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError

from .conftest import copy_fixture


@pytest.fixture
def fresh(tmp_path):
    corpus = copy_fixture(tmp_path / "mini")
    return load_settings(corpus=(str(corpus),), index_dir=tmp_path / "index", cache_path=tmp_path / "cache.sqlite",
                         embedders=("hash",), weights_zh={"bm25": 1, "hash": 1}, weights_en={"bm25": 1, "hash": 1})


def test_build_writes_a_complete_directory(fresh):
    path = index_mod.build(fresh, [HashEmbedder()], progress=False)
    names = {p.name for p in path.iterdir()}
    assert {"manifest.json", "passages.jsonl", "sentences.jsonl", "sources", "hash.passages.faiss",
            "hash.sentences.faiss", "bm25"} <= names
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["embedders"] == [{"name": "hash", "model_id": "hash/char-ngram-v1", "dim": 256}]
    assert manifest["counts"]["measures"] == 5
    idx = index_mod.load(fresh, [HashEmbedder()])
    # line i of passages.jsonl is FAISS row i
    assert idx.dense_passages["hash"].ntotal == len(idx.passages)
    first = json.loads((path / "passages.jsonl").read_text().splitlines()[0])
    assert first["id"] == idx.passages[0].id
    assert all(idx.sources[p.doc][p.start:p.end] == p.text for p in idx.passages)


def test_missing_index_says_so(fresh):
    with pytest.raises(IndexMissingError, match="rag build"):
        index_mod.load(fresh)


@pytest.mark.parametrize("damage", ["hash.sentences.faiss", "passages.jsonl", "manifest-keys", "manifest-json"])
def test_damaged_index_says_so(fresh, damage):
    path = index_mod.build(fresh, [HashEmbedder()], progress=False)
    manifest = path / "manifest.json"
    if damage == "manifest-keys":
        manifest.write_text(json.dumps({k: v for k, v in json.loads(manifest.read_text()).items() if k != "corpus"}))
    elif damage == "manifest-json":
        manifest.write_text(manifest.read_text()[:40])
    else:
        (path / damage).unlink()
    with pytest.raises(IndexCorruptError, match="rag build"):
        index_mod.load(fresh, [HashEmbedder()])


def test_stale_corpus_is_detected(fresh):
    index_mod.build(fresh, [HashEmbedder()], progress=False)
    source = Path(fresh.index.corpus[0]) / "source.txt"
    source.write_text(source.read_text() + "\n新增内容。\n", encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="stale"):
        index_mod.load(fresh)


def test_other_model_is_detected(fresh):
    index_mod.build(fresh, [HashEmbedder()], progress=False)
    with pytest.raises(IndexMismatchError, match=r"hash.*256d.*128d"):
        index_mod.load(fresh, [HashEmbedder(dim=128)])
    other = fresh.replace(embedders=("e5",), weights_zh={}, weights_en={})
    with pytest.raises(IndexMismatchError, match=r"index has embedders \['hash'\]"):
        index_mod.load(other, [type("E5", (HashEmbedder,), {"name": "e5"})()])


def test_interrupted_build_leaves_previous_index_loadable(fresh):
    first = index_mod.build(fresh, [HashEmbedder()], progress=False)

    class Exploding(HashEmbedder):
        calls = 0

        def embed_batch(self, texts, kind):
            Exploding.calls += 1
            if Exploding.calls > 5:
                raise KeyboardInterrupt  # like Ctrl-C mid-build
            return super().embed_batch(texts, kind)

    fresh2 = fresh.replace(cache_path=fresh.index.cache_path.with_name("other.sqlite"))
    with pytest.raises(KeyboardInterrupt):
        index_mod.build(fresh2, [Exploding()], progress=False)
    idx = index_mod.load(fresh, [HashEmbedder()])
    assert idx.path == first.resolve()
    assert not [p for p in fresh.index.index_dir.iterdir() if p.name.startswith(".tmp-")]


def test_rebuild_with_unchanged_corpus_uses_the_cache(fresh):
    class Counting(HashEmbedder):
        calls = 0

        def embed_batch(self, texts, kind):
            Counting.calls += len(texts)
            return super().embed_batch(texts, kind)

    index_mod.build(fresh, [Counting()], progress=False)
    cold = Counting.calls
    index_mod.build(fresh, [Counting()], progress=False)
    assert cold > 0 and Counting.calls == cold


def test_a_package_without_english_builds_on_the_glossary_path_and_says_so(tmp_path, caplog):
    from rag.engine import Engine

    package = copy_fixture(tmp_path / "mini")
    (package / "en.jsonl").unlink()
    settings = load_settings(corpus=(str(package),), index_dir=tmp_path / "index", cache_path=tmp_path / "c.sqlite",
                             embedders=("hash",), weights_zh={"bm25": 1, "hash": 1},
                             weights_en={"bm25": 1, "hash": 1, "bm25_en": 1}, found_threshold=0.0, zone_floor=0.0,
                             verifier=False)
    with caplog.at_level("WARNING", logger="rag.index"):
        path = index_mod.build(settings, [HashEmbedder()], progress=False)
    said = [r.getMessage() for r in caplog.records if "en.jsonl" in r.getMessage()]
    assert len(said) == 1 and "glossary" in said[0]
    assert json.loads((path / "manifest.json").read_text())["english"] is False
    answer = Engine(settings).load(build_if_missing=False, progress=False).ask("Which zone allows QFLP?")
    assert answer.citations and all(c.text_en is None and c.highlight_en is None for c in answer.citations)


def test_a_changed_translation_means_a_rebuild(fresh):
    index_mod.build(fresh, [HashEmbedder()], progress=False)
    english = Path(fresh.index.corpus[0]) / "en.jsonl"
    english.write_text(english.read_text(encoding="utf-8").replace("QFLP", "QFLP (qualified)"), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="stale"):
        index_mod.load(fresh)
