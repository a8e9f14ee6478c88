"""Corpus packages: one directory of data per notice, and the corpus an index is built from.

A package holds ``meta.json`` (the document's titles and references in zh/en, and its plans:
zone id, title line, names, areas), the source text, and the document's own data:
``titles_en.json`` (English heading titles by passage id), ``glossary.tsv`` (zh → en terms) and
``zh_aliases.tsv`` (everyday Chinese → the document's term), and optionally ``en.jsonl``, its English
text: one row per unit of translation (rag.parse.units). Nothing in the code names a document:
a second notice of the same structure is a second package.

Packages bundled with the library live in the ``rag_corpora`` package (the repository's
``corpus/`` directory); ``RAG_CORPUS`` names them, or gives paths to others.
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import parse
from .errors import CorpusError
from .types import Area, DocInfo, English, Passage, ZoneInfo

META = "meta.json"
DATA_FILES = ("titles_en.json", "glossary.tsv", "zh_aliases.tsv", "en.jsonl")
NOTICE = "notice"  # the zone id of a cover letter's passages
# With several documents, passage ids are prefixed with the package id: ids must stay unique.
DOC_SEPARATOR = ":"


def bundled_dir() -> Path | None:
    spec = importlib.util.find_spec("rag_corpora")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def resolve(name: str | Path) -> Path:
    """A package directory: a path as given, else the bundled package of that name."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path.resolve()
    root = bundled_dir()
    if root is not None and (root / str(name) / META).is_file():
        return (root / str(name)).resolve()
    known = sorted(p.name for p in root.iterdir() if (p / META).is_file()) if root else []
    raise CorpusError(f"corpus {str(name)!r}: no such directory and no bundled package of that name "
                      f"(bundled: {', '.join(known) or 'none'})")


@dataclass(frozen=True)
class GlossaryEntry:
    zh: str
    en: str
    aliases: tuple[str, ...]

    @property
    def english_forms(self) -> tuple[str, ...]:
        return (self.en, *self.aliases)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror}") from None


def _tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _field(meta: dict, key: str, where: str):
    try:
        return meta[key]
    except (KeyError, TypeError):
        raise CorpusError(f"{where}: missing field {key!r}") from None


@dataclass(frozen=True)
class Package:
    path: Path
    info: DocInfo
    zones: tuple[ZoneInfo, ...]
    source_file: Path

    @classmethod
    def read(cls, name: str | Path) -> "Package":
        path = resolve(name)
        where = str(path / META)
        try:
            meta = json.loads(_read(path / META).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise CorpusError(f"{where}: not valid UTF-8 JSON ({e})") from None
        doc_id = _field(meta, "id", where)
        text = {k: _field(meta, k, where) for k in ("title", "reference", "cover", "contents")}
        examples = meta.get("examples", {})
        try:
            info = DocInfo(doc_id, **{f"{k}_{lang}": text[k][lang] for k in text for lang in ("zh", "en")},
                           examples_zh=tuple(examples.get("zh", ())), examples_en=tuple(examples.get("en", ())))
        except (KeyError, TypeError) as e:
            raise CorpusError(f"{where}: title, reference, cover and contents each need zh and en ({e})") from None
        zones = []
        for i, plan in enumerate(_field(meta, "plans", where)):
            at = f"{where}: plans[{i}]"
            zone_id = _field(plan, "id", at)
            if DOC_SEPARATOR in zone_id or "/" in zone_id or zone_id == NOTICE:
                raise CorpusError(f"{at}: zone id {zone_id!r} may not contain ':' or '/', nor be {NOTICE!r}")
            zones.append(ZoneInfo(
                id=zone_id, doc=doc_id, title=_field(plan, "title", at),
                name_zh=_field(plan, "name_zh", at), name_en=_field(plan, "name_en", at),
                short_zh=_field(plan, "short_zh", at), short_en=_field(plan, "short_en", at),
                province_zh=plan.get("province_zh", ""),
                areas=tuple(Area(a["zh"], a["en"]) for a in plan.get("areas", ()))))
        if not zones:
            raise CorpusError(f"{where}: plans is empty")
        return cls(path=path, info=info, zones=tuple(zones), source_file=path / meta.get("source", "source.txt"))

    @cached_property
    def sha256(self) -> str:
        """Of everything the index depends on: metadata, source and data files."""
        h = hashlib.sha256()
        for file in (self.path / META, self.source_file, *(self.path / n for n in DATA_FILES)):
            h.update(file.name.encode())
            h.update(_read(file) if file.exists() or file == self.source_file else b"-")
        return h.hexdigest()

    def document(self) -> parse.Document:
        try:
            raw = _read(self.source_file).decode("utf-8")
        except UnicodeDecodeError as e:
            raise CorpusError(f"{self.source_file}: not UTF-8 text ({e})") from None
        return parse.parse(parse.normalize(raw), {z.title: z.id for z in self.zones}, doc=self.info.id)

    def titles_en(self) -> dict[str, str]:
        path = self.path / "titles_en.json"
        return json.loads(_read(path).decode("utf-8")) if path.exists() else {}

    def glossary(self) -> tuple[GlossaryEntry, ...]:
        return tuple(
            GlossaryEntry(r["zh"].strip(), r["en"].strip(),
                          tuple(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()))
            for r in _tsv(self.path / "glossary.tsv") if r.get("zh") and r.get("en"))

    def translations(self) -> dict[str, dict] | None:
        """``en.jsonl`` by unit id ({"id", "zh", "en"}), or None when the package has no English text."""
        path = self.path / "en.jsonl"
        if not path.exists():
            return None
        rows = {}
        for n, line in enumerate(_read(path).decode("utf-8").splitlines(), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                    rows[row["id"]] = row
                except (ValueError, KeyError, TypeError) as e:
                    raise CorpusError(f"{path}:{n}: not a JSON row with an id ({e})") from None
        return rows

    def zh_aliases(self) -> dict[str, str]:
        return {r["alias"].strip(): r["zh"].strip() for r in _tsv(self.path / "zh_aliases.tsv")
                if r.get("alias") and r.get("zh")}


class Corpus:
    """One or more packages as one collection: passages, zones and the data that shapes indexed text.

    Passage ids are as parsed for a single document; with several, each is prefixed with its
    package id (``doc:zone/3/2/2``) so that ids stay unique. Zone ids must be unique across packages.
    """

    def __init__(self, packages: list[Package]):
        if not packages:
            raise CorpusError("no corpus package given")
        ids = [p.info.id for p in packages]
        if len(set(ids)) != len(ids):
            raise CorpusError(f"corpus package listed twice: {ids}")
        seen: dict[str, str] = {}
        for package in packages:
            for zone in package.zones:
                if zone.id in seen:
                    raise CorpusError(f"zone id {zone.id!r} is in both {seen[zone.id]!r} and {package.info.id!r}")
                seen[zone.id] = package.info.id
        self.packages = tuple(packages)
        self.zones = tuple(z for p in packages for z in p.zones)
        self.zone_by_id = {z.id: z for z in self.zones}
        self.docs = {p.info.id: p.info for p in packages}

    @classmethod
    def load(cls, names) -> "Corpus":
        return cls([Package.read(n) for n in names])

    @property
    def zone_ids(self) -> tuple[str, ...]:
        return tuple(self.zone_by_id)

    def passage_id(self, doc: str, local_id: str) -> str:
        return local_id if len(self.packages) == 1 else f"{doc}{DOC_SEPARATOR}{local_id}"

    @cached_property
    def documents(self) -> dict[str, parse.Document]:
        return {p.info.id: p.document() for p in self.packages}

    @cached_property
    def passages(self) -> tuple[Passage, ...]:
        out = []
        for doc, document in self.documents.items():
            for p in document.passages:
                out.append(p if len(self.packages) == 1 else
                           Passage(**{**p.__dict__, "id": self.passage_id(doc, p.id)}))
        return tuple(out)

    @cached_property
    def titles_en(self) -> dict[str, str]:
        return {self.passage_id(p.info.id, k): v for p in self.packages for k, v in p.titles_en().items()}

    @cached_property
    def glossary(self) -> tuple[GlossaryEntry, ...]:
        return tuple(e for p in self.packages for e in p.glossary())

    @cached_property
    def zh_aliases(self) -> dict[str, str]:
        return {k: v for p in self.packages for k, v in p.zh_aliases().items()}

    @cached_property
    def english(self) -> dict[str, English]:
        """Passage id → its English text, sentence by sentence, when every package has ``en.jsonl``
        (else empty: English questions then reach the Chinese text through the glossary only)."""
        tables = [p.translations() for p in self.packages]
        if any(t is None for t in tables):
            return {}
        out = {}
        for package, table in zip(self.packages, tables):
            doc = package.info.id
            for p in self.documents[doc].passages:
                sentences = []
                for n in range(len(p.sentences)):
                    row = table.get(f"{p.id}#{n}")
                    if row is None or not row.get("en", "").strip():
                        raise CorpusError(f"{package.path / 'en.jsonl'}: no English for unit {p.id}#{n}; "
                                          "its rows must follow the parsed document (tests/test_translation.py)")
                    sentences.append(row["en"].strip())
                out[self.passage_id(doc, p.id)] = English.join(sentences)
        return out

    def manifest(self) -> list[dict]:
        """What the index records of each package, to tell when it is stale."""
        return [{"id": p.info.id, "path": str(p.path), "sha256": p.sha256} for p in self.packages]

    def zone_name(self, zone: str, lang: str, doc: str | None = None, short: bool = False) -> str:
        """A plan's zone name, or what its document's cover letter is called."""
        info = self.zone_by_id.get(zone)
        if info is not None:
            return info.name(lang, short)
        d = self.docs.get(doc) or next(iter(self.docs.values()))
        return d.cover_en if lang == "en" else d.cover_zh

    def not_covered(self, lang: str) -> str:
        """The answer when the documents do not cover a question: it names what they contain."""
        docs = self.docs.values()
        if lang == "en":
            return " ".join(["The document does not cover this question.",
                             *(f"{d.reference_en} contains only {d.contents_en}." for d in docs)])
        return "文件未涉及这个问题。" + "".join(f"{d.reference_zh}只包含{d.contents_zh}。" for d in docs)
