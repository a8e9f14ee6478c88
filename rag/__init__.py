"""Bilingual retrieval and cited answers over Chinese pilot free trade zone plans (corpus packages)."""
from .config import Settings, load_settings
from .engine import Engine
from .errors import RagError
from .types import Answer, Hit, Passage

__all__ = ["Answer", "Engine", "Hit", "Passage", "RagError", "Settings", "load_settings"]
__version__ = "0.1.0"
