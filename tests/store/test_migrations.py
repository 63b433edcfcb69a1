"""A v1 database migrates forward to the current schema with its data searchable."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from skiptrace.errors import ConfigError
from skiptrace.store import CURRENT_VERSION, Store
from skiptrace.store.migrations import MIGRATIONS, migrate, schema_version

from .conftest import make_record, person


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert CURRENT_VERSION == MIGRATIONS[-1].version >= 2


def test_v1_database_migrates_to_current(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
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
        (record.key, record.source, record.record_id, record.kind, json.dumps(record.to_dict()),
         "2026-01-01", "2026-01-01", "2026-01-01", "Alaoui Mohamed"),
    )
    conn.close()

    with Store.open(path) as store:
        assert store.schema_version == CURRENT_VERSION
        assert store.search_debtors("alaoui") == [debtor]
        assert store.find_records("phone_directory", names=["ALAOUI"]) == [record]
        versions = store.db.execute("SELECT version FROM schema_version ORDER BY version")
        assert [v[0] for v in versions] == list(range(1, CURRENT_VERSION + 1))


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    assert migrate(conn) == []
    assert schema_version(conn) == CURRENT_VERSION


def test_newer_database_is_refused(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    conn.execute("INSERT INTO schema_version VALUES (?, 'future', 'x')", (CURRENT_VERSION + 1,))
    conn.close()
    with pytest.raises(ConfigError, match="newer"):
        Store.open(tmp_path / "s.db")


def test_a_migration_skipped_below_the_highest_is_applied(tmp_path: Path) -> None:
    """A store made by a branch that numbered its migration v11 before v10 existed sat at v11
    without v10's tables (judgements), and every debtor crashed: the missing one is applied."""
    path = tmp_path / "gap.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=9)
    eleven = next(m for m in MIGRATIONS if m.version == 11)
    for statement in eleven.statements:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (11, ?, 'x')", (eleven.name,))
    assert schema_version(conn) == 11
    assert migrate(conn, target=11) == [10]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "judgements" in tables
    conn.close()
    with Store.open(path) as store:
        versions = store.db.execute("SELECT version FROM schema_version ORDER BY version")
        assert [v[0] for v in versions] == list(range(1, CURRENT_VERSION + 1))
