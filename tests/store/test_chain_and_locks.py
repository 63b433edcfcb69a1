"""On both engines (issue 21): the audit chain detects edits and cut tails, refuses rows
without the chain and stays one chain under concurrent writers; one writing job holds the
store; a checkpoint is all or nothing; forget leaves no row of the person and, on PostgreSQL,
vacuums what it touched."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from skiptrace.store import WRITER_LOCK, Store, StoreBusy
from skiptrace.store.erase import PERSON_TABLES

from .conftest import make_record, match_of, person


def _five_entries(store: Store) -> None:
    for i in range(1, 6):
        store.audit("amina", "dossier 2026-0042", "lookup", f"D{i}", target="BK100001",
                    details={"n": i})


def _attack(store: Store, *statements: str) -> None:
    """What someone with write access to the database does: lift the triggers, then edit."""
    if store.engine == "sqlite":
        lift = ["DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"]
    else:
        lift = ["ALTER TABLE audit DISABLE TRIGGER USER"]
    for statement in (*lift, *statements):
        store.db.execute(statement)


def test_the_chain_verifies_and_names_an_edited_row(store: Store) -> None:
    _five_entries(store)
    report = store.verify_audit()
    assert report["ok"] and report["rows"] == 5 and report["head"] == store.audit_chain_head()
    _attack(store, "UPDATE audit SET operator = 'nobody' WHERE id = 3")
    assert store.verify_audit()["broken"] == {"id": 3,
                                              "reason": "row 3 was changed (hash mismatch)"}


def test_a_deleted_middle_row_and_a_cut_tail_show(store: Store) -> None:
    _five_entries(store)
    _attack(store, "DELETE FROM audit WHERE id = 2")
    assert "row 2 is missing" in store.verify_audit()["broken"]["reason"]
    store.db.execute("DELETE FROM audit WHERE id > 2")  # the tail too: the counter remembers
    assert store.verify_audit()["broken"]["reason"] == (
        "rows after 1 are missing (ids were given up to 5)")


def test_a_row_without_the_chain_is_refused(store: Store) -> None:
    _five_entries(store)
    with pytest.raises(sqlite3.DatabaseError, match="hash-chained"):
        store.db.execute("INSERT INTO audit(at, operator, purpose, action) VALUES"
                         " ('2026-01-01', 'x', 'y', 'lookup')")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM audit")


def test_two_connections_appending_at_once_keep_one_chain(location: str) -> None:
    """Two stores on one database are two processes: checkpoints with audit rows from both,
    interleaved by threads, never fork the chain nor lose a row."""
    with Store.open(location) as one, Store.open(location) as two:
        one.start_job("J", None, {})

        def work(i: int) -> None:
            (one if i % 2 else two).checkpoint("J", f"D{i}", "ok", {"debtor_id": f"D{i}"}, [],
                                               audit={"operator": "op", "purpose": "why"})

        with ThreadPoolExecutor(6) as pool:
            list(pool.map(work, range(40)))
        report = one.verify_audit()
        assert report["ok"] and report["rows"] == 40
        assert two.done_debtors("J") == {f"D{i}" for i in range(40)}


def test_the_writer_lock_is_one_per_store(location: str) -> None:
    with Store.open(location) as one, Store.open(location) as two:
        with one.acquire_lock(WRITER_LOCK, "J1"), pytest.raises(StoreBusy, match="job J1"), \
                two.acquire_lock(WRITER_LOCK, "J2"):
            pass
        with two.acquire_lock(WRITER_LOCK, "J2"):  # released: the next job takes it
            holder = one.lock_holder(WRITER_LOCK)
            assert holder is not None and holder.job_id == "J2"


def test_a_checkpoint_is_all_or_nothing(store: Store) -> None:
    store.start_job("J", None, {})
    with pytest.raises(ValueError, match="operator"):
        store.checkpoint("J", "D1", "ok", {"debtor_id": "D1"}, [],
                         audit={"operator": " ", "purpose": "why"})
    assert store.get_profile("D1") is None and store.done_debtors("J") == set()
    assert store.audit_entries() == []


def test_forget_leaves_no_row_of_the_person(store: Store) -> None:
    store.upsert_debtors([person("D1", "ZERHOUNI Abdelilah", "BK100001"),
                          person("D2", "EL ALAOUI Ahmed", "A200002")])
    record = make_record("phone_directory", "p1", "phone", name="Zerhouni Abdelilah")
    store.save_records([record])
    store.start_job("J1", "p.csv", {})
    match = match_of("D1", record)
    store.checkpoint("J1", "D1", "ok", {"debtor_id": "D1"}, [match],
                     audit={"operator": "amina", "purpose": "recouvrement"})

    erased = store.forget("D1", "amina", "fin de mandat")

    for table in PERSON_TABLES:
        if table in ("debtors_tokens", "debtor_identifiers"):
            continue
        count = store.db.execute(f"SELECT count(*) FROM {table} WHERE debtor_id = 'D1'")
        assert count.fetchone()[0] == 0, table
    assert store.search_debtors("zerhouni") == []
    assert [d.debtor_id for d in store.search_debtors("alaoui")] == ["D2"]
    assert store.debtors_with_identifier("cin", "BK100001") == []
    if store.engine == "postgresql":
        tokens = store.db.execute("SELECT count(*) FROM debtors_tokens WHERE token = 'zerhouni'")
        assert tokens.fetchone()[0] == 0
        assert erased.wal_checkpoint == "vacuumed"
        vacuumed = store.db.execute("SELECT last_vacuum FROM pg_stat_user_tables"
                                    " WHERE relname = 'debtors' AND schemaname = current_schema()")
        assert vacuumed.fetchone()[0] is not None
    assert store.get_record("phone_directory:p1") == record  # sources stay
    assert store.verify_audit()["ok"]
