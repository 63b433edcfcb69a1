"""Change events (issue 20): what a monitoring run found changed about a watched debtor.

Append-only in practice (a run adds, ``forget`` erases); ids grow (AUTOINCREMENT), so a reader
that remembers the last id it saw never misses an event nor sees one twice, which is what the
feed's cursor carries (skiptrace/monitor/feed.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

COLUMNS = ("id", "agency_id", "debtor_id", "type", "key", "evidence", "detected_at", "run_id")


def add(conn: sqlite3.Connection, agency_id: int, debtor_id: str, run_id: str, detected_at: str,
        changes: Iterable[dict[str, Any]]) -> list[int]:
    """Store one debtor's events of one run; returns their ids in order."""
    ids = []
    for change in changes:
        cursor = conn.execute(
            "INSERT INTO change_events(agency_id, debtor_id, type, key, evidence, detected_at,"
            " run_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (agency_id, debtor_id, change["type"], change["key"],
             json.dumps(change["evidence"], ensure_ascii=False, sort_keys=True), detected_at,
             run_id))
        ids.append(int(cursor.fetchone()[0]))
    return ids


def _event(row: tuple[Any, ...]) -> dict[str, Any]:
    event = dict(zip(COLUMNS, row, strict=True))
    event["evidence"] = json.loads(event["evidence"])
    return event


def page(conn: sqlite3.Connection, agency_id: int, *, after_id: int, since: str | None,
         types: frozenset[str] | None, limit: int) -> list[dict[str, Any]]:
    """An agency's events with an id above ``after_id`` (detected at or after ``since``, of
    ``types`` when given), oldest first, at most ``limit``."""
    wanted = None if types is None else json.dumps(sorted(types))
    rows = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM change_events WHERE agency_id = ? AND id > ?"
        " AND (? IS NULL OR detected_at >= ?)"
        " AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))"
        " ORDER BY id LIMIT ?",
        (agency_id, after_id, since, since, wanted, wanted, limit)).fetchall()
    return [_event(row) for row in rows]


def get(conn: sqlite3.Connection, event_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM change_events WHERE id = ?",
                       (event_id,)).fetchone()
    return _event(row) if row else None


__all__ = ["COLUMNS", "add", "get", "page"]
