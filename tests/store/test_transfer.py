"""`skiptrace store migrate`: an existing SQLite store copied into PostgreSQL, every table, the
audit chain verifying afterwards and continuing (issue 21)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.errors import ConfigError
from skiptrace.store import Store
from skiptrace.store.transfer import DERIVED, TABLES, migrate_store, source_tables

from .engines import postgres_schema
from .populate import fill


def _counts(store: Store) -> dict[str, int]:
    return {t: int(store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in (*TABLES, "debtor_identifiers")}


def test_every_table_of_a_new_store_is_copied_or_derived(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        assert set(source_tables(store.db.conn)) == set(TABLES) | set(DERIVED)


def test_a_store_is_copied_whole_and_its_chain_still_verifies(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as old:
        made = fill(old, str(tmp_path))
        old.audit("amina", "contrôle", "lookup", "D2", target="cin:A200002")
        expected = _counts(old)
        head = old.audit_chain_head()
        names = [r.key for r in old.find_records("land_registry", names=["Alaoui"])]
    assert all(expected[t] > 0 for t in TABLES), expected  # the copy is tested on every table

    with postgres_schema() as url:
        result = CliRunner().invoke(cli, ["store", "migrate", str(path), url, "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["audit"]["ok"] and report["audit"]["head"] == head
        assert report["rows"] == {t: expected[t] for t in TABLES}
        with Store.open(url) as new:
            assert _counts(new) == expected
            assert new.verify_audit()["head"] == head
            assert [r.key for r in new.find_records("land_registry", names=["Alaoui"])] == names
            assert new.search_debtors("bennani")[0].debtor_id == "D2"
            from skiptrace.store import tenancy
            key = tenancy.check_token(new.db.conn, str(made["token"]))
            assert key is not None and key.agency == "agence-rabat"
            # the copy goes on: ids continue after the copied ones, the chain too
            entry = new.audit("amina", "contrôle", "lookup", "D1")
            assert entry == head["id"] + 1 and new.verify_audit()["ok"]
            new.upsert_debtors(new.iter_debtors())  # identities past the copied ids
            assert tenancy.agency_id(new.db.conn, "agence-casa", create=True) == 3
        # a second copy into the same database is refused, naming what is there
        again = CliRunner().invoke(cli, ["store", "migrate", str(path), url])
        assert again.exit_code == 1 and "not empty" in again.output


def test_a_cut_tail_before_the_copy_still_shows_after_it(tmp_path: Path) -> None:
    path = tmp_path / "cut.db"
    with Store.open(path) as old:
        for i in range(3):
            old.audit("amina", "contrôle", "lookup", f"D{i}")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE id = 3")
    conn.close()
    with postgres_schema() as url, pytest.raises(ConfigError, match="rows after 2 are missing"):
        migrate_store(str(path), url)


def test_a_missing_source_is_not_created(tmp_path: Path) -> None:
    with postgres_schema() as url, pytest.raises(ConfigError, match="no SQLite store"):
        migrate_store(str(tmp_path / "none.db"), url)
    assert not (tmp_path / "none.db").exists()


def test_ids_that_forget_deleted_are_never_given_again(tmp_path: Path) -> None:
    """The change feed's cursor is an event id: an event forget deleted before the copy keeps
    its id used after it (SQLite's AUTOINCREMENT counter is carried over)."""
    path = tmp_path / "forgot.db"
    with Store.open(path) as old:
        made = fill(old, str(tmp_path))
        old.forget("D1", "amina", "fin de mandat")
    with postgres_schema() as url:
        migrate_store(str(path), url)
        with Store.open(url) as new, new.atomic():
            from skiptrace.store import changes
            [event] = changes.add(new.db.conn, int(made["agency"]), "D2", "run-2",
                                  "2026-11-03T08:00:00+00:00",
                                  [{"type": "moved", "key": "address", "evidence": {}}])
    assert event > made["events"][0]
