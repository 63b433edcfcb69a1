"""The HTTP service's batches: one row per uploaded portfolio, its state and where it lives.

The job's own progress (checkpoints per debtor) is the store's ``jobs``/``job_items``, written
by the batch job code; this row adds what the service needs on top: which agency and key made
it, who and why (law 09-08), the private folder of its files, and whether it is waiting, running
or over. A row left ``running`` by a service that stopped is resumed by the next one.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from skiptrace.model import utcnow

STATES = ("queued", "running", "done", "failed")
_FIELDS = ("id", "agency_id", "key_id", "job_id", "state", "format", "folder", "total",
           "operator", "purpose", "created_at", "started_at", "finished_at", "error", "summary")


def add(conn: sqlite3.Connection, batch_id: str, *, agency_id: int, key_id: int, job_id: str,
        fmt: str, folder: str, total: int, operator: str, purpose: str) -> None:
    """A queued batch; ``total``: the debtors its portfolio holds (accepted rows)."""
    conn.execute(
        f"INSERT INTO service_batches({', '.join(_FIELDS[:11])}) VALUES ({', '.join('?' * 11)})",
        (batch_id, agency_id, key_id, job_id, "queued", fmt, folder, total, operator, purpose,
         utcnow().isoformat()))


def get(conn: sqlite3.Connection, batch_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM service_batches WHERE id = ?",
                       (batch_id,)).fetchone()
    if row is None:
        return None
    batch = dict(zip(_FIELDS, row, strict=True))
    batch["summary"] = json.loads(batch["summary"]) if batch["summary"] else None
    return batch


def unfinished(conn: sqlite3.Connection) -> list[str]:
    """Batches to run, oldest first: those left running by a stopped service, then the queue."""
    rows = conn.execute(
        """SELECT id FROM service_batches WHERE state IN ('running', 'queued')
           ORDER BY state = 'queued', created_at, id""").fetchall()
    return [str(r[0]) for r in rows]


def set_state(conn: sqlite3.Connection, batch_id: str, state: str, *,
              error: str | None = None, summary: dict[str, Any] | None = None) -> None:
    if state not in STATES:
        raise ValueError(f"unknown batch state {state!r}")
    now = utcnow().isoformat()
    if state == "running":
        conn.execute("UPDATE service_batches SET state = ?, started_at = coalesce(started_at, ?) "
                     "WHERE id = ?", (state, now, batch_id))
        return
    conn.execute(
        "UPDATE service_batches SET state = ?, finished_at = ?, error = ?, summary = ? WHERE id = ?",
        (state, now, error, json.dumps(summary) if summary is not None else None, batch_id))


__all__ = ["STATES", "add", "get", "set_state", "unfinished"]
