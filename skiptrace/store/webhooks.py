"""Webhooks an admin registered (issue 20) and the log of every delivery to them.

A webhook belongs to an agency and receives that agency's change events. Its URL comes only from
``skiptrace webhooks add`` on the host (never from an API request), and its secret is kept in
clear because the sender signs with it (docs/security.md "Webhooks"). A delivery is one event to
one webhook: pending until delivered or out of attempts, with the time of its next attempt, the
attempts made and the last answer; the body itself is not kept (it is built from the event).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

HOOK_COLUMNS = ("id", "agency_id", "url", "secret", "allow_private", "created_at", "removed_at")
DELIVERY_COLUMNS = ("id", "webhook_id", "event_id", "debtor_id", "state", "attempts",
                    "next_attempt_at", "last_attempt_at", "last_status", "last_error")


def _iso(when: datetime) -> str:
    return when.replace(microsecond=0).isoformat()


def add(conn: sqlite3.Connection, agency_id: int, url: str, secret: str, allow_private: bool,
        now: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO webhooks(agency_id, url, secret, allow_private, created_at)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        (agency_id, url, secret, int(allow_private), _iso(now)))
    return int(cursor.fetchone()[0])


def remove(conn: sqlite3.Connection, webhook_id: int, now: datetime) -> bool:
    """No more deliveries to it (pending ones fail); its log stays."""
    done = conn.execute("UPDATE webhooks SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                        (_iso(now), webhook_id)).rowcount
    conn.execute("UPDATE webhook_deliveries SET state = 'failed', last_error = 'webhook removed'"
                 " WHERE webhook_id = ? AND state = 'pending'", (webhook_id,))
    return bool(done)


def hooks(conn: sqlite3.Connection, agency_id: int | None = None, *,
          live: bool = False) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(HOOK_COLUMNS)} FROM webhooks WHERE (? IS NULL OR agency_id = ?)"
        " AND (? = 0 OR removed_at IS NULL) ORDER BY id",
        (agency_id, agency_id, int(live))).fetchall()
    return [dict(zip(HOOK_COLUMNS, row, strict=True)) for row in rows]


def hook(conn: sqlite3.Connection, webhook_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(HOOK_COLUMNS)} FROM webhooks WHERE id = ?",
                       (webhook_id,)).fetchone()
    return dict(zip(HOOK_COLUMNS, row, strict=True)) if row else None


def queue(conn: sqlite3.Connection, agency_id: int, debtor_id: str, event_ids: list[int],
          now: datetime) -> int:
    """One pending delivery per event and live webhook of the agency, due now."""
    queued = 0
    for hook_row in hooks(conn, agency_id, live=True):
        for event_id in event_ids:
            queued += conn.execute(
                "INSERT INTO webhook_deliveries(webhook_id, event_id, debtor_id, state,"
                " next_attempt_at) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
                (hook_row["id"], event_id, debtor_id, _iso(now))).rowcount
    return queued


def due(conn: sqlite3.Connection, now: datetime, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(DELIVERY_COLUMNS)} FROM webhook_deliveries"
        " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
        (_iso(now), limit)).fetchall()
    return [dict(zip(DELIVERY_COLUMNS, row, strict=True)) for row in rows]


def attempted(conn: sqlite3.Connection, delivery_id: int, *, state: str, now: datetime,
              next_attempt: datetime | None, status: int | None, error: str | None) -> None:
    conn.execute(
        "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_attempt_at = ?,"
        " next_attempt_at = coalesce(?, next_attempt_at), last_status = ?, last_error = ?"
        " WHERE id = ?",
        (state, _iso(now), _iso(next_attempt) if next_attempt else None, status, error,
         delivery_id))


def log(conn: sqlite3.Connection, agency_id: int | None = None,
        limit: int = 100) -> list[dict[str, Any]]:
    """The delivery log, newest first: no URL, no body, no secret."""
    rows = conn.execute(
        f"SELECT {', '.join('d.' + c for c in DELIVERY_COLUMNS)} FROM webhook_deliveries d"
        " JOIN webhooks w ON w.id = d.webhook_id WHERE ? IS NULL OR w.agency_id = ?"
        " ORDER BY d.id DESC LIMIT ?", (agency_id, agency_id, limit)).fetchall()
    return [dict(zip(DELIVERY_COLUMNS, row, strict=True)) for row in rows]


__all__ = ["add", "attempted", "due", "hook", "hooks", "log", "queue", "remove"]
