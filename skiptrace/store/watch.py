"""The watch list (issue 20): which debtors an agency monitors, how often, and when next.

An entry is one debtor of one agency with its period in days (monthly = 30) and the time it is
next due; a whole portfolio is added as one entry per debtor, each remembering the job it came
from. ``monitor_baselines`` keeps the last *complete* profile of each watched debtor: what the
next complete profile is compared with (skiptrace/monitor/diff.py). Times are ISO 8601 UTC
strings, so that they sort as text.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DEFERRED = "deferred"
RETRY_DEFERRED = timedelta(days=1)
COLUMNS = ("id", "agency_id", "debtor_id", "every_days", "portfolio", "added_at", "added_by",
           "next_due", "last_run", "last_outcome")


@dataclass(frozen=True)
class Entry:
    id: int
    agency_id: int
    debtor_id: str
    every_days: int
    portfolio: str | None
    added_at: str
    added_by: str
    next_due: str
    last_run: str | None
    last_outcome: str | None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


def _iso(when: datetime) -> str:
    return when.replace(microsecond=0).isoformat()


def add(conn: sqlite3.Connection, agency_id: int, debtor_ids: list[str], every_days: int,
        added_by: str, now: datetime, portfolio: str | None = None) -> tuple[int, int]:
    """Watch ``debtor_ids`` (due at once: the first run sets the baseline); an entry that exists
    gets the new period and keeps its due time. Returns (added, updated)."""
    added = updated = 0
    for debtor_id in debtor_ids:
        cursor = conn.execute(
            "UPDATE watch_entries SET every_days = ?, portfolio = coalesce(?, portfolio)"
            " WHERE agency_id = ? AND debtor_id = ?", (every_days, portfolio, agency_id, debtor_id))
        if cursor.rowcount:
            updated += 1
            continue
        conn.execute(
            "INSERT INTO watch_entries(agency_id, debtor_id, every_days, portfolio, added_at,"
            " added_by, next_due) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (agency_id, debtor_id, every_days, portfolio, _iso(now), added_by, _iso(now)))
        added += 1
    return added, updated


def remove(conn: sqlite3.Connection, agency_id: int, debtor_ids: list[str]) -> int:
    """Stop watching; the debtor's baseline goes when no agency watches them any more."""
    removed = 0
    for debtor_id in debtor_ids:
        removed += conn.execute("DELETE FROM watch_entries WHERE agency_id = ? AND debtor_id = ?",
                                (agency_id, debtor_id)).rowcount
        conn.execute("DELETE FROM monitor_baselines WHERE debtor_id = ? AND NOT EXISTS"
                     " (SELECT 1 FROM watch_entries WHERE debtor_id = ?)", (debtor_id, debtor_id))
    return removed


def entries(conn: sqlite3.Connection, agency_id: int | None = None) -> list[Entry]:
    rows = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM watch_entries WHERE ? IS NULL OR agency_id = ?"
        " ORDER BY agency_id, debtor_id", (agency_id, agency_id)).fetchall()
    return [Entry(*row) for row in rows]


def get(conn: sqlite3.Connection, agency_id: int, debtor_id: str) -> Entry | None:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM watch_entries"
                       " WHERE agency_id = ? AND debtor_id = ?", (agency_id, debtor_id)).fetchone()
    return Entry(*row) if row else None


def due(conn: sqlite3.Connection, now: datetime) -> list[Entry]:
    """Entries whose time has come, the longest overdue first (then by debtor id)."""
    rows = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM watch_entries WHERE next_due <= ?"
        " ORDER BY next_due, debtor_id, agency_id", (_iso(now),)).fetchall()
    return [Entry(*row) for row in rows]


def ran(conn: sqlite3.Connection, entry_id: int, outcome: str, now: datetime,
        every_days: int) -> None:
    """Record a run's outcome and move the entry's next due time a period on; a ``deferred``
    run (a source failed) is tried again after a day at most, not a whole period."""
    wait = timedelta(days=every_days)
    if outcome == DEFERRED:
        wait = min(wait, RETRY_DEFERRED)
    conn.execute("UPDATE watch_entries SET last_run = ?, last_outcome = ?, next_due = ?"
                 " WHERE id = ?", (_iso(now), outcome, _iso(now + wait), entry_id))


def baseline(conn: sqlite3.Connection, debtor_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT profile FROM monitor_baselines WHERE debtor_id = ?",
                       (debtor_id,)).fetchone()
    return json.loads(row[0]) if row else None


def set_baseline(conn: sqlite3.Connection, debtor_id: str, profile: dict[str, Any],
                 now: datetime) -> None:
    conn.execute(
        "INSERT INTO monitor_baselines(debtor_id, profile, built_at) VALUES (?, ?, ?)"
        " ON CONFLICT(debtor_id) DO UPDATE SET profile = excluded.profile,"
        " built_at = excluded.built_at",
        (debtor_id, json.dumps(profile, ensure_ascii=False, sort_keys=True), _iso(now)))


__all__ = ["Entry", "add", "baseline", "due", "entries", "get", "ran", "remove", "set_baseline"]
