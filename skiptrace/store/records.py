"""The records table: what sources said, with provenance, and the indexes local matching uses.

A record is keyed by ``source:record_id``; saving it again updates it and its ``last_seen`` but
keeps ``first_seen``, so a harvest run after run tells what is new and what disappeared.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from skiptrace.intake.identifiers import court_key
from skiptrace.model import Identifier, Record, utcnow
from skiptrace.store.record_index import (
    record_city,
    record_identifiers,
    record_names,
    search_value,
)
from skiptrace.store.search import Hits, identifier_hits, index_text, name_hits

_UPSERT = """INSERT INTO records(key, source, record_id, kind, json, retrieved_at, first_seen,
        last_seen, name_text, city) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, json = excluded.json,
        retrieved_at = excluded.retrieved_at, last_seen = excluded.last_seen,
        name_text = excluded.name_text, city = excluded.city"""

IdentifierQuery = Identifier | tuple[str, str] | tuple[str, str, str | None]


def save_records(conn: sqlite3.Connection, records: Iterable[Record]) -> int:
    """Upsert records and re-index their identifiers; returns how many were saved."""
    now = utcnow().isoformat()
    count = 0
    for record in records:
        conn.execute(
            _UPSERT,
            (
                record.key,
                record.source,
                record.record_id,
                record.kind,
                json.dumps(record.to_dict(), ensure_ascii=False),
                record.provenance.retrieved_at.isoformat(),
                now,
                now,
                index_text(record_names(record)),
                record_city(record),
            ),
        )
        index_record(conn, record)
        count += 1
    return count


def index_record(conn: sqlite3.Connection, record: Record) -> None:
    """(Re-)write the identifiers and search keys of one saved record."""
    conn.execute("DELETE FROM record_identifiers WHERE record_key = ?", (record.key,))
    conn.executemany(
        "INSERT INTO record_identifiers(scheme, value, tribunal, record_key) VALUES (?,?,?,?)",
        [(e.scheme, e.value, e.tribunal, record.key) for e in record_identifiers(record)],
    )


def reindex_records(conn: sqlite3.Connection) -> None:
    """Re-index every record (a migration's step when the index learns a new key)."""
    for record in list(iter_records(conn)):
        index_record(conn, record)


def _record(data: str) -> Record:
    return Record.from_dict(json.loads(data))


def get_record(conn: sqlite3.Connection, key: str) -> Record | None:
    row = conn.execute("SELECT json FROM records WHERE key = ?", (key,)).fetchone()
    return _record(row[0]) if row else None


def record_seen(conn: sqlite3.Connection, key: str) -> tuple[str, str] | None:
    """(first_seen, last_seen) of a record, ISO timestamps."""
    row = conn.execute("SELECT first_seen, last_seen FROM records WHERE key = ?", (key,)).fetchone()
    return (row[0], row[1]) if row else None


def count_records(conn: sqlite3.Connection, source: str | None = None) -> int:
    if source is None:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    sql = "SELECT count(*) FROM records WHERE source = ?"
    return int(conn.execute(sql, (source,)).fetchone()[0])


def has_records(conn: sqlite3.Connection, source: str) -> bool:
    """Whether any record of ``source`` is stored: one row read from the source's index."""
    sql = "SELECT 1 FROM records WHERE source = ? LIMIT 1"
    return conn.execute(sql, (source,)).fetchone() is not None


def iter_records(
    conn: sqlite3.Connection, source: str | None = None, batch: int = 1000
) -> Iterator[Record]:
    """Every record (of one source), in insertion order, fetched in batches."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, json FROM records WHERE id > ? AND (? IS NULL OR source = ?)"
            " ORDER BY id LIMIT ?",
            (last, source, source, batch),
        ).fetchall()
        if not rows:
            return
        for row_id, data in rows:
            last = row_id
            yield _record(data)


def _identifier_terms(ident: IdentifierQuery) -> tuple[str, str, str | None]:
    if isinstance(ident, Identifier):
        scheme, raw, tribunal = ident.scheme, ident.value, ident.tribunal
    else:
        scheme, raw, tribunal = ident[0], ident[1], ident[2] if len(ident) > 2 else None
    return scheme, search_value(scheme, raw), court_key(tribunal)


class Candidates(list[Record]):
    """The records of one :func:`find_records` call, at most its ``limit``, and what the cut
    left out: ``total`` records matched (counted per search term; "at least" when ``more``:
    the store's counts stop past the cap, search.py), ``narrowed`` says how a too-common
    search was narrowed first ("every word, same city"; "" when it was not)."""

    def __init__(self, records: Iterable[Record] = (), total: int = 0, narrowed: str = "",
                 more: bool = False) -> None:
        super().__init__(records)
        self.total = max(total, len(self))
        self.narrowed = narrowed
        self.more = more

    @property
    def too_broad(self) -> bool:
        """More records matched than were returned: say so, never drop them silently."""
        return self.total > len(self)


def _term_hits(conn: sqlite3.Connection, source: str, ident: IdentifierQuery, city: str | None,
               limit: int) -> Hits:
    scheme, value, tribunal = _identifier_terms(ident)
    return identifier_hits(conn, source, scheme, value, tribunal, limit, city)


def find_records(
    conn: sqlite3.Connection,
    source: str,
    *,
    names: Sequence[str] = (),
    identifiers: Iterable[IdentifierQuery] = (),
    city: str | None = None,
    limit: int = 50,
) -> Candidates:
    """Candidate records of ``source`` for a debtor: identifier hits first, then name hits
    (the name's rare words, or all its words together; same city first when given), at most
    ``limit``, with the count of what matched (``Candidates.total``, bounded: search.py).

    ``identifiers`` may also hold search keys (record_index.SEARCH_SCHEMES): ``("phone", n,
    None)``, ``("title_number", n, None)``, ``("name_key", key, city)`` — a name key given with
    a city finds the records naming that person in that city (or in no known city); one given
    without a city that matches more than ``limit`` records keeps to ``city`` (search.py)."""
    wanted = court_key(city)
    hits = [_term_hits(conn, source, ident, wanted, limit) for ident in identifiers]
    if names:
        hits.append(name_hits(conn, source, names, wanted, limit))
    found: dict[str, str] = {}
    for hit in hits:
        for key, data in hit.rows:
            found.setdefault(key, data)
    dropped = sum(h.total - len(h.rows) for h in hits) + max(0, len(found) - limit)
    narrowed = ", ".join(dict.fromkeys(h.narrowed for h in hits if h.narrowed))
    kept = [_record(data) for data in list(found.values())[:limit]]
    return Candidates(kept, len(kept) + dropped, narrowed, any(h.more for h in hits))


__all__ = [
    "Candidates",
    "count_records",
    "find_records",
    "get_record",
    "has_records",
    "index_record",
    "iter_records",
    "record_seen",
    "reindex_records",
    "save_records",
]
