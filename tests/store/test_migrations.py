"""A v1 database migrates forward to the current schema with its data searchable, on both
engines (one list of migrations, skiptrace/store/dialect.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from skiptrace.errors import ConfigError
from skiptrace.store import CURRENT_VERSION, Store
from skiptrace.store.dialect import migration_sql
from skiptrace.store.dialect import name as dialect_name
from skiptrace.store.location import is_postgres
from skiptrace.store.migrations import MIGRATIONS, migrate, schema_version

from .conftest import make_record, person


@contextmanager
def raw(location: str) -> Iterator[sqlite3.Connection]:
    """A bare connection to the store at ``location``, no migration applied."""
    if is_postgres(location):
        from skiptrace.store.postgres import connect

        db = connect(location)
        try:
            yield db.conn
        finally:
            db.conn.close()
    else:
        conn = sqlite3.connect(location, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()


def tables(conn: sqlite3.Connection) -> set[str]:
    if dialect_name(conn) == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    return {r[0] for r in conn.execute(sql)}


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert CURRENT_VERSION == MIGRATIONS[-1].version >= 2


def test_v1_database_migrates_to_current(location: str) -> None:
    with raw(location) as conn:
        assert migrate(conn, target=1) == [1]
        debtor = person("D1", "EL ALAOUI Mohamed", "BK100001")
        conn.execute(
            "INSERT INTO debtors(debtor_id, kind, name, name_text, json, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            ("D1", "person", debtor.name, debtor.name, json.dumps(debtor.to_dict()), "2026-01-01"),
        )
        record = make_record("phone_directory", "p1", "phone", name="Alaoui Mohamed")
        conn.execute(
            "INSERT INTO records(key, source, record_id, kind, json, retrieved_at, first_seen,"
            " last_seen, name_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.key, record.source, record.record_id, record.kind,
             json.dumps(record.to_dict()), "2026-01-01", "2026-01-01", "2026-01-01",
             "Alaoui Mohamed"),
        )

    with Store.open(location) as store:
        assert store.schema_version == CURRENT_VERSION
        assert store.search_debtors("alaoui") == [debtor]
        assert store.find_records("phone_directory", names=["ALAOUI"]) == [record]
        versions = store.db.execute("SELECT version FROM schema_version ORDER BY version")
        assert [v[0] for v in versions] == list(range(1, CURRENT_VERSION + 1))
        # migration 12: what both engines index is the folded name
        texts = store.db.execute("SELECT name_text FROM debtors").fetchall()
        assert [t[0] for t in texts] == ["el alaoui mohamed"]


def test_reopening_applies_nothing(location: str) -> None:
    Store.open(location).close()
    with raw(location) as conn:
        assert migrate(conn) == []
        assert schema_version(conn) == CURRENT_VERSION


def test_newer_database_is_refused(location: str) -> None:
    Store.open(location).close()
    with raw(location) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'future', 'x')",
                     (CURRENT_VERSION + 1,))
    with pytest.raises(ConfigError, match="newer"):
        Store.open(location)


def test_a_migration_skipped_below_the_highest_is_applied(location: str) -> None:
    """A store made by a branch that numbered its migration v11 before v10 existed sat at v11
    without v10's tables (judgements), and every debtor crashed: the missing one is applied."""
    with raw(location) as conn:
        migrate(conn, target=9)
        eleven = next(m for m in MIGRATIONS if m.version == 11)
        for statement in eleven.statements:
            sql = migration_sql(dialect_name(conn), statement)
            if sql is not None:
                conn.execute(sql)
        conn.execute("INSERT INTO schema_version VALUES (11, ?, 'x')", (eleven.name,))
        assert schema_version(conn) == 11
        assert migrate(conn, target=11) == [10]
        assert "judgements" in tables(conn)
    with Store.open(location) as store:
        versions = store.db.execute("SELECT version FROM schema_version ORDER BY version")
        assert [v[0] for v in versions] == list(range(1, CURRENT_VERSION + 1))
