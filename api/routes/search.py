"""GET /search (ranked passages with each leg's score) and GET /passages/{id}."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from rag.contract import passage_dict, search_dict
from rag.types import Hit

from ..deps import EngineDep, RuntimeDep, SettingsDep, client_gate, user_text
from ..errors import ApiError
from ..schemas import ZONE_DESCRIPTION, ErrorResponse, Lang, PassageResponse, SearchResponse
from .common import ERRORS, check_zone

router = APIRouter()


@router.get("/search", response_model=SearchResponse, tags=["query"], dependencies=[Depends(client_gate)],
            responses=ERRORS)
async def search(
    request: Request, runtime: RuntimeDep, engine: EngineDep, settings: SettingsDep,
    q: Annotated[str, Query(description="query text, Chinese or English")],
    k: Annotated[int, Query(ge=1, le=50, description="number of passages")] = 10,
    zone: Annotated[str | None, Query(max_length=64, description=ZONE_DESCRIPTION)] = None,
) -> dict:
    query = user_text(request, settings, q, "q")
    r = await runtime.within_budget(engine.retrieve, query, k, check_zone(zone, engine))
    runtime.metrics.observe_stages(r.timings_ms)
    return search_dict(r, k, engine.retriever.legs, zone)


@router.get("/passages/{passage_id:path}", response_model=PassageResponse, tags=["document"],
            responses={404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
def passage(passage_id: str, engine: EngineDep,
            lang: Annotated[Lang, Query(description="language of the heading path")] = "zh") -> dict:
    idx = engine.index
    row = idx.by_id().get(passage_id)
    if row is None:
        example = idx.passages[-1].id if idx.passages else ""
        raise ApiError(404, f"id: no passage {passage_id[:100]!r}; ids look like {example!r} (see /search)", "id")
    p = idx.passages[row]

    def neighbour(i: int):
        if 0 <= i < len(idx.passages):
            return {"id": idx.passages[i].id, "title": idx.passages[i].title}
        return None

    english = engine.corpus.english.get(p.id)
    return {**passage_dict(p, engine.composer.heading_path(Hit(p, 0.0), lang), engine.corpus.titles_en.get(p.id)),
            "text_en": english.text if english else None,
            "previous": neighbour(row - 1), "next": neighbour(row + 1)}
