"""Per-client rate limits behind one method: ``Limiter.take(client)`` → seconds to wait (0: allowed).

Every backend keeps the same token bucket per client: ``burst`` tokens, refilled at
``per_minute``/60 per second, one token per request.

- ``MemoryLimiter``: the buckets in this process. For tests and a single process: with
  ``rag serve --workers N`` each worker would allow the whole limit, N times it in all.
- ``SQLiteLimiter`` (the default): the buckets in one SQLite file (WAL) that every worker process of
  a host opens, so together they allow the configured limit.

Several hosts behind one load balancer need a store they all reach; a Redis backend would implement
the same ``take`` as one Lua script (read tokens and time, refill, spend, write, EXPIRE after the time
a bucket takes to refill), which Redis runs atomically. It is not implemented.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from pathlib import Path

log = logging.getLogger(__name__)

# The memory backend forgets its least recently seen clients past this many; a forgotten client
# just starts again with a full bucket.
MAX_MEMORY_CLIENTS = 10_000
# How long a take waits for another worker's transaction. Each holds the lock for microseconds, so
# waiting longer means the file is stuck (disk, a foreign lock); the request is then let through.
# A busy store is contention, not breakage: under load on a shared 2-core host a writer can wait
# past a second, and switching a new file to WAL takes a lock that the busy handler does not wait
# for. Such a take is retried, never let through.
SQLITE_BUSY_TIMEOUT_S = 5.0
SQLITE_LOCKED_RETRIES = 5
# How often one process deletes the buckets that have refilled completely (they equal no row).
SQLITE_PRUNE_EVERY_S = 60.0
# A failing store is logged at most this often, not once per request.
FAILURE_LOG_EVERY_S = 60.0


def spend(tokens: float, elapsed: float, rate: float, burst: float) -> tuple[float, float]:
    """One request against a bucket that held ``tokens`` ``elapsed`` seconds ago.

    Returns (tokens now left, seconds until a token is available: 0 when this request is allowed)."""
    # max(0, …): a clock that stepped back (the wall clock the SQLite backend shares) refills nothing.
    tokens = min(burst, tokens + max(0.0, elapsed) * rate)
    if tokens >= 1:
        return tokens - 1, 0.0
    return tokens, (1 - tokens) / rate


class Limiter(ABC):
    def __init__(self, per_minute: int, burst: int):
        if per_minute <= 0 or burst < 1:
            raise ValueError(f"a limiter needs per_minute > 0 and burst >= 1, not {per_minute} and {burst}")
        self.rate = per_minute / 60.0
        self.burst = float(burst)

    @abstractmethod
    def take(self, client: str, now: float | None = None) -> float:
        """Spend one of ``client``'s tokens: 0 when allowed, else the seconds until a token is available.
        ``now`` (seconds, on the backend's clock) is for tests."""


class MemoryLimiter(Limiter):
    """Buckets in this process (``time.monotonic``)."""

    def __init__(self, per_minute: int, burst: int, max_clients: int = MAX_MEMORY_CLIENTS):
        super().__init__(per_minute, burst)
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens, wait = spend(tokens, now - last, self.rate, self.burst)
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


class SQLiteLimiter(Limiter):
    """Buckets in one SQLite file shared by the processes that open it. Times are ``time.time``: the
    file outlives a reboot, after which ``time.monotonic`` would start again from zero.

    Each take is one short ``BEGIN IMMEDIATE`` transaction: it takes the write lock before reading, so
    two workers spending the same bucket serialize instead of both reading the same count. The
    connection opens on the first take (a cheap constructor; one connection per process).
    """

    def __init__(self, path: Path, per_minute: int, burst: int):
        super().__init__(per_minute, burst)
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one connection, used by one thread at a time
        self._next_prune = 0.0
        self._next_failure_log = 0.0

    def take(self, client: str, now: float | None = None) -> float:
        with self._lock:
            for attempt in range(SQLITE_LOCKED_RETRIES + 1):
                try:
                    return self._take(client, now)
                except sqlite3.OperationalError as e:
                    if attempt == SQLITE_LOCKED_RETRIES or "locked" not in str(e) and "busy" not in str(e):
                        return self._fail_open(e)
                    self._close()
                    time.sleep(0.01 * (attempt + 1))
                except (sqlite3.Error, OSError) as e:  # OSError: its directory cannot be made
                    return self._fail_open(e)
            return 0.0

    def _fail_open(self, e: Exception) -> float:
        # The limit guards capacity; a broken limit store should not also take the service down.
        if time.monotonic() >= self._next_failure_log:
            self._next_failure_log = time.monotonic() + FAILURE_LOG_EVERY_S
            log.warning("rate limit store %s failed (%s); letting requests through", self.path, e)
        self._close()
        return 0.0

    def _take(self, client: str, now: float | None) -> float:
        conn = self._conn or self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            # The time is read holding the lock: read before, another worker's later write could
            # look like the future.
            now = time.time() if now is None else now
            row = conn.execute("SELECT tokens, last FROM buckets WHERE client = ?", (client,)).fetchone()
            tokens, last = row if row is not None else (self.burst, now)
            tokens, wait = spend(tokens, now - last, self.rate, self.burst)
            conn.execute("INSERT OR REPLACE INTO buckets (client, tokens, last) VALUES (?, ?, ?)", (client, tokens, now))
            if now >= self._next_prune:
                self._next_prune = now + SQLITE_PRUNE_EVERY_S
                conn.execute("DELETE FROM buckets WHERE last < ?", (now - self.burst / self.rate,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return wait

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: the transactions are the explicit BEGIN IMMEDIATE … COMMIT above.
        conn = sqlite3.connect(self.path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor it them
            conn.execute("PRAGMA synchronous=NORMAL")  # no fsync per take: a crash may forget the last few
            conn.execute("CREATE TABLE IF NOT EXISTS buckets "
                         "(client TEXT PRIMARY KEY, tokens REAL NOT NULL, last REAL NOT NULL) WITHOUT ROWID")
        except sqlite3.Error:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
