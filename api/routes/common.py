"""What several routers share: the error responses they document, and zone validation."""
from __future__ import annotations

from rag.engine import Engine

from ..errors import ApiError
from ..schemas import ErrorResponse

ERRORS = {code: {"model": ErrorResponse} for code in (400, 401, 413, 422, 429, 503)}


def check_zone(zone: str | None, engine: Engine, field: str = "zone") -> str | None:
    if zone is not None and zone not in engine.corpus.zone_by_id:
        raise ApiError(422, f"{field}: unknown zone {zone[:64]!r}; zones are {', '.join(engine.corpus.zone_ids)}", field)
    return zone
