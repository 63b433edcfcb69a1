"""Debtors by id and by name; jobs, checkpoints and resumption."""

from __future__ import annotations

import threading
from datetime import date

from skiptrace.model import Identifier
from skiptrace.store import Store

from .conftest import company, make_record, match_of, person


def test_debtor_round_trip_and_upsert(store: Store) -> None:
    d = company("C1", "STE ATLAS BTP SARL AU", "000000101000086", legal_form="SARL AU",
                legal_representative="EL ALAOUI Mohamed", debt_amount=12345.67,
                debt_as_of=date(2026, 6, 30))
    assert store.upsert_debtors([d]) == 1
    assert store.get_debtor("C1") == d
    renamed = company("C1", "ATLAS BTP", "000000101000086")
    store.upsert_debtors([renamed])
    assert store.get_debtor("C1") == renamed
    assert store.count_debtors() == 1
    assert store.search_debtors("sarl") == []
    assert store.get_debtor("nobody") is None


def test_search_debtors_by_name_or_representative(store: Store) -> None:
    store.upsert_debtors([
        person("P1", "EL ALAOUI Moulay Ahmed"),
        person("P2", "BENJELLOUN Fatima-Zahra"),
        company("C1", "NOUR TRADING SA", legal_representative="Benjelloun Omar"),
    ])
    assert {d.debtor_id for d in store.search_debtors("benjelloun")} == {"P2", "C1"}
    assert [d.debtor_id for d in store.search_debtors("Fatima Zahra BENJELLOUN")][0] == "P2"
    assert [d.debtor_id for d in store.search_debtors("Alaoui", limit=5)] == ["P1"]
    assert store.search_debtors("  ") == []


def test_iter_debtors_streams_in_batches(store: Store) -> None:
    store.upsert_debtors(person(f"D{i:04d}", f"NAME {i}") for i in range(2500))
    ids = [d.debtor_id for d in store.iter_debtors()]
    assert len(ids) == 2500 and ids[0] == "D0000" and ids[-1] == "D2499"


def test_job_checkpoints_and_resume(store: Store) -> None:
    assert store.start_job("J1", "portfolio.csv", {"sources": ["land_registry"]}) is True
    record = make_record("land_registry", "TF-1", "land_title", owners=[{"name": "X"}])
    matches = [match_of("D1", record, p) for p in (0.4, 0.97)]
    profile = {"debtor_id": "D1", "recoverability": {"segment": "recoverable"}}
    store.checkpoint("J1", "D1", "ok", profile, matches,
                     audit={"operator": "batch", "purpose": "recouvrement CNSS"})
    store.checkpoint("J1", "D2", "partial", {"debtor_id": "D2"}, [])
    assert store.done_debtors("J1") == {"D1", "D2"}
    assert store.get_profile("D1") == profile
    assert [m["probability"] for m in store.get_matches("D1")] == [0.97, 0.4]
    segment = store.db.execute("SELECT segment FROM profiles WHERE debtor_id = 'D1'").fetchone()
    assert segment[0] == "recoverable"
    [entry] = store.audit_entries()
    assert entry["action"] == "enrich" and entry["details"]["matches"] == 2

    store.checkpoint("J1", "D1", "ok", profile, matches[:1])  # rerun replaces, never doubles
    assert len(store.get_matches("D1")) == 1

    assert store.start_job("J1", "portfolio.csv", {}) is False  # resume keeps the items
    assert store.done_debtors("J1") == {"D1", "D2"}
    store.finish_job("J1")
    job = store.get_job("J1")
    assert job is not None and job["status"] == "done" and job["done"] == 2
    assert job["params"] == {"sources": ["land_registry"]} and job["finished_at"]
    assert store.get_job("J2") is None


def test_reads_from_worker_threads(store: Store) -> None:
    store.upsert_debtors([person("D1", "EL ALAOUI Mohamed", "BK100001")])
    store.save_records([make_record("vehicle_registry", "V1", "vehicle",
                                    owner={"name": "EL ALAOUI Mohamed", "cin": "BK100001"})])
    results: list[int] = []

    def lookup() -> None:
        found = store.find_records("vehicle_registry", identifiers=[Identifier("cin", "BK100001")])
        results.append(len(found))

    threads = [threading.Thread(target=lookup) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [1, 1, 1, 1]


def test_checkpoint_without_started_job_creates_it(store: Store) -> None:
    store.checkpoint("lookups", "D1", "ok", {"debtor_id": "D1"}, [])
    assert store.done_debtors("lookups") == {"D1"}
    job = store.get_job("lookups")
    assert job is not None and job["status"] == "running"
