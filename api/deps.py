"""FastAPI dependencies: what a route may ask for, as ``Annotated`` aliases.

Tests swap any of them through ``app.dependency_overrides`` (say, ``get_engine`` for a fake engine).
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from rag.config import Settings
from rag.engine import Engine

from .guards import clean_text
from .runtime import Runtime


# The dependencies are ``async def``: FastAPI runs a plain ``def`` one in its thread pool, a thread hop each,
# per request, for what is an attribute read.
async def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


async def get_engine(runtime: RuntimeDep) -> Engine:
    """The loaded engine, or a 503 while it loads (or if it failed to)."""
    return runtime.live_engine()


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]


async def client_gate(request: Request, runtime: RuntimeDep) -> None:
    """Public query endpoints: API key check, then rate limit."""
    await runtime.client_gate(request)


async def openai_client_gate(request: Request, runtime: RuntimeDep) -> None:
    """The same gate for /v1, where the key may also come as ``Authorization: Bearer <key>``."""
    await runtime.client_gate(request, bearer=True)


async def admin_gate(request: Request, runtime: RuntimeDep) -> None:
    await runtime.admin_gate(request)


def user_text(request: Request, settings: Settings, value: str, field: str) -> str:
    """A question or query as the library gets it; kept for the access log when allowed."""
    text = clean_text(value, field, settings.service.max_question_chars)
    request.state.question = text
    return text
