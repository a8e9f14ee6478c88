"""Optional dependency groups (pyproject's extras) that a command needs, checked before it starts.

The core install (`pip install ftz-rag`) is the library and `rag build / search / ask`; `rag serve`
needs the `serve` extra and `rag eval` the `eval` extra. Their modules are imported lazily, so a
missing one is one clear line ("rag: error: … pip install 'ftz-rag[serve]'") instead of a traceback.
"""
from __future__ import annotations

import importlib

from .errors import ExtraMissingError

# extra → the top-level modules its packages provide (what the commands import).
EXTRAS: dict[str, tuple[str, ...]] = {
    "serve": ("fastapi", "uvicorn", "prometheus_client"),
    "eval": ("matplotlib", "httpx"),
}


def require_extra(extra: str, command: str, modules: tuple[str, ...] | None = None) -> None:
    """Import `modules` (default: all of the extra's) or raise ExtraMissingError naming the extra.

    Only a module of the extra itself being absent counts; any other import failure propagates."""
    for module in modules if modules is not None else EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if (e.name or "").split(".")[0] != module:
                raise
            raise ExtraMissingError(extra, command, module) from None
