"""/admin: the feedback list and reindexing, behind the admin key."""
from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from rag.errors import RagError

from ..deps import EngineDep, RuntimeDep, admin_gate
from ..errors import ApiError
from ..schemas import ErrorResponse, FeedbackList, ReindexResponse

log = logging.getLogger(__name__)
AUTH = {401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}}
router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(admin_gate)])


@router.get("/feedback", response_model=FeedbackList, responses=AUTH)
async def list_feedback(runtime: RuntimeDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                        offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> dict:
    return await run_in_threadpool(runtime.feedback.list, limit, offset)


@router.post("/reindex", response_model=ReindexResponse,
             responses={**AUTH, 409: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
async def reindex(runtime: RuntimeDep, engine: EngineDep) -> dict:
    if runtime.reindex_lock.locked():
        raise ApiError(409, "a reindex is already running; try again when it finishes")
    async with runtime.reindex_lock:
        try:
            # No time budget: a build takes as long as it takes, and queries keep using the old index.
            result = await run_in_threadpool(engine.rebuild)
        except RagError as e:
            runtime.metrics.reindex.labels("failed").inc()
            raise ApiError(409, f"reindex failed, the previous index is still serving: {e}") from None
        except Exception as e:
            runtime.metrics.reindex.labels("failed").inc()
            log.exception("reindex failed")
            raise ApiError(503, f"reindex failed, the previous index is still serving: {type(e).__name__}: {e}") from None
    runtime.metrics.reindex.labels("ok").inc()
    return {"status": "ok", "path": result["path"], "seconds": result["seconds"], "index": runtime.index_summary(engine)}
