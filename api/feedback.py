"""User feedback in SQLite. A connection per call: cheap, and safe across threads and workers."""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    citation_ids TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT ''
)"""


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        if not self._ready:
            with conn:
                conn.execute(_SCHEMA)
            self._ready = True
        return conn

    def add(self, question: str, citation_ids: list[str], rating: str, comment: str) -> dict:
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, question, citation_ids, rating, comment) VALUES (?, ?, ?, ?, ?)",
                (created, question, json.dumps(citation_ids, ensure_ascii=False), rating, comment))
            row_id = cur.lastrowid
        return {"id": row_id, "created_at": created, "question": question, "citation_ids": citation_ids,
                "rating": rating, "comment": comment}

    def list(self, limit: int = 100, offset: int = 0) -> dict:
        with closing(self._connect()) as conn:
            total = conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
            rows = conn.execute(
                "SELECT id, created_at, question, citation_ids, rating, comment FROM feedback "
                "ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)).fetchall()
        items = [{"id": r[0], "created_at": r[1], "question": r[2], "citation_ids": json.loads(r[3]),
                  "rating": r[4], "comment": r[5]} for r in rows]
        return {"total": total, "items": items}
