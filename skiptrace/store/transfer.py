"""``skiptrace store migrate SQLITE POSTGRES_URL``: copy an existing SQLite store into an empty
PostgreSQL one (issue 21), every table, in one transaction, then check it.

Both stores are opened (so both are at the current schema), the target must hold no data, and
rows are copied table by table in an order that satisfies the foreign keys, with their ids. What
the target derives itself is not copied but rebuilt by its triggers as rows arrive: the name
tokens (from ``name_text``), debtors' identifiers (from their JSON), the audit counter (from
the ids). The audit rows keep their ids, times, hashes and chain; SQLite's AUTOINCREMENT counter
is carried over, so a tail cut before the copy still shows after it. Identity sequences are
moved past the copied ids. Then every table's count is compared and the audit chain verified
on the target; any difference rolls the whole copy back. Held locks are not copied (a lock
belongs to a running process of the old store).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skiptrace.errors import ConfigError
from skiptrace.store.location import is_postgres, masked
from skiptrace.store.store import Store

log = logging.getLogger(__name__)

BATCH = 1000
#: every table with data, parents before children
TABLES = (
    "agencies", "api_keys", "accounts", "web_sessions",
    "debtors", "debtor_agencies", "records", "record_identifiers",
    "profiles", "matches", "jobs", "job_items", "audit", "files",
    "idempotency", "service_batches", "judgements",
    "watch_entries", "monitor_baselines", "change_events", "webhooks", "webhook_deliveries",
)
#: rebuilt by the target (triggers, its own migrations) or not to be carried over
DERIVED = ("debtor_identifiers", "locks", "schema_version", "sqlite_sequence")
#: the target's tables whose ``id`` is an identity: its sequence goes past the copied ids
IDENTITY_TABLES = ("debtors", "records", "matches", "audit", "files", "agencies", "api_keys",
                   "judgements", "accounts", "watch_entries", "change_events", "webhooks",
                   "webhook_deliveries")
# the target's default agency (migration 9) and the debtors' claims its trigger makes are
# replaced by the source's rows
_UPSERTS = {
    "agencies": " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " created_at = excluded.created_at",
    "debtor_agencies": " ON CONFLICT (debtor_id) DO UPDATE SET agency_id = excluded.agency_id",
}


@dataclass
class Transfer:
    """What was copied: rows per table, and the audit chain's state on the target."""

    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    audit: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "rows": self.rows,
                "audit": self.audit}


def source_tables(conn: sqlite3.Connection) -> list[str]:
    """The SQLite store's own tables (not FTS5's shadow tables)."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                        " AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY name").fetchall()
    return [str(r[0]) for r in rows]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})").fetchall()]


def _batches(conn: sqlite3.Connection, table: str, columns: list[str]
             ) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in rowid order, ``BATCH`` at a time (bounded memory)."""
    last = -(2**63)
    select = f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? ORDER BY rowid"
    while rows := conn.execute(select + f" LIMIT {BATCH}", (last,)).fetchall():
        last = rows[-1][0]
        yield [tuple(row[1:]) for row in rows]


def _has_data(target: Store) -> list[str]:
    conn = target.db.conn
    full = [t for t in TABLES if t != "agencies"
            and conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is not None]
    agencies = conn.execute("SELECT count(*) FROM agencies").fetchone()[0]
    return full + (["agencies"] if agencies > 1 else [])


def copy_store(source: Store, target: Store) -> Transfer:
    """Copy every table of the SQLite ``source`` into the empty PostgreSQL ``target``; raises
    :class:`ConfigError` when the target holds data or a table is unknown to the copy."""
    if source.engine != "sqlite" or target.engine != "postgresql":
        raise ConfigError("store migrate copies a SQLite store into a PostgreSQL one")
    src = source.db.conn
    unknown = sorted(set(source_tables(src)) - set(TABLES) - set(DERIVED))
    if unknown:  # a table added by a later migration must be added here, never skipped
        raise ConfigError(f"store migrate does not know the table(s) {', '.join(unknown)}")
    busy = _has_data(target)
    if busy:
        raise ConfigError(f"the PostgreSQL store {masked(target.location)} is not empty "
                          f"({', '.join(busy)}): migrate into a new database")
    result = Transfer(source.location, masked(target.location))
    dst = target.db.conn
    with target.atomic():
        for table in TABLES:
            columns = _columns(src, table)
            insert = (f"INSERT INTO {table}({', '.join(columns)}) VALUES "
                      f"({', '.join('?' for _ in columns)})" + _UPSERTS.get(table, ""))
            copied = 0
            for rows in _batches(src, table, columns):
                dst.executemany(insert, rows)
                copied += len(rows)
            result.rows[table] = copied
            log.info("store migrate: %s, %d rows", table, copied)
        _carry_counters(src, dst)
        _check(src, dst, result)
        result.audit = target.verify_audit()
        if not result.audit["ok"]:
            raise ConfigError(f"the audit chain does not verify after the copy: "
                              f"{result.audit['broken']['reason']}; nothing was written")
    return result


def _carry_counters(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """SQLite's AUTOINCREMENT counters (the audit's, and the change feed's whose ids a
    consumer's cursor has seen even when forget deleted their rows), and every identity past
    its table's copied ids: an id is never given twice."""
    counters = {str(name): int(seq) for name, seq in
                src.execute("SELECT name, seq FROM sqlite_sequence").fetchall()}
    dst.execute("UPDATE audit_sequence SET seq = greatest(seq, ?)", (counters.get("audit", 0),))
    for table in IDENTITY_TABLES:
        copied = int(dst.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        last = max(copied, counters.get(table, 0))
        if last:
            dst.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ?)", (last,))


def _check(src: sqlite3.Connection, dst: sqlite3.Connection, result: Transfer) -> None:
    for table in (*TABLES, "debtor_identifiers"):
        want = int(src.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        got = int(dst.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        if want != got:
            raise ConfigError(f"store migrate: {table} has {got} rows, the source {want}; "
                              "nothing was written")


def migrate_store(sqlite_path: str, postgres_url: str) -> Transfer:
    """Open both stores and copy (:func:`copy_store`)."""
    if not Path(sqlite_path).is_file():
        raise ConfigError(f"no SQLite store at {sqlite_path}")
    if not is_postgres(postgres_url):
        raise ConfigError(f"{masked(postgres_url)} is not a postgresql:// URL")
    with Store.open(sqlite_path) as source, Store.open(postgres_url) as target:
        return copy_store(source, target)


__all__ = ["DERIVED", "TABLES", "Transfer", "copy_store", "migrate_store", "source_tables"]
