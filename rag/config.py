"""One Settings object in four groups (index, retrieval, answer, service), built from defaults,
then ``RAG_*`` environment variables, then explicit overrides.

Each field keeps its flat variable name (``RAG_RRF_K``, ``RAG_WEIGHTS_ZH``…), whichever group it is
in: a deployment's environment does not change with the code's layout. Files go under
``RAG_HOME`` (default ``$XDG_DATA_HOME/ftz-rag``, else ``~/.local/share/ftz-rag``), so the defaults
work from any directory after a plain ``pip install``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from .errors import ConfigError

EMBEDDER_NAMES = ("e5", "use", "hash")  # plus "st:<model name or path>"
LANGS = ("zh", "en")
# A serving process started by `rag serve --workers N` reads its whole settings from this file.
SETTINGS_FILE_ENV = "RAG_SETTINGS_FILE"


def data_home() -> Path:
    if os.environ.get("RAG_HOME"):
        return Path(os.environ["RAG_HOME"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "ftz-rag"


def _csv(v):
    if isinstance(v, str):
        v = [s.strip() for s in v.split(",") if s.strip()]
    return tuple(v)


def _group_config() -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix="RAG_", extra="forbid", frozen=True)


class IndexSettings(BaseSettings):
    """What an index is built from and where it lives."""

    model_config = _group_config()

    # Corpus packages: bundled names or directories (env: RAG_CORPUS=guofa-2020-10,/path/to/other).
    corpus: Annotated[tuple[str, ...], NoDecode] = ("guofa-2020-10",)
    index_dir: Path = Field(default_factory=lambda: data_home() / "index")
    cache_path: Path = Field(default_factory=lambda: data_home() / "cache" / "embeddings.sqlite")
    # Dense legs, in order. "st:<name>" loads any sentence-transformers model (optional extra).
    embedders: Annotated[tuple[str, ...], NoDecode] = ("e5", "use")  # env: RAG_EMBEDDERS=e5,use
    faiss_factory: str = "Flat"  # any faiss.index_factory string; inner product on unit vectors
    build_threads: int = Field(2, ge=1, le=64)  # a build is one stream of work: it may use every core

    @field_validator("corpus", "embedders", mode="before")
    @classmethod
    def _split(cls, v):
        return _csv(v)

    @field_validator("corpus")
    @classmethod
    def _some_corpus(cls, v: tuple[str, ...]):
        if not v:
            raise ValueError("corpus lists no package")
        return v

    @field_validator("embedders")
    @classmethod
    def _known_embedders(cls, v: tuple[str, ...]):
        for name in v:
            if name not in EMBEDDER_NAMES and not (name.startswith("st:") and len(name) > 3):
                raise ValueError(f"unknown embedder {name!r}; use one of {', '.join(EMBEDDER_NAMES)} or st:<model>")
        if len(set(v)) != len(v):
            raise ValueError(f"embedder listed twice in {list(v)}")
        return v

    @field_validator("faiss_factory")
    @classmethod
    def _known_factory(cls, v: str):
        import faiss

        try:
            faiss.index_factory(8, v, faiss.METRIC_INNER_PRODUCT)
        except RuntimeError:
            raise ValueError(f"faiss_factory {v!r} is not a valid faiss.index_factory string") from None
        return v


class RetrievalSettings(BaseSettings):
    """Ranking: the legs' weights, fusion, priors and the choice of the sentence to quote."""

    model_config = _group_config()

    # Threads per model when answering. One per model serves best: with two, e5's OpenMP threads and
    # USE's BLAS threads oversubscribe 2 cores and p95 latency quadruples (scripts/bench.py).
    threads: int = Field(1, ge=1, le=64)
    # Query vectors kept per model (least recently used out), keyed by the text the model gets; 0 turns
    # the cache off. An entry is ~1.5 KB for e5, ~2 KB for USE: the default holds a portal's suggested
    # questions and then some in ~4 MB. A million (~4 GB) is past any use.
    query_cache_size: int = Field(1024, ge=0, le=1_000_000)
    rrf_k: int = Field(60, ge=1)
    # RRF weight per leg ("bm25" or an embedder name; "<leg>_en" over the English text), per language.
    # Tuned on the dev split (scripts/tune.py): e5 is strongest in Chinese; English questions are
    # searched in English (bm25_en, e5_en) and, through the glossary's Chinese, by the Chinese BM25,
    # which still adds 0.07 hit@1 on dev. No Chinese dense leg for English: e5 then encodes the
    # question alone, not the question plus its glossary Chinese.
    weights_zh: dict[str, float] = {"bm25": 0.5, "e5": 1.5, "use": 1.0}
    weights_en: dict[str, float] = {"bm25": 1.5, "bm25_en": 1.0, "e5_en": 1.0}
    candidates: int = Field(50, ge=1, le=1000)  # per leg, into fusion
    zone_prior: float = Field(0.5, ge=0, le=1)  # RRF factor for zones a question does not name, when it names some
    heading_boost: float = Field(1.5, ge=1)  # RRF factor for a passage whose own heading the question quotes
    heading_evidence: float = Field(1.0, ge=0)  # and what that quoting adds to its evidence strength
    zh_dense_aliases: bool = True  # add the formal terms for everyday Chinese words to the dense legs too
    en_dense_glossary: bool = True  # add glossary Chinese terms to English queries for the dense legs
    top_k: int = Field(5, ge=1, le=50)
    # Choosing the sentence to quote: its dense similarity plus this × the share of the question's
    # terms it contains. The same in both languages: how much BM25 counts in ranking passages says
    # nothing about whether the quote should state the question's words.
    highlight_overlap: float = Field(3.0, ge=0)

    @model_validator(mode="after")
    def _weights(self):
        for lang in LANGS:
            weights = getattr(self, f"weights_{lang}")
            if any(w < 0 for w in weights.values()):
                raise ValueError(f"weights_{lang} has a negative weight: {weights}")
        return self

    def weights(self, lang: str) -> dict[str, float]:
        return self.weights_zh if lang == "zh" else self.weights_en


class AnswerSettings(BaseSettings):
    """Found / not found and which zones an answer names. Calibrated on the dev split (eval/README.md)."""

    model_config = _group_config()

    # The answer is "not covered" when the leading passage's evidence (its strength plus
    # coverage_weight × the share of the question's terms its quote states) is below found_threshold.
    # One number, or one per language.
    found_threshold: float | dict[str, float] = {"zh": 3.0, "en": 2.5}
    # English coverage is read on the English quote; on dev it adds nothing to the English legs' strength.
    coverage_weight: dict[str, float] = {"zh": 2.0, "en": 0.0}
    zone_floor: float | dict[str, float] = {"zh": 2.5, "en": 2.0}  # strength every further zone needs
    zone_ratio: float = Field(0.7, gt=0, le=1)  # a zone is named if its best score ≥ ratio × top score
    zone_ratio_listing: float = Field(0.5, gt=0, le=1)  # the same for "which zones …" questions
    # …where a zone above that ratio is also named if its quote covers this share of the question's
    # terms that the leading zone's quote covers
    zone_coverage_listing: float = Field(0.85, gt=0)
    max_zones: int = Field(4, ge=1, le=64)
    zone_evidence_depth: int = Field(20, ge=1)  # how far down the ranking a zone's evidence may sit
    # Found / not found and the zones named from the verifier's judgement of each zone's quote
    # (rag/verify.py, rag/data/verifier.json); false: the threshold / ratio / floor rules above.
    verifier: bool = True
    # With the verifier: name the zones whose own quote clears its zone threshold, instead of the ratio /
    # floor rules (off: on dev the rules name the gold zone set as often or more, and keep hit@1).
    verifier_zones: bool = False

    @model_validator(mode="after")
    def _per_language_values(self):
        for name in ("found_threshold", "zone_floor", "coverage_weight"):
            value = getattr(self, name)
            if isinstance(value, dict):
                if set(value) - set(LANGS) or (not value and name != "coverage_weight"):  # {} weighs nothing
                    raise ValueError(f"{name} {value} must map the languages zh and/or en to numbers")
        if any(w < 0 for w in self.coverage_weight.values()):
            raise ValueError(f"coverage_weight has a negative weight: {self.coverage_weight}")
        return self

    def threshold(self, lang: str) -> float:
        return _per_lang(self.found_threshold, lang)

    def floor(self, lang: str) -> float:
        return _per_lang(self.zone_floor, lang)


class ServiceSettings(BaseSettings):
    """The HTTP service (api/). Admin endpoints are disabled, not open, while admin_key is unset."""

    model_config = _group_config()

    admin_key: str | None = None
    api_keys: Annotated[tuple[str, ...], NoDecode] = ()  # optional client keys, rate-limited per key
    cors_origins: Annotated[tuple[str, ...], NoDecode] = (
        "http://localhost", "http://127.0.0.1", "http://localhost:8000", "http://127.0.0.1:8000")
    rate_limit_per_minute: int = Field(120, ge=0)  # 0 disables; per client IP, or per API key when sent
    rate_limit_burst: int = Field(30, ge=1)
    # Where the buckets live: "sqlite" (rate_limit_db, shared by every worker process of the host, so
    # `rag serve --workers N` allows the limit once, not N times) or "memory" (each process its own:
    # tests, a single process).
    rate_limit_backend: Literal["sqlite", "memory"] = "sqlite"
    rate_limit_db: Path = Field(default_factory=lambda: data_home() / "ratelimit.sqlite")
    request_timeout_s: float = Field(10.0, gt=0)
    # How often a serving process checks whether index_dir/current points at a newer build (one that
    # another worker's reindex or `rag build` published) and loads it; 0 turns this off.
    index_poll_s: float = Field(5.0, ge=0)
    max_body_bytes: int = Field(16_384, ge=256)
    max_question_chars: int = Field(500, ge=1)
    feedback_db: Path = Field(default_factory=lambda: data_home() / "feedback.sqlite")
    log_questions: bool = False  # question text in request logs only when allowed

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split(cls, v):
        return _csv(v)

    @field_validator("rate_limit_db")
    @classmethod
    def _a_file(cls, v: Path):
        v = v.expanduser()
        if not str(v).strip() or v.is_dir():
            raise ValueError(f"rate_limit_db {str(v)!r} is a directory; name the database file in it, e.g. {str(v / 'ratelimit.sqlite')!r}")
        return v


GROUPS = {"index": IndexSettings, "retrieval": RetrievalSettings, "answer": AnswerSettings, "service": ServiceSettings}


class Settings(BaseModel):
    model_config = {"frozen": True, "extra": "forbid"}

    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    service: ServiceSettings = Field(default_factory=ServiceSettings)

    @model_validator(mode="after")
    def _weights_name_legs(self):
        # Each leg over the Chinese text has a twin over the English text ("e5_en"), used where the
        # corpus has one (rag.index).
        legs = {"bm25", *self.index.embedders}
        legs |= {leg + "_en" for leg in legs}
        for lang in LANGS:
            weights = self.retrieval.weights(lang)
            unknown = set(weights) - legs
            if unknown:
                raise ValueError(f"weights_{lang} names unknown legs {sorted(unknown)}; legs are {sorted(legs)}")
        return self

    def index_settings(self) -> dict:
        """What an index depends on besides its corpus: a change here means the index must be rebuilt."""
        return {"embedders": list(self.index.embedders), "faiss_factory": self.index.faiss_factory}

    def replace(self, **flat) -> "Settings":
        """A copy with some fields changed, named flat as in ``load_settings``; validated again."""
        groups = self.model_dump()
        for key, value in flat.items():
            groups[_group_of(key)][key] = value
        return _validated(lambda: Settings(**{g: GROUPS[g].model_validate(v) for g, v in groups.items()}))


def _group_of(key: str) -> str:
    for name, cls in GROUPS.items():
        if key in cls.model_fields:
            return name
    raise ConfigError(f"invalid settings: unknown setting {key!r}")


def _validated(build) -> Settings:
    """Run ``build``, turning pydantic's error into one ConfigError naming the bad value."""
    try:
        return build()
    except SettingsError as e:  # an environment value that is not valid JSON for a dict field
        raise ConfigError(f"invalid settings: {e}") from None
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or e.title}={err.get('input')!r}: {err['msg']}"
            if err["loc"] else f"{err['msg']}" for err in e.errors())
        raise ConfigError(f"invalid settings: {problems}") from None


def load_settings(**overrides) -> Settings:
    """Settings from defaults, RAG_* variables and ``overrides`` (flat field names: ``rrf_k=30``).

    With ``RAG_SETTINGS_FILE`` set (how `rag serve --workers N` hands its settings on), the file
    holds the whole settings and the other variables are not read."""
    file = os.environ.get(SETTINGS_FILE_ENV)
    if file and not overrides:
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"invalid settings: {SETTINGS_FILE_ENV}={file!r}: {e}") from None
        return _validated(lambda: Settings(**{g: GROUPS[g].model_validate(data.get(g, {})) for g in GROUPS}))
    by_group: dict[str, dict] = {g: {} for g in GROUPS}
    for key, value in overrides.items():
        by_group[_group_of(key)][key] = value
    return _validated(lambda: Settings(**{g: GROUPS[g](**kw) for g, kw in by_group.items()}))


def write_settings_file(settings: Settings, path: Path) -> Path:
    path.write_text(settings.model_dump_json(), encoding="utf-8")
    return path


def _per_lang(value: float | dict[str, float], lang: str) -> float:
    return value.get(lang, max(value.values())) if isinstance(value, dict) else value
