"""The on-disk index: a directory written atomically and checked against its manifest on load.

Layout of one build::

    manifest.json        format version, each corpus package's sha256, embedders (ids, dims), settings, counts
    sources/<doc>.txt    each document's normalized source, which its passages' offsets point into
    passages.jsonl       line i = row i of each <leg>.passages.faiss
    sentences.jsonl      line j = row j of each <leg>.sentences.faiss
    <leg>.passages.faiss / <leg>.sentences.faiss   one pair per dense embedder
    bm25/                bm25s files over passages

``index_dir/current`` is a symlink to the live build; a new build is written to a
temporary directory, renamed into ``index_dir/builds/``, and the link is swapped with
an atomic rename, so readers see the old index or the new one, never half of one.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np
from tqdm import tqdm

from .config import Settings
from .corpus import Corpus
from .embedders import Embedder, EmbeddingCache
from .errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from .sparse import BM25Index, Tokenizer
from .texts import VERSION as TEXT_VIEWS, TextViews
from .types import Passage

FORMAT_VERSION = 2  # 2: corpus packages (one source per document, passages know their doc)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentenceRef:
    passage: int  # row in passages.jsonl
    number: int  # index into that passage's sentences


@dataclass
class Index:
    path: Path
    manifest: dict
    corpus: Corpus
    sources: dict[str, str]  # doc id → normalized source
    passages: list[Passage]
    sentences: list[SentenceRef]
    dense_passages: dict[str, faiss.Index]  # leg → rows aligned with passages ("e5", and "e5_en" over English)
    dense_sentences: dict[str, faiss.Index]
    bm25: BM25Index
    tokenizer: Tokenizer
    # (passage id, sentence number) → the BM25 terms of that sentence and of its glosses
    sentence_terms: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    bm25_en: BM25Index | None = None  # over the English text, when the corpus has one
    sentence_terms_en: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)

    def by_id(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.passages)}


EN = "_en"  # the suffix of a leg over the English text: "bm25_en", "e5_en"


def _leg_file(leg: str) -> str:
    return leg.replace(":", "_").replace("/", "_")


def _faiss_index(vectors: np.ndarray, factory: str) -> faiss.Index:
    index = faiss.index_factory(vectors.shape[1], factory, faiss.METRIC_INNER_PRODUCT)
    if not index.is_trained:
        index.train(vectors)
    index.add(vectors)
    return index


def build(settings: Settings, embedders: list[Embedder], progress: bool = True) -> Path:
    """Parse the corpus, embed, and atomically publish a new build. Returns its path."""
    started = time.perf_counter()
    corpus = Corpus.load(settings.index.corpus)
    for package in corpus.packages:
        if not (package.path / "en.jsonl").exists():
            log.warning("corpus %r has no en.jsonl: English questions are matched through its glossary only",
                     package.info.id)
    views = TextViews(corpus)
    passages = list(corpus.passages)
    sentence_refs = [SentenceRef(i, j) for i, p in enumerate(passages) for j in range(len(p.sentences))]

    root = Path(settings.index.index_dir)
    (root / "builds").mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    try:
        (tmp / "sources").mkdir()
        for doc_id, document in corpus.documents.items():
            (tmp / "sources" / f"{doc_id}.txt").write_text(document.source, encoding="utf-8")
        with open(tmp / "passages.jsonl", "w", encoding="utf-8") as f:
            for p in passages:
                f.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
        with open(tmp / "sentences.jsonl", "w", encoding="utf-8") as f:
            for ref in sentence_refs:
                f.write(json.dumps(asdict(ref)) + "\n")

        tokenizer = Tokenizer(views.user_words)
        BM25Index.build([tokenizer(views.sparse_text(p)) for p in passages]).save(tmp / "bm25")
        english = bool(corpus.english)
        if english:
            BM25Index.build([tokenizer(views.english_passage_text(p)) for p in passages]).save(tmp / "bm25_en")

        cache = EmbeddingCache(settings.index.cache_path)
        views_by_leg = {"": ([views.passage_text(p) for p in passages],
                             [views.sentence_text(passages[r.passage], r.number) for r in sentence_refs])}
        if english:
            views_by_leg[EN] = ([views.english_passage_text(p) for p in passages],
                                [views.english_sentence_text(passages[r.passage], r.number) for r in sentence_refs])
        for emb in embedders:
            total = sum(len(a) + len(b) for a, b in views_by_leg.values())
            bar = tqdm(total=total, desc=f"embed {emb.name}", unit="text", disable=not progress, file=sys.stderr,
                       leave=False)
            with bar:
                for suffix_leg, (passage_texts, sentence_texts) in views_by_leg.items():
                    for suffix, texts in (("passages", passage_texts), ("sentences", sentence_texts)):
                        vecs = cache.embed(emb, texts, progress=bar)
                        faiss.write_index(_faiss_index(vecs, settings.index.faiss_factory),
                                          str(tmp / f"{_leg_file(emb.name + suffix_leg)}.{suffix}.faiss"))

        manifest = {
            "format_version": FORMAT_VERSION,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(time.perf_counter() - started, 3),
            "corpus": corpus.manifest(),
            "embedders": [{"name": e.name, "model_id": e.model_id, "dim": e.dim} for e in embedders],
            "settings": settings.index_settings(),
            "text_views": TEXT_VIEWS,
            "english": english,
            "counts": {"passages": len(passages), "sentences": len(sentence_refs),
                       "measures": sum(p.measure is not None for p in passages)},
            "user_words": views.user_words,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

        final = root / "builds" / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{tmp.name[-6:]}"
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _publish(root, final)
    return final


def _publish(root: Path, build_dir: Path, keep: int = 3) -> None:
    link_tmp = root / f".current-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(Path("builds") / build_dir.name, link_tmp)
    os.replace(link_tmp, root / "current")  # atomic on POSIX
    live = (root / "current").resolve()
    # Older builds stay a while: a serving process may still be reading one.
    for old in sorted((root / "builds").iterdir())[:-keep]:
        if old.resolve() != live:
            shutil.rmtree(old, ignore_errors=True)


def current_path(settings: Settings) -> Path:
    return Path(settings.index.index_dir) / "current"


def check_manifest(manifest: dict, settings: Settings, embedders: list[Embedder] | None = None,
                   corpus: Corpus | None = None) -> None:
    """Raise IndexMismatchError, in one line, for the first way the index does not fit."""
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index format {manifest.get('format_version')} != {FORMAT_VERSION} expected by this code; run `rag build`")
    corpus = corpus or Corpus.load(settings.index.corpus)
    built = {c["id"]: c["sha256"] for c in manifest["corpus"]}
    wanted = {c["id"]: c for c in corpus.manifest()}
    if list(built) != list(wanted):
        raise IndexMismatchError(f"index was built from corpus {list(built)}, settings ask for {list(wanted)}; run `rag build`")
    for doc_id, sha in built.items():
        if sha != wanted[doc_id]["sha256"]:
            raise IndexMismatchError(
                f"index is stale: built from corpus {doc_id!r} sha256 {sha[:12]}…, {wanted[doc_id]['path']} is now "
                f"{wanted[doc_id]['sha256'][:12]}…; run `rag build`")
    built = [e["name"] for e in manifest["embedders"]]
    if embedders is not None:
        wanted = {e.name: e for e in embedders}
        if sorted(wanted) != sorted(built):
            raise IndexMismatchError(f"index has embedders {built}, settings ask for {sorted(wanted)}; run `rag build`")
        for e in manifest["embedders"]:
            live = wanted[e["name"]]
            if e["model_id"] != live.model_id or e["dim"] != live.dim:
                raise IndexMismatchError(
                    f"embedder {e['name']!r}: index has {e['model_id']} ({e['dim']}d), loaded model is "
                    f"{live.model_id} ({live.dim}d); run `rag build`")
    if manifest["settings"].get("faiss_factory") != settings.index.faiss_factory:
        raise IndexMismatchError(
            f"index uses faiss {manifest['settings'].get('faiss_factory')!r}, settings ask for "
            f"{settings.index.faiss_factory!r}; run `rag build`")
    if manifest.get("text_views") != TEXT_VIEWS:
        raise IndexMismatchError(
            f"index text views {manifest.get('text_views')} != {TEXT_VIEWS} (this code indexes text another way); "
            "run `rag build`")


def load(settings: Settings, embedders: list[Embedder] | None = None, path: Path | None = None) -> Index:
    path = Path(path or current_path(settings))
    manifest_file = path / "manifest.json"
    if not manifest_file.exists():
        raise IndexMissingError(f"no index at {path}; run `rag build`")
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexCorruptError(f"{manifest_file} is unreadable ({e}); run `rag build`") from None
    corpus = Corpus.load(settings.index.corpus)
    try:
        check_manifest(manifest, settings, embedders, corpus)
    except (KeyError, TypeError) as e:
        raise IndexCorruptError(f"{manifest_file} is incomplete (no {e}); run `rag build`") from None
    try:
        return _load_files(path, manifest, corpus)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:  # faiss raises RuntimeError
        raise IndexCorruptError(f"{path}: index files are missing or unreadable ({type(e).__name__}: {e}); "
                                "run `rag build`") from None


def _load_files(path: Path, manifest: dict, corpus: Corpus) -> Index:
    passages = []
    for line in (path / "passages.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        passages.append(Passage(**{**d, "section": tuple(d["section"]), "sentences": tuple(map(tuple, d["sentences"]))}))
    sentences = [SentenceRef(**json.loads(line)) for line in (path / "sentences.jsonl").read_text().splitlines()]
    legs = [e["name"] for e in manifest["embedders"]]
    english = manifest.get("english", False)
    if english != bool(corpus.english):
        raise IndexMismatchError(f"{path}: index was built {'with' if english else 'without'} the English text, "
                                 f"the corpus now {'has' if corpus.english else 'has none'}; run `rag build`")
    if english:
        legs += [leg + EN for leg in legs]
    dense_p = {leg: faiss.read_index(str(path / f"{_leg_file(leg)}.passages.faiss")) for leg in legs}
    dense_s = {leg: faiss.read_index(str(path / f"{_leg_file(leg)}.sentences.faiss")) for leg in legs}
    for leg in legs:
        if dense_p[leg].ntotal != len(passages) or dense_s[leg].ntotal != len(sentences):
            raise IndexMismatchError(f"{path}: {leg} FAISS rows do not match passages.jsonl/sentences.jsonl; run `rag build`")
    tokenizer = Tokenizer(manifest.get("user_words", []))
    sources = {c["id"]: (path / "sources" / f"{c['id']}.txt").read_text(encoding="utf-8") for c in manifest["corpus"]}
    return Index(
        path=path.resolve(), manifest=manifest, corpus=corpus, sources=sources,
        passages=passages, sentences=sentences, dense_passages=dense_p, dense_sentences=dense_s,
        bm25=BM25Index.load(path / "bm25", len(passages)), tokenizer=tokenizer,
        sentence_terms=_sentence_terms(passages, tokenizer, TextViews(corpus)),
        bm25_en=BM25Index.load(path / "bm25_en", len(passages)) if english else None,
        sentence_terms_en=_english_terms(passages, tokenizer, corpus) if english else {},
    )


def _sentence_terms(passages: list[Passage], tokenizer: Tokenizer,
                    views: TextViews) -> dict[tuple[str, int], frozenset[str]]:
    """What query-term coverage reads (rag.retrieval): each sentence's BM25 terms with its glosses'
    English, so English questions have words to meet. A third of a second, once per load."""
    out = {}
    for p in passages:
        for number, (a, b) in enumerate(p.sentences or ((0, len(p.text)),)):
            text = p.text[a:b]
            out[(p.id, number)] = frozenset(tokenizer(f"{text}\n{views.glosses(text)}"))
    return out


def _english_terms(passages: list[Passage], tokenizer: Tokenizer, corpus: Corpus) -> dict[tuple[str, int], frozenset[str]]:
    """Each English sentence's BM25 terms, for English questions' query-term coverage."""
    out = {}
    for p in passages:
        english = corpus.english[p.id]
        for number, (a, b) in enumerate(english.sentences):
            out[(p.id, number)] = frozenset(tokenizer(english.text[a:b]))
    return out
