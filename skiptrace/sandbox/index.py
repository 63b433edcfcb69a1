"""The server's on-disk index of a world: SQLite with one FTS5 table per source.

Built once from sources/*.jsonl into ``<world>/index.sqlite`` (mode 0600, atomically renamed),
rebuilt when a source file changes. Rows keep file order, so rowid order is record-id order and
pagination is a LIMIT/OFFSET away. Nothing is held in memory: a 10^6-debtor world serves fine.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from skiptrace.model import SOURCE_NAMES
from skiptrace.sandbox.textsearch import (
    identifier_token,
    index_tokens,
    phone_token,
    rc_token,
    title_token,
)

INDEX_NAME = "index.sqlite"
SCHEMA_VERSION = "3"


def _owners(r: dict[str, Any]) -> list[dict[str, Any]]:
    return r.get("owners") or ([r["owner"]] if r.get("owner") else [])


def _ids(r: dict[str, Any], key: str) -> str:
    return " ".join(identifier_token(o.get(key)) for o in _owners(r) if o.get(key))


def _rcs(r: dict[str, Any]) -> str:
    """RC + court keys of the owners (companies entered by their registration)."""
    return " ".join(filter(None, (rc_token(o.get("rc_number"), o.get("rc_tribunal")) for o in _owners(r))))


# Per source: the searchable columns and how a record fills them.
COLUMNS: dict[str, dict[str, Callable[[dict[str, Any]], str]]] = {
    "company_register": {
        "q": lambda r: index_tokens(r.get("denomination"), r.get("legal_form"), *r.get("old_names", []),
                                    r.get("sigle"), *r.get("trade_names", []), r.get("ice"), r.get("rc_number")),
        "city": lambda r: index_tokens(r.get("city")),
        "rc": lambda r: rc_token(r.get("rc_number"), r.get("rc_tribunal")),
    },
    "phone_directory": {
        "name": lambda r: index_tokens(r.get("name")),
        "city": lambda r: index_tokens(r.get("city")),
        "phone": lambda r: " ".join(filter(None, (phone_token(p) for p in r.get("phones") or ()))),
    },
    "legal_notices": {"q": lambda r: index_tokens(r.get("title"), r.get("text"))},
    "land_registry": {
        "name": lambda r: index_tokens(*(o.get("name") for o in _owners(r)),
                                       *(o.get("name_ar") for o in _owners(r))),
        "city": lambda r: index_tokens(r.get("city")),
        "cin": lambda r: _ids(r, "cin"),
        "ice": lambda r: _ids(r, "ice"),
        "rc": _rcs,
        "title": lambda r: title_token(r.get("title_number")),
    },
    "vehicle_registry": {"cin": lambda r: _ids(r, "cin"), "ice": lambda r: _ids(r, "ice"), "rc": _rcs},
    "geocoder": {
        "q": lambda r: index_tokens(r.get("name"), r.get("display_name"),
                                    *(r.get("address") or {}).values()),
    },
}


def _stamp(world: Path) -> str:
    parts = [SCHEMA_VERSION]
    for source in SOURCE_NAMES:
        path = world / "sources" / f"{source}.jsonl"
        st = path.stat() if path.exists() else None
        parts.append(f"{source}:{st.st_size}:{st.st_mtime_ns}" if st else f"{source}:-")
    return "|".join(parts)


def _build(world: Path, target: Path, stamp: str) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT, 0o600))
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    for source, columns in COLUMNS.items():
        db.execute(f"CREATE TABLE rec_{source} (id INTEGER PRIMARY KEY, record_id TEXT, "
                   "updated_at TEXT, body TEXT)")
        cols = ", ".join(columns)
        db.execute(f"CREATE VIRTUAL TABLE fts_{source} USING fts5({cols}, "
                   "tokenize='unicode61 remove_diacritics 2', detail=column)")
        path = world / "sources" / f"{source}.jsonl"
        if path.exists():
            _load(db, source, columns, path)
        db.execute(f"CREATE UNIQUE INDEX rec_{source}_rid ON rec_{source}(record_id)")
    db.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
    db.commit()
    db.close()
    os.replace(tmp, target)


def _load(db: sqlite3.Connection, source: str, columns: dict[str, Callable[[dict[str, Any]], str]],
          path: Path) -> None:
    marks = ", ".join("?" for _ in columns)
    with path.open(encoding="utf-8") as handle:
        batch_rec, batch_fts = [], []
        for n, line in enumerate(handle, 1):
            record = json.loads(line)
            batch_rec.append((n, str(record["record_id"]), record.get("updated_at"), line.rstrip("\n")))
            batch_fts.append((n, *(fill(record) for fill in columns.values())))
            if len(batch_rec) >= 5000:
                _flush(db, source, marks, batch_rec, batch_fts)
        _flush(db, source, marks, batch_rec, batch_fts)


def _flush(db: sqlite3.Connection, source: str, marks: str, rec: list[tuple[Any, ...]],
           fts: list[tuple[Any, ...]]) -> None:
    db.executemany(f"INSERT INTO rec_{source} VALUES (?, ?, ?, ?)", rec)
    db.executemany(f"INSERT INTO fts_{source} (rowid, {', '.join(COLUMNS[source])}) VALUES (?, {marks})", fts)
    rec.clear()
    fts.clear()


def ensure_index(world: Path) -> Path:
    """The world's index, built or rebuilt if the source files changed since."""
    target = world / INDEX_NAME
    stamp = _stamp(world)
    if target.exists():
        with contextlib.closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as db, \
                contextlib.suppress(sqlite3.DatabaseError):
            row = db.execute("SELECT value FROM meta WHERE key='stamp'").fetchone()
            if row and row[0] == stamp:
                return target
    _build(world, target, stamp)
    return target


class Index:
    """Read-only queries over a built index, safe from many handler threads (a connection pool).

    ``close`` closes the idle connections only: one a handler thread is still using is closed by
    that thread when it gives it back. Closing a connection under a running query is undefined
    behaviour in SQLite's C library (seen as a crashed test process when a stopped server's
    hanging handlers woke up and queried)."""

    def __init__(self, path: Path, size: int = 16) -> None:
        self.path = path
        self.pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self.size = size
        self.closed = False

    @contextlib.contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        if self.closed:
            raise RuntimeError("the sandbox index is closed")
        try:
            conn = self.pool.get_nowait()
        except queue.Empty:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            yield conn
        finally:
            if self.closed:
                conn.close()
            else:
                self.pool.put(conn)

    def search(self, source: str, terms: dict[str, list[str]], page: int, per_page: int) -> tuple[int, list[dict[str, Any]]]:
        """Records having every token of every column in ``terms``; (count, one page of them)."""
        clauses = [f'{col} : "{tok}"' for col, toks in terms.items() for tok in toks if tok]
        if not clauses:
            return 0, []
        match = " AND ".join(clauses)
        offset = (page - 1) * per_page
        with self._conn() as db:
            rows = db.execute(
                f"SELECT r.body FROM rec_{source} r JOIN (SELECT rowid FROM fts_{source} WHERE "
                f"fts_{source} MATCH ? ORDER BY rowid LIMIT ? OFFSET ?) m ON r.id = m.rowid ORDER BY r.id",
                (match, per_page, offset)).fetchall()
            # a page that is not full and not empty ends the results: its count is known without
            # counting them again (most searches; a third of a search's time at 10^5, issue 17)
            if 0 < len(rows) < per_page or (page == 1 and not rows):
                count = offset + len(rows)
            else:
                count = db.execute(f"SELECT count(*) FROM fts_{source} WHERE fts_{source} MATCH ?",
                                   (match,)).fetchone()[0]
        return count, [json.loads(b) for (b,) in rows]

    def browse(self, source: str, page: int, per_page: int) -> tuple[int, list[dict[str, Any]]]:
        with self._conn() as db:
            count = db.execute(f"SELECT count(*) FROM rec_{source}").fetchone()[0]
            rows = db.execute(f"SELECT body FROM rec_{source} WHERE id > ? ORDER BY id LIMIT ?",
                              ((page - 1) * per_page, per_page)).fetchall()
        return count, [json.loads(b) for (b,) in rows]

    def get(self, source: str, record_id: str) -> dict[str, Any] | None:
        with self._conn() as db:
            row = db.execute(f"SELECT body FROM rec_{source} WHERE record_id = ?", (record_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                self.pool.get_nowait().close()
            except queue.Empty:
                return
