"""One Settings object, built from defaults, then RAG_* environment variables, then explicit overrides."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from .errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
EMBEDDER_NAMES = ("e5", "use", "hash")  # plus "st:<model name or path>"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="forbid", frozen=True)

    corpus_path: Path = ROOT / "corpus" / "guofa-2020-10.txt"
    index_dir: Path = ROOT / "index"
    cache_path: Path = ROOT / ".cache" / "embeddings.sqlite"

    # Dense legs, in order. "st:<name>" loads any sentence-transformers model (optional extra).
    embedders: Annotated[tuple[str, ...], NoDecode] = ("e5", "use")  # env: RAG_EMBEDDERS=e5,use
    faiss_factory: str = "Flat"  # any faiss.index_factory string; inner product on unit vectors
    # Threads per model. One per model serves best: with two, e5's OpenMP threads and USE's BLAS
    # threads oversubscribe 2 cores and p95 latency quadruples (scripts/bench.py). A build is one
    # stream of work and does use more.
    threads: int = Field(1, ge=1, le=64)
    build_threads: int = Field(2, ge=1, le=64)

    # Fusion: reciprocal rank fusion, one weight per leg ("bm25" or an embedder name), per language.
    rrf_k: int = Field(60, ge=1)
    # Tuned on the dev split (scripts/tune.py): e5 is strongest in Chinese, BM25 with glossary
    # expansion carries English.
    weights_zh: dict[str, float] = {"bm25": 0.5, "e5": 1.5, "use": 1.0}
    weights_en: dict[str, float] = {"bm25": 1.5, "e5": 1.5, "use": 1.0}
    candidates: int = Field(50, ge=1, le=1000)
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

    # Answering. Calibrated on the dev split (see eval/README.md).
    # The answer is "not covered" when the leading passage's evidence (its strength plus
    # coverage_weight × the share of the question's terms its quote states) is below found_threshold.
    # One number, or one per language.
    found_threshold: float | dict[str, float] = {"zh": 3.0, "en": 2.0}
    coverage_weight: dict[str, float] = {"zh": 2.0, "en": 0.0}  # English quotes are Chinese: coverage says less
    zone_floor: float | dict[str, float] = {"zh": 2.5, "en": 2.0}  # strength every further zone needs
    zone_ratio: float = Field(0.7, gt=0, le=1)  # a zone is named if its best score ≥ ratio × top score
    zone_ratio_listing: float = Field(0.5, gt=0, le=1)  # the same for "which zones …" questions
    # …where a zone above that ratio is also named if its quote covers this share of the question's
    # terms that the leading zone's quote covers
    zone_coverage_listing: float = Field(0.85, gt=0)
    max_zones: int = Field(4, ge=1, le=4)
    zone_evidence_depth: int = Field(20, ge=1)  # how far down the ranking a zone's evidence may sit

    # Service (api/). Admin endpoints are disabled, not open, while admin_key is unset.
    admin_key: str | None = None
    api_keys: Annotated[tuple[str, ...], NoDecode] = ()  # optional client keys, rate-limited per key
    cors_origins: Annotated[tuple[str, ...], NoDecode] = (
        "http://localhost", "http://127.0.0.1", "http://localhost:8000", "http://127.0.0.1:8000")
    rate_limit_per_minute: int = Field(120, ge=0)  # 0 disables; per client IP, or per API key when sent
    rate_limit_burst: int = Field(30, ge=1)
    request_timeout_s: float = Field(10.0, gt=0)
    # How often a serving process checks whether index_dir/current points at a newer build (one that
    # another worker's reindex or `rag build` published) and loads it; 0 turns this off.
    index_poll_s: float = Field(5.0, ge=0)
    max_body_bytes: int = Field(16_384, ge=256)
    max_question_chars: int = Field(500, ge=1)
    feedback_db: Path = ROOT / ".cache" / "feedback.sqlite"
    log_questions: bool = False  # question text in request logs only when allowed

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split_csv(cls, v):
        if isinstance(v, str):
            v = [s.strip() for s in v.split(",") if s.strip()]
        return tuple(v)

    @field_validator("embedders", mode="before")
    @classmethod
    def _split_embedders(cls, v):
        if isinstance(v, str):
            v = [s.strip() for s in v.split(",") if s.strip()]
        return tuple(v)

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

    @model_validator(mode="after")
    def _weights_name_legs(self):
        legs = {"bm25", *self.embedders}
        for lang in ("zh", "en"):
            weights = getattr(self, f"weights_{lang}")
            unknown = set(weights) - legs
            if unknown:
                raise ValueError(f"weights_{lang} names unknown legs {sorted(unknown)}; legs are {sorted(legs)}")
            if any(w < 0 for w in weights.values()):
                raise ValueError(f"weights_{lang} has a negative weight: {weights}")
        return self

    @model_validator(mode="after")
    def _per_language_values(self):
        for name in ("found_threshold", "zone_floor", "coverage_weight"):
            value = getattr(self, name)
            if isinstance(value, dict):
                if set(value) - {"zh", "en"} or (not value and name != "coverage_weight"):  # {} weighs nothing
                    raise ValueError(f"{name} {value} must map the languages zh and/or en to numbers")
        if any(w < 0 for w in self.coverage_weight.values()):
            raise ValueError(f"coverage_weight has a negative weight: {self.coverage_weight}")
        return self

    def threshold(self, lang: str) -> float:
        return _per_lang(self.found_threshold, lang)

    def floor(self, lang: str) -> float:
        return _per_lang(self.zone_floor, lang)

    def weights(self, lang: str) -> dict[str, float]:
        return self.weights_zh if lang == "zh" else self.weights_en

    def index_settings(self) -> dict:
        """What an index depends on: a change here means the index must be rebuilt."""
        return {"embedders": list(self.embedders), "faiss_factory": self.faiss_factory}


def load_settings(**overrides) -> Settings:
    """Build Settings, turning pydantic's error into one ConfigError naming the bad value."""
    try:
        return Settings(**overrides)
    except SettingsError as e:  # an environment value that is not valid JSON for a dict field
        raise ConfigError(f"invalid settings: {e}") from None
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}={err.get('input')!r}: {err['msg']}" for err in e.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None


def _per_lang(value: float | dict[str, float], lang: str) -> float:
    return value.get(lang, max(value.values())) if isinstance(value, dict) else value
