"""Issue 10 item 6: the audit log is hash-chained; emptying or editing it is detected."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.store import Store, append_chain_head
from skiptrace.store.audit import GENESIS, row_hash
from skiptrace.store.migrations import migrate


def _five_entries(store: Store) -> None:
    for i in range(1, 6):
        store.audit("amina", "dossier 2026-0042", "lookup", f"D{i}", target="BK100001",
                    details={"n": i})


def _attack(path: Path, *statements: str) -> None:
    """What someone with write access to the file does: drop the triggers, then edit."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _verify(path: Path, *extra: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["audit", "verify", "--db", str(path), "--json", *extra])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        _five_entries(store)
    return path


def test_every_row_chains_onto_the_one_before(db: Path) -> None:
    with Store.open(db) as store:
        rows = store.db.execute(
            "SELECT id, at, operator, purpose, action, debtor_id, target, details, prev_hash,"
            " hash FROM audit ORDER BY id").fetchall()
        head = store.audit_chain_head()
    prev = GENESIS
    for row in rows:
        assert row[8] == prev and row[9] == row_hash(row[:9])
        prev = row[9]
    assert head == {"id": 5, "hash": prev}
    code, report = _verify(db)
    assert code == 0 and report["ok"] and report["rows"] == 5 and report["head"] == head


def test_deleting_a_middle_row_names_it(db: Path) -> None:
    _attack(db, "DELETE FROM audit WHERE id = 3")
    code, report = _verify(db)
    assert code != 0 and not report["ok"]
    assert report["broken"]["id"] == 3 and "missing" in report["broken"]["reason"]


def test_deleting_and_renumbering_is_a_hash_mismatch(db: Path) -> None:
    _attack(db, "DELETE FROM audit WHERE id = 3", "UPDATE audit SET id = id - 1 WHERE id > 3")
    code, report = _verify(db)
    assert code != 0 and report["broken"]["id"] == 3
    assert "hash mismatch" in report["broken"]["reason"]


def test_editing_a_row_names_it(db: Path) -> None:
    _attack(db, "UPDATE audit SET purpose = 'curiosity' WHERE id = 2")
    code, report = _verify(db)
    assert code != 0 and report["broken"] == {
        "id": 2, "reason": "row 2 was changed (hash mismatch)"}


def test_rehashing_an_edited_row_breaks_the_next_link(db: Path) -> None:
    with Store.open(db) as store:
        row = store.db.execute(
            "SELECT id, at, operator, 'someone else', action, debtor_id, target, details,"
            " prev_hash FROM audit WHERE id = 2").fetchone()
    _attack(db, f"UPDATE audit SET purpose = 'someone else', hash = '{row_hash(row)}'"
                " WHERE id = 2")
    code, report = _verify(db)
    assert code != 0 and report["broken"]["id"] == 3 and "prev mismatch" in report["broken"]["reason"]


def test_a_cut_tail_with_the_counter_reset_needs_the_copied_head(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "heads.jsonl"
    with Store.open(db) as store:
        append_chain_head(copy, store.audit_chain_head(), "J1")
    assert (copy.stat().st_mode & 0o777) == 0o600
    [line] = copy.read_text().splitlines()
    assert json.loads(line) | {"at": None} == {"at": None, "job_id": "J1", "id": 5,
                                               "hash": json.loads(line)["hash"]}
    assert _verify(db, "--against", str(copy))[0] == 0

    _attack(db, "DELETE FROM audit WHERE id >= 4",
            "UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit'")
    code, report = _verify(db)
    assert code == 0 and report["rows"] == 3  # the chain alone cannot see a clean cut
    code, report = _verify(db, "--against", str(copy))
    assert code != 0 and report["broken"]["id"] == 5
    assert "no longer in the log" in report["broken"]["reason"]


def test_a_naively_cut_tail_shows_in_the_id_counter(db: Path) -> None:
    _attack(db, "DELETE FROM audit WHERE id >= 4")
    code, report = _verify(db)
    assert code != 0 and report["broken"]["id"] == 4
    with Store.open(db) as store:  # and an entry appended afterwards leaves the gap visible
        store.audit("amina", "dossier", "lookup", "D9")
    assert _verify(db)[1]["broken"]["id"] == 4


def test_a_row_inserted_without_the_chain_is_refused(db: Path) -> None:
    with Store.open(db) as store, pytest.raises(sqlite3.DatabaseError, match="hash-chained"):
        store.db.execute("INSERT INTO audit(at, operator, purpose, action) VALUES"
                         " ('2026-01-01', 'x', 'y', 'lookup')")


def test_rows_of_an_old_store_are_chained_by_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    for i in range(3):
        conn.execute("INSERT INTO audit(at, operator, purpose, action, debtor_id) VALUES"
                     " ('2026-01-01T00:00:00+00:00', 'op', 'why', 'lookup', ?)", (f"D{i}",))
    conn.close()
    with Store.open(path) as store:
        store.audit("amina", "dossier", "forget", "D0")
        report = store.verify_audit()
    assert report["ok"] and report["rows"] == 4
    _attack(path, "UPDATE audit SET operator = 'nobody' WHERE id = 1")
    with Store.open(path) as store:
        assert store.verify_audit()["broken"]["id"] == 1


def test_appends_from_threads_keep_one_chain(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with Store.open(tmp_path / "s.db") as store:
        store.start_job("J", None, {})
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: store.checkpoint(
                "J", f"D{i}", "ok", {"debtor_id": f"D{i}"}, [],
                audit={"operator": "op", "purpose": "why"}), range(60)))
        report = store.verify_audit()
    assert report["ok"] and report["rows"] == 60


def test_audit_listing_still_works_as_before(db: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "--db", str(db), "--json", "--limit", "2"])
    assert result.exit_code == 0
    assert [e["debtor_id"] for e in json.loads(result.stdout)] == ["D4", "D5"]
