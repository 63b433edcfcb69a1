"""Answers to POSTs kept by ``Idempotency-Key`` (the HTTP service, issue 18).

A case system that retries a POST after a timeout must not start a second batch or a second
lookup: the first answer is kept per (API key, Idempotency-Key) with the hash of the request it
answered, and given again for the same request; the same key with another request is an error
(the client reused a key by mistake). Answers may carry a profile, so each row names the debtor
it is about and goes when that debtor is forgotten (trigger of migration 9); rows older than
``KEEP`` are deleted when a new one is written and when the service starts.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from skiptrace.model import utcnow

KEEP = timedelta(hours=24)


@dataclass(frozen=True)
class Stored:
    route: str
    body_hash: str
    status: int
    media_type: str
    body: bytes


def find(conn: sqlite3.Connection, key_id: int, idem_key: str) -> Stored | None:
    row = conn.execute(
        """SELECT route, body_hash, status, media_type, body FROM idempotency
           WHERE key_id = ? AND idem_key = ? AND created_at >= ?""",
        (key_id, idem_key, (utcnow() - KEEP).isoformat())).fetchone()
    if row is None:
        return None
    return Stored(str(row[0]), str(row[1]), int(row[2]), str(row[3]), bytes(row[4]))


def expire(conn: sqlite3.Connection) -> int:
    """Drop answers past ``KEEP`` (call inside a write transaction); how many went."""
    cursor = conn.execute("DELETE FROM idempotency WHERE created_at < ?",
                          ((utcnow() - KEEP).isoformat(),))
    return cursor.rowcount


def save(conn: sqlite3.Connection, key_id: int, idem_key: str, stored: Stored,
         debtor_id: str | None) -> None:
    """Keep an answer (call inside a write transaction); drops answers past ``KEEP``."""
    now = utcnow()
    expire(conn)
    conn.execute(
        """INSERT INTO idempotency(key_id, idem_key, route, body_hash, status,
               media_type, body, debtor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(key_id, idem_key) DO UPDATE SET route = excluded.route,
               body_hash = excluded.body_hash, status = excluded.status,
               media_type = excluded.media_type, body = excluded.body,
               debtor_id = excluded.debtor_id, created_at = excluded.created_at""",
        (key_id, idem_key, stored.route, stored.body_hash, stored.status, stored.media_type,
         stored.body, debtor_id, now.isoformat()))


__all__ = ["KEEP", "Stored", "expire", "find", "save"]
