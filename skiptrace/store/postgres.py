"""The PostgreSQL connection of a store: psycopg 3, made to answer as the store's modules expect
of a ``sqlite3.Connection``.

Why an adapter and not a second implementation of every module: the store's ~20 modules (and the
review queue, the service, monitoring) speak to ``store.db.conn`` with SQLite's SQL; the
differences that matter are few and mechanical (dialect.py), so one code path serves both
engines and the whole store test suite runs on both. What the adapter gives:

- ``execute``/``executemany`` with ``?`` placeholders, returning a cursor (``fetchone``,
  ``fetchall``, ``rowcount``, iteration); values are bound on the client (psycopg's
  ``ClientCursor``), so ``? IS NULL`` needs no declared type, as in SQLite;
- autocommit, with ``BEGIN IMMEDIATE`` meaning what it means to SQLite: one writer at a time.
  It begins a transaction and takes a transaction-scoped advisory lock of this store (its
  schema), so two processes can never interleave writes (the audit chain reads its head, a
  lock row is tested then written: decision 0003's per-debtor checkpoint stays one atomic step).
  Readers are never blocked; a writer waits at most ``LOCK_TIMEOUT`` for another, as SQLite's
  busy timeout; ``SAVEPOINT``/``ROLLBACK TO``/``RELEASE`` are PostgreSQL's too;
- ``in_transaction``, ``close``; ``jsonb``
  results (the ``json_extract`` helper of pg_schema.py) as SQLite's json_extract gives them: a
  number or a string as such, an object or a list as its JSON text, JSON null as NULL.

Connecting goes through :func:`skiptrace.store.location.target` (no password in the URL, the
password only for its host) and every error names the URL masked.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import psycopg
from psycopg.adapt import Buffer, Loader

from skiptrace.errors import ConfigError
from skiptrace.store.dialect import POSTGRES, to_postgres
from skiptrace.store.location import masked, postgres_url, target

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
# a writer waits this long for another's transaction, as SQLite's busy timeout (database.py)
LOCK_TIMEOUT = "30s"
_BEGIN_WRITE = "BEGIN IMMEDIATE"
# one writer per store: the lock key is the store's schema, so stores in other schemas of the
# same database (the tests' one per test) do not wait for each other
_WRITER_LOCK = "SELECT pg_advisory_xact_lock(hashtext('skiptrace:' || current_schema()))"


class _SqliteJsonLoader(Loader):
    """``jsonb`` as SQLite's ``json_extract`` returns it: scalars as values, containers as text."""

    def load(self, data: Buffer) -> Any:
        text = bytes(data).decode("utf-8")
        value = json.loads(text)
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if isinstance(value, bool):
            return int(value)
        return value


def _params(params: Sequence[Any] | None) -> tuple[Any, ...]:
    return tuple(params or ())


@contextmanager
def _as_sqlite_errors() -> Iterator[None]:
    """psycopg's errors as the sqlite3 module's classes, so that callers catch one family
    (a constraint or a trigger's refusal: IntegrityError; the server gone: OperationalError);
    the message is PostgreSQL's, the original chained."""
    try:
        yield
    except psycopg.errors.IntegrityError as exc:
        raise sqlite3.IntegrityError(str(exc)) from exc
    except (psycopg.errors.RaiseException, psycopg.errors.DataError,
            psycopg.errors.ProgrammingError) as exc:
        raise sqlite3.DatabaseError(str(exc)) from exc
    except psycopg.OperationalError as exc:
        raise sqlite3.OperationalError(str(exc)) from exc


class PgConnection:
    """A psycopg connection answering as much of ``sqlite3.Connection`` as the store uses."""

    dialect = POSTGRES

    def __init__(self, raw: psycopg.Connection[Any], shown: str) -> None:
        self.raw = raw
        self.shown = shown  # the URL, masked

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor()
        with _as_sqlite_errors():
            if sql.strip().upper() == _BEGIN_WRITE:
                cursor.execute("BEGIN")
                cursor.execute(_WRITER_LOCK)
                return cursor
            cursor.execute(to_postgres(sql), _params(params))
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor()
        batch = [_params(row) for row in rows]
        if batch:
            with _as_sqlite_errors():
                cursor.executemany(to_postgres(sql), batch)
        return cursor

    def close(self) -> None:
        self.raw.close()


class PgDatabase:
    """What ``Store.db`` is on PostgreSQL: ``conn`` and ``execute``, as on sqlite_utils'.

    ``conn`` is typed as a ``sqlite3.Connection`` for the store's modules, whose functions take
    one: :class:`PgConnection` answers every call they make of it (module doc); the type is a
    promise about that subset, checked by running the whole store test suite on both engines."""

    def __init__(self, conn: PgConnection) -> None:
        self.pg = conn
        self.conn = cast(sqlite3.Connection, conn)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        return self.pg.execute(sql, params)


def connect(location: str) -> PgDatabase:
    """Connect to the PostgreSQL store at ``location`` (a ``postgresql://`` URL without a
    password); raises :class:`ConfigError` naming the URL masked."""
    url = postgres_url(location)
    target(url)  # refuses a password in the URL, several hosts, PGPASSWORD for another host
    shown = masked(url)
    try:
        raw = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor,
                              connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        # libpq's message names host, port and user, never the password; the URL is masked
        reason = "; ".join(" ".join(line.split()) for line in str(exc).strip().splitlines()
                           if line.strip()) or type(exc).__name__
        raise ConfigError(f"cannot open the PostgreSQL store {shown}: {reason}") from None
    raw.adapters.register_loader("jsonb", _SqliteJsonLoader)
    raw.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    log.info("opened the PostgreSQL store %s", shown)
    return PgDatabase(PgConnection(raw, shown))


__all__ = ["PgConnection", "PgDatabase", "connect"]
