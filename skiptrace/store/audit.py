"""The audit log: who looked up whom, when, and for what purpose (law 09-08, purpose limitation).

Append-only by construction: triggers in the schema abort any UPDATE or DELETE on the table.
Identifiers never enter it in clear: ``target`` is masked with :func:`skiptrace.model.mask`.
Entries carry the wall-clock time, never the fixed ``--as-of`` clock: the log says when it happened.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from skiptrace.model import mask

_COLUMNS = ("id", "at", "operator", "purpose", "action", "debtor_id", "target", "details")


def append(
    conn: sqlite3.Connection,
    operator: str,
    purpose: str,
    action: str,
    debtor_id: str | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Append one entry; returns its id. ``operator`` and ``purpose`` are mandatory."""
    if not operator.strip() or not purpose.strip():
        raise ValueError("an audit entry needs an operator and a purpose")
    cursor = conn.execute(
        "INSERT INTO audit(at, operator, purpose, action, debtor_id, target, details)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            datetime.now(UTC).replace(microsecond=0).isoformat(),
            operator,
            purpose,
            action,
            debtor_id,
            mask(target) if target else None,
            json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
        ),
    )
    return int(cursor.lastrowid or 0)


def entries(
    conn: sqlite3.Connection, limit: int | None = None, debtor_id: str | None = None
) -> list[dict[str, Any]]:
    """Entries oldest first (optionally only one debtor's, optionally the last ``limit``)."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM audit WHERE (? IS NULL OR debtor_id = ?)"
    sql += " ORDER BY id DESC LIMIT ?"
    rows = conn.execute(sql, (debtor_id, debtor_id, -1 if limit is None else limit)).fetchall()
    result = []
    for row in reversed(rows):
        entry = dict(zip(_COLUMNS, row, strict=True))
        entry["details"] = json.loads(entry["details"])
        result.append(entry)
    return result


__all__ = ["append", "entries"]
