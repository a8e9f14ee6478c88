"""GET /zones: each zone's names, area, 片区 and measure counts, read from the loaded corpus."""
from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from rag.zones import zone_facts

from ..deps import EngineDep, RuntimeDep
from ..schemas import ErrorResponse, ZonesResponse

router = APIRouter(tags=["document"])


@router.get("/zones", response_model=ZonesResponse, responses={503: {"model": ErrorResponse}})
def zones(runtime: RuntimeDep, engine: EngineDep) -> dict:
    idx, cache = engine.index, runtime.zone_cache
    if cache.get("path") != idx.path:  # recomputed after a reindex
        doc_of = {z.id: z.doc for z in engine.corpus.zones}
        body = {"zones": [{**asdict(z), "doc": doc_of[z.id], "measures_by_section": dict(z.measures_by_section)}
                          for z in zone_facts(idx.passages, engine.corpus.zones)],
                "documents": [asdict(d) for d in engine.corpus.docs.values()]}
        cache.update(path=idx.path, body=body)
    return cache["body"]
