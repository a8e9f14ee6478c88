"""POST /feedback: thumbs up/down on an answer, stored in SQLite."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool

from ..deps import EngineDep, RuntimeDep, SettingsDep, client_gate
from ..errors import ApiError
from ..guards import clean_text
from ..schemas import FeedbackItem, FeedbackRequest
from .common import ERRORS

router = APIRouter(tags=["feedback"])


@router.post("/feedback", response_model=FeedbackItem, status_code=201, dependencies=[Depends(client_gate)],
             responses=ERRORS)
async def post_feedback(req: FeedbackRequest, runtime: RuntimeDep, engine: EngineDep, settings: SettingsDep) -> dict:
    question = clean_text(req.question, "question", settings.service.max_question_chars)
    comment = clean_text(req.comment, "comment", 2000, allow_empty=True)
    known = engine.index.by_id()
    for i, cid in enumerate(req.citation_ids):
        if cid not in known:
            raise ApiError(422, f"citation_ids.{i}: unknown passage id {cid[:100]!r}", f"citation_ids.{i}")
    return await run_in_threadpool(runtime.feedback.add, question, list(req.citation_ids), req.rating, comment)
