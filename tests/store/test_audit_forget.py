"""The audit log is append-only and masks identifiers; forget erases one debtor's file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from skiptrace.store import Store

from .conftest import make_record, match_of, person


def test_audit_entry_masks_the_target(store: Store) -> None:
    store.audit("amina", "recouvrement CNSS dossier 42", "lookup", "D1", target="BK100001",
                details={"sources": 3})
    [entry] = store.audit_entries()
    assert entry["operator"] == "amina"
    assert entry["purpose"] == "recouvrement CNSS dossier 42"
    assert entry["target"] == "BK******"
    assert entry["details"] == {"sources": 3}
    assert entry["debtor_id"] == "D1"


def test_a_kind_and_value_target_keeps_its_kind_and_masks_the_value(store: Store) -> None:
    """Issue 15: the audit shows what a lookup searched by ("cin:BK******"), never the value."""
    from skiptrace.model import Debtor, Identifier

    debtor = Debtor(debtor_id="D2", kind="person", name="ALAOUI Mohamed",
                    identifiers=(Identifier("cin", "BK100001"),), phones=("0661000000",))
    store.audit("amina", "dossier 42", "lookup", "D2", target=debtor.audit_target())
    store.audit("amina", "dossier 42", "lookup", "D3",
                target=Debtor(debtor_id="D3", kind="person", name="TAZI Said").audit_target())
    first, second = sorted(store.audit_entries(), key=lambda e: e["debtor_id"])
    assert first["target"] == "cin:BK******"
    assert second["target"] == "name:TA*******"


def test_audit_needs_operator_and_purpose(store: Store) -> None:
    with pytest.raises(ValueError):
        store.audit("amina", " ", "lookup")
    assert store.audit_entries() == []


@pytest.mark.parametrize("sql", ["UPDATE audit SET operator = 'x'", "DELETE FROM audit"])
def test_audit_rows_cannot_be_changed(store: Store, sql: str) -> None:
    store.audit("amina", "recouvrement", "lookup", "D1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute(sql)
    assert [e["operator"] for e in store.audit_entries()] == ["amina"]


def test_audit_entries_filter_and_limit(store: Store) -> None:
    for i in range(5):
        store.audit("op", "purpose", f"a{i}", "D1" if i % 2 else "D2")
    assert [e["action"] for e in store.audit_entries(debtor_id="D1")] == ["a1", "a3"]
    assert [e["action"] for e in store.audit_entries(limit=2)] == ["a3", "a4"]


def test_forget_erases_the_debtor_file_and_keeps_sources(store: Store) -> None:
    store.upsert_debtors([person("D1", "EL ALAOUI Mohamed", "BK100001"),
                          person("D2", "EL ALAOUI Ahmed", "A200002")])
    record = make_record("phone_directory", "p1", "phone", name="El Alaoui Mohamed")
    store.save_records([record])
    store.start_job("J1", "p.csv", {})
    match = match_of("D1", record)
    store.checkpoint("J1", "D1", "ok", {"debtor_id": "D1"}, [match])
    store.checkpoint("J1", "D2", "ok", {"debtor_id": "D2"}, [])

    erased = store.forget("D1", "amina", "fin de mandat")

    assert erased.debtor_ids == ["D1"]
    assert erased.counts == {"debtors": 1, "matches": 1, "profiles": 1, "job_items": 1,
                             "matches_of_others": 0, "profiles_scrubbed": 0, "judgements": 0}
    assert store.get_debtor("D1") is None
    assert [d.debtor_id for d in store.search_debtors("alaoui")] == ["D2"]
    assert store.get_matches("D1") == [] and store.get_profile("D1") is None
    assert store.done_debtors("J1") == {"D2"}
    assert store.get_record("phone_directory:p1") == record
    [entry] = store.audit_entries(debtor_id="D1")
    assert entry["action"] == "forget"
    assert entry["details"] == {**erased.counts, "lookup_copies": 0}
    assert "BK100001" not in str(entry)


def test_forget_rolls_back_if_audit_fails(store: Store) -> None:
    store.upsert_debtors([person("D1", "EL ALAOUI Mohamed")])
    with pytest.raises(ValueError):
        store.forget("D1", "", "no operator")
    assert store.get_debtor("D1") is not None


def test_purge_by_job_and_by_date_on_both_engines(store: Store) -> None:
    """The inactive debtors' query read a subquery without an alias, which PostgreSQL refuses
    before version 16: purge failed there whatever its arguments (found in session 15)."""
    store.upsert_debtors([person("D1", "EL ALAOUI Mohamed"), person("D2", "TAZI Said")])
    store.start_job("J1", "p.csv", {})
    store.checkpoint("J1", "D1", "ok", {"debtor_id": "D1"}, [])
    assert store.purge("amina", "fin de mandat", job_id="J1", dry_run=True).debtor_ids == ["D1"]
    assert store.purge("amina", "fin de mandat", job_id="J1").debtor_ids == ["D1"]
    assert store.get_debtor("D1") is None and store.get_debtor("D2") is not None
    later = datetime.now(UTC) + timedelta(days=1)
    assert store.purge("amina", "fin de mandat", before=later).debtor_ids == ["D2"]
