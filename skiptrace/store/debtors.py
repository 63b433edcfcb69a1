"""The debtors table: the portfolio as last imported, searchable by name."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from skiptrace.model import Debtor, utcnow
from skiptrace.store.dialect import is_postgres
from skiptrace.store.search import fts_query, index_text, name_tokens, pg_hits

_UPSERT = """INSERT INTO debtors(debtor_id, kind, name, name_text, json, updated_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(debtor_id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
        name_text = excluded.name_text, json = excluded.json, updated_at = excluded.updated_at"""


def debtor_name_text(debtor: Debtor) -> str:
    """What a name search looks in: the name and, for companies, the legal representative,
    folded (search.index_text: both engines index these tokens)."""
    parts = [debtor.name, debtor.first_name, debtor.last_name, debtor.legal_representative]
    return index_text(dict.fromkeys(p for p in parts if p))


def upsert_debtors(conn: sqlite3.Connection, debtors: Iterable[Debtor]) -> int:
    """Insert or replace debtors by ``debtor_id``; returns how many rows were written."""
    now = utcnow().isoformat()
    rows = (
        (d.debtor_id, d.kind, d.name, debtor_name_text(d),
         json.dumps(d.to_dict(), ensure_ascii=False), now)
        for d in debtors
    )
    return conn.executemany(_UPSERT, rows).rowcount


def get_debtor(conn: sqlite3.Connection, debtor_id: str) -> Debtor | None:
    row = conn.execute("SELECT json FROM debtors WHERE debtor_id = ?", (debtor_id,)).fetchone()
    return Debtor.from_dict(json.loads(row[0])) if row else None


def iter_debtors(conn: sqlite3.Connection, batch: int = 1000) -> Iterator[Debtor]:
    """Every debtor in insertion order, fetched in batches (bounded memory)."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, json FROM debtors WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            return
        for row_id, data in rows:
            last = row_id
            yield Debtor.from_dict(json.loads(data))


def count_debtors(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM debtors").fetchone()[0])


def search_debtors(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[Debtor]:
    """Debtors whose names share a token with ``text``, best (bm25) first."""
    query = fts_query([text])
    if query is None:
        return []
    if is_postgres(conn):
        hits, params = pg_hits(conn, "debtors", tuple(name_tokens([text])), False)
        rows = conn.execute(f"SELECT d.json FROM ({hits}) m JOIN debtors d ON d.id = m.row_id"
                            " ORDER BY m.score DESC, d.id LIMIT ?", [*params, limit]).fetchall()
        return [Debtor.from_dict(json.loads(r[0])) for r in rows]
    rows = conn.execute(
        """SELECT d.json FROM debtors_fts JOIN debtors d ON d.id = debtors_fts.rowid
           WHERE debtors_fts MATCH ? ORDER BY rank, d.id LIMIT ?""",
        (query, limit),
    ).fetchall()
    return [Debtor.from_dict(json.loads(r[0])) for r in rows]


def debtors_with_identifier(conn: sqlite3.Connection, scheme: str, value: str) -> list[Debtor]:
    """Debtors holding a valid identifier of ``scheme`` whose canonical value is ``value`` (an
    RC's court is the caller's to compare), through the index the store's triggers keep
    (migration 8): the time does not grow with the portfolio."""
    rows = conn.execute(
        """SELECT d.json FROM debtors d WHERE d.id IN (
               SELECT debtor_row FROM debtor_identifiers WHERE scheme = ? AND value = ?)
           ORDER BY d.id""",
        (scheme, value),
    ).fetchall()
    return [Debtor.from_dict(json.loads(r[0])) for r in rows]


def delete_debtor(conn: sqlite3.Connection, debtor_id: str) -> int:
    return conn.execute("DELETE FROM debtors WHERE debtor_id = ?", (debtor_id,)).rowcount


__all__ = [
    "count_debtors",
    "debtor_name_text",
    "debtors_with_identifier",
    "delete_debtor",
    "get_debtor",
    "iter_debtors",
    "search_debtors",
    "upsert_debtors",
]
