"""What one serving process holds: the engine (once loaded), its stores and metrics, and the query
slots that keep CPU-bound work within the cores. Routes reach it through ``api.deps``."""
from __future__ import annotations

import asyncio
import logging
import os

from fastapi.concurrency import run_in_threadpool

from rag.config import Settings
from rag.corpus import Corpus
from rag.engine import Engine
from rag.errors import RagError

from .errors import ApiError
from .feedback import FeedbackStore
from .guards import AdminGate, ClientGate
from .observe import Metrics
from .stream import MessageStore

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, settings: Settings, engine: Engine | None = None):
        self.settings = settings
        self.engine = engine
        self.load_error: str | None = None
        self.corpus: Corpus | None
        # The corpus's zones and examples, known before the index loads (for the API docs). A package
        # that cannot be read is reported by /readyz, as the failed index load it also causes.
        try:
            self.corpus = engine.corpus if engine is not None and engine.retriever else Corpus.load(settings.index.corpus)
        except RagError as e:
            self.corpus, self.load_error = None, str(e)
        self.metrics = Metrics()
        self.metrics.watch_query_caches(lambda: self.engine.query_cache_stats() if self.engine is not None else {})
        self.messages = MessageStore()
        self.feedback = FeedbackStore(settings.service.feedback_db)
        self.reindex_lock = asyncio.Lock()
        self.client_gate = ClientGate(settings.service, self.metrics)
        self.admin_gate = AdminGate(settings.service)
        self.zone_cache: dict = {}
        # Queries are CPU-bound and each model runs `threads` threads: more queries at once than
        # cores / threads only adds contention, so the rest wait here (within their time budget).
        # Not divided among the workers of `rag serve --workers N`: the kernel hands each worker whole
        # keep-alive connections, unevenly (in one 8-client run, 390 of 400 requests in a row went to
        # one of 2 workers), and a worker with a share of the slots would then leave cores idle.
        # N × slots single-threaded queries only share the cores; they do not spin as multi-threaded
        # kernels do.
        self._slots = asyncio.Semaphore(max(1, len(os.sched_getaffinity(0)) // settings.retrieval.threads))

    # -- lifecycle ------------------------------------------------------------------------------

    def background_tasks(self) -> list[asyncio.Task]:
        tasks = []
        if self.engine is None:
            # Load in the background: the server answers /healthz and a 503 /readyz meanwhile.
            tasks.append(asyncio.create_task(self._load()))
        if self.settings.service.index_poll_s > 0:
            tasks.append(asyncio.create_task(self._follow()))
        return tasks

    async def _load(self) -> None:
        try:
            self.engine = await run_in_threadpool(
                lambda: Engine(self.settings).load(build_if_missing=True, progress=False))
        except Exception as e:  # reported by /readyz; the process stays up to say why
            log.exception("index load failed")
            self.load_error = str(e) if isinstance(e, RagError) else f"{type(e).__name__}: {e}"

    async def _follow(self) -> None:
        """With several worker processes, a reindex runs in one of them: the others pick up the build
        it publishes here, within index_poll_s."""
        while True:
            await asyncio.sleep(self.settings.service.index_poll_s)
            if self.engine is not None:
                try:
                    if await run_in_threadpool(self.engine.follow_current):
                        self.metrics.reindex.labels("followed").inc()
                except Exception:  # keep polling: the next build may load
                    log.exception("following the published index failed")

    def live_engine(self) -> Engine:
        if self.engine is None or self.engine.retriever is None:
            reason = self.load_error or "index is still loading"
            raise ApiError(503, f"service unavailable: {reason}", headers={"Retry-After": "5"})
        return self.engine

    # -- queries --------------------------------------------------------------------------------

    async def within_budget(self, fn, *args):
        """Run blocking library work in a thread; past the time budget the client gets a 503, not a hang.

        Waiting for a slot counts toward the budget. The common case, a free slot, takes it without a task, and
        the thread is the loop's executor's: this path is paid on every query (a one-off in-process timing of a
        cached /ask: 3.6 ms p50 with ``wait_for`` over a coroutine awaiting ``run_in_threadpool``, 3.1 ms so)."""
        budget = self.settings.service.request_timeout_s
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget
        try:
            if self._slots.locked():
                await asyncio.wait_for(self._slots.acquire(), timeout=budget)
            else:
                await self._slots.acquire()  # returns at once
            # A thread cannot be cancelled: a query past its budget keeps computing, so it keeps its slot
            # until its thread ends. Freeing the slot at the timeout would let queued queries pile onto
            # cores that are still busy, and an overloaded service would only get slower.
            work = loop.run_in_executor(None, fn, *args)
            work.add_done_callback(self._free_slot)
            return await asyncio.wait_for(asyncio.shield(work), timeout=max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            raise ApiError(503, f"query exceeded its time budget of {budget:g}s", headers={"Retry-After": "1"}) from None

    def _free_slot(self, work: asyncio.Future) -> None:
        self._slots.release()
        if not work.cancelled():
            work.exception()  # an abandoned query's error was already answered with a 503; don't warn again

    def index_summary(self, engine: Engine) -> dict:
        m = engine.index.manifest
        return {"path": str(engine.index.path), "built_at": m.get("built_at"), "corpus": m["corpus"],
                "embedders": [e["name"] for e in m["embedders"]], "counts": m.get("counts", {})}
