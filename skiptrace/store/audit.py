"""The audit log: who looked up whom, when, and for what purpose (law 09-08, purpose limitation).

Append-only by construction: triggers in the schema abort any UPDATE or DELETE on the table.
Identifiers never enter it in clear: ``target`` is masked with :func:`skiptrace.model.mask`.
Entries carry the wall-clock time, never the fixed ``--as-of`` clock: the log says when it happened.

Tamper-evident by a hash chain: each row carries ``prev_hash`` (the hash of the row before it,
:data:`GENESIS` for the first) and ``hash``, the SHA-256 of :func:`canonical` over its columns.
Rows are appended inside the caller's write transaction (``BEGIN IMMEDIATE``), which is where the
previous hash is read, so two writers can never chain onto the same row. :func:`verify` walks the
chain; :func:`verify_against` compares it with chain heads copied outside the store
(:func:`append_chain_head`), which is what reveals rows cut off the end.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from skiptrace.model import mask
from skiptrace.privacy import private_open
from skiptrace.store.dialect import is_postgres

_COLUMNS = ("id", "at", "operator", "purpose", "action", "debtor_id", "target", "details")
GENESIS = "0" * 64


def canonical(row: tuple[Any, ...] | list[Any]) -> bytes:
    """The bytes a row's hash covers: JSON of (id, at, operator, purpose, action, debtor_id,
    target, details as stored text, prev_hash), compact, UTF-8."""
    return json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(row: tuple[Any, ...] | list[Any]) -> str:
    return hashlib.sha256(canonical(row)).hexdigest()


def _sequence(conn: sqlite3.Connection) -> int:
    """The highest id AUTOINCREMENT ever gave an audit row (survives deleting the tail); on
    PostgreSQL the counter a trigger keeps (pg_schema.AUDIT_APPEND_ONLY)."""
    sql = ("SELECT seq FROM audit_sequence" if is_postgres(conn)
           else "SELECT seq FROM sqlite_sequence WHERE name = 'audit'")
    row = conn.execute(sql).fetchone()
    return int(row[0]) if row else 0


def head(conn: sqlite3.Connection) -> dict[str, Any]:
    """The last row's id and hash ({"id": 0, "hash": GENESIS} for an empty log)."""
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return {"id": int(row[0]), "hash": row[1]} if row else {"id": 0, "hash": GENESIS}


def append(
    conn: sqlite3.Connection,
    operator: str,
    purpose: str,
    action: str,
    debtor_id: str | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Append one entry; returns its id. ``operator`` and ``purpose`` are mandatory.

    Must run inside a write transaction (``Store.atomic``): the previous hash is read there."""
    if not operator.strip() or not purpose.strip():
        raise ValueError("an audit entry needs an operator and a purpose")
    if not conn.in_transaction:
        raise RuntimeError("audit entries are appended inside a write transaction")
    last = head(conn)
    # the next id after both the last row and the counter: a cut tail leaves a visible gap
    entry_id = max(last["id"], _sequence(conn)) + 1
    values = (
        entry_id,
        datetime.now(UTC).replace(microsecond=0).isoformat(),
        operator,
        purpose,
        action,
        debtor_id,
        masked_target(target),
        json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
        last["hash"],
    )
    conn.execute(
        "INSERT INTO audit(id, at, operator, purpose, action, debtor_id, target, details,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, row_hash(values)),
    )
    return entry_id


def masked_target(target: str | None) -> str | None:
    """A target as the log keeps it: "kind:value" keeps its kind and masks the value
    ("cin:BK******"); anything else is masked whole."""
    if not target:
        return None
    kind, sep, value = target.partition(":")
    if sep and kind.isalpha() and len(kind) <= 8:
        return f"{kind}:{mask(value)}"
    return mask(target)


def chain_existing(conn: sqlite3.Connection) -> int:
    """Migration step: chain the rows written before the chain existed, in id order."""
    prev = GENESIS
    rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY id").fetchall()
    for row in rows:
        digest = row_hash((*row, prev))
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row[0]))
        prev = digest
    return len(rows)


def entries(
    conn: sqlite3.Connection, limit: int | None = None, debtor_id: str | None = None
) -> list[dict[str, Any]]:
    """Entries oldest first (optionally only one debtor's, optionally the last ``limit``)."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM audit WHERE (? IS NULL OR debtor_id = ?)"
    sql += " ORDER BY id DESC" + ("" if limit is None else " LIMIT ?")
    params = (debtor_id, debtor_id) if limit is None else (debtor_id, debtor_id, limit)
    rows = conn.execute(sql, params).fetchall()
    return oldest_first(rows)


def oldest_first(newest_first: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Audit rows selected newest first (``COLUMNS``, so that a limit keeps the last ones) as
    entries oldest first, their details decoded."""
    result = []
    for row in reversed(newest_first):
        entry = dict(zip(_COLUMNS, row, strict=True))
        entry["details"] = json.loads(entry["details"])
        result.append(entry)
    return result


COLUMNS = _COLUMNS


def _broken(rows: int, at_id: int, reason: str) -> dict[str, Any]:
    return {"ok": False, "rows": rows, "broken": {"id": at_id, "reason": reason}}


def verify(conn: sqlite3.Connection) -> dict[str, Any]:
    """Walk the chain: ``{"ok": True, "rows", "head"}`` or ``{"ok": False, "rows", "broken":
    {"id", "reason"}}`` naming the first broken link (a missing id, a row whose content no longer
    gives its hash, a row that does not chain onto the one before it)."""
    prev_id, prev_digest = 0, GENESIS
    count = 0
    cursor = conn.execute(f"SELECT {', '.join(_COLUMNS)}, prev_hash, hash FROM audit ORDER BY id")
    for row in cursor:
        *content, prev_hash, digest = row
        entry_id = int(content[0])
        if entry_id != prev_id + 1:
            missing = f"{prev_id + 1}" if entry_id == prev_id + 2 else (
                f"{prev_id + 1}–{entry_id - 1}")
            return _broken(count, prev_id + 1,
                           f"row {missing} is missing (ids jump from {prev_id} to {entry_id})")
        if digest is None or row_hash((*content, prev_hash)) != digest:
            return _broken(count, entry_id, f"row {entry_id} was changed (hash mismatch)")
        if prev_hash != prev_digest:
            return _broken(count, entry_id,
                           f"row {entry_id} does not chain onto row {prev_id} (prev mismatch)")
        prev_id, prev_digest = entry_id, digest
        count += 1
    sequence = _sequence(conn)
    if sequence > prev_id:
        return _broken(count, prev_id + 1,
                       f"rows after {prev_id} are missing (ids were given up to {sequence})")
    return {"ok": True, "rows": count, "head": {"id": prev_id, "hash": prev_digest}}


def verify_against(conn: sqlite3.Connection, copy: str | os.PathLike[str]) -> dict[str, Any]:
    """:func:`verify`, then check that every head recorded in ``copy`` (lines written by
    :func:`append_chain_head`) is still in the chain with the same hash."""
    result = verify(conn)
    if not result["ok"]:
        return result
    checked = 0
    with open(copy, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                recorded = json.loads(line)
                entry_id, digest = int(recorded["id"]), str(recorded["hash"])
            except (ValueError, KeyError, TypeError):
                return _broken(result["rows"], 0, f"{copy} line {number} is not a chain head")
            if entry_id == 0:
                checked += 1
                continue
            row = conn.execute("SELECT hash FROM audit WHERE id = ?", (entry_id,)).fetchone()
            when = f"recorded {recorded.get('at')} for job {recorded.get('job_id')}"
            if row is None:
                return _broken(result["rows"], entry_id,
                               f"row {entry_id} ({when}) is no longer in the log")
            if row[0] != digest:
                return _broken(result["rows"], entry_id,
                               f"row {entry_id} hash differs from the copy ({when})")
            checked += 1
    return {**result, "heads_checked": checked}


def append_chain_head(path: str | os.PathLike[str], head: dict[str, Any],
                      job_id: str | None) -> None:
    """Append one line (JSON: at, job_id, id, hash) to the operator's copy of chain heads,
    created 0600. Keep that file where whoever can write the store cannot."""
    line = {"at": datetime.now(UTC).replace(microsecond=0).isoformat(), "job_id": job_id,
            "id": int(head["id"]), "hash": str(head["hash"])}
    with private_open(Path(path), "a") as fh:
        fh.write(json.dumps(line, sort_keys=True) + "\n")


__all__ = [
    "GENESIS",
    "append",
    "append_chain_head",
    "canonical",
    "chain_existing",
    "entries",
    "head",
    "row_hash",
    "verify",
    "verify_against",
]
