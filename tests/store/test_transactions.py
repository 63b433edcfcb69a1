"""A failure in the middle of a batch leaves no partial rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skiptrace.model import Record
from skiptrace.store import Store

from .conftest import make_record, person


def records_then_failure(n: int) -> Iterator[Record]:
    for i in range(n):
        yield make_record("company_register", str(i), "company", denomination=f"ATLAS {i}", ice="000000101000086")
    raise RuntimeError("connector died mid-batch")


def test_failed_batch_of_records_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError, match="mid-batch"):
        store.save_records(records_then_failure(5))
    assert store.count_records() == 0
    assert store.db.execute("SELECT count(*) FROM record_identifiers").fetchone()[0] == 0
    assert store.find_records("company_register", names=["ATLAS"]) == []


def test_failed_outer_transaction_rolls_back_every_write(store: Store) -> None:
    store.upsert_debtors([person("D0", "BENJELLOUN Fatima-Zahra")])
    with pytest.raises(RuntimeError), store.atomic():
        store.upsert_debtors([person("D1", "EL ALAOUI Mohamed"), person("D2", "AIT OUAHMANE Youssef")])
        store.save_records([make_record("phone_directory", "p1", "phone", name="X")])
        raise RuntimeError("operator abort")
    assert [d.debtor_id for d in store.iter_debtors()] == ["D0"]
    assert store.count_records() == 0


def test_inner_failure_caught_keeps_outer_work(store: Store) -> None:
    with store.atomic():
        store.upsert_debtors([person("D1", "EL ALAOUI Mohamed")])
        with pytest.raises(RuntimeError):
            store.save_records(records_then_failure(3))
        store.upsert_debtors([person("D2", "AIT OUAHMANE Youssef")])
    assert store.count_debtors() == 2
    assert store.count_records() == 0


def test_failed_checkpoint_writes_neither_profile_nor_item(store: Store) -> None:
    store.start_job("J1", "p.csv", {})
    broken_match = {"probability": 0.9}  # no "record": fails after the profile was written
    with pytest.raises(KeyError):
        store.checkpoint("J1", "D1", "ok", {"debtor_id": "D1"}, [broken_match])
    assert store.get_profile("D1") is None
    assert store.done_debtors("J1") == set()


def test_a_second_connection_reads_while_a_batch_writes(tmp_path) -> None:
    path = tmp_path / "shared.db"
    with Store.open(path) as writer, Store.open(path) as reader:
        with writer.atomic():
            writer.upsert_debtors([person("D1", "EL ALAOUI Mohamed")])
            assert reader.count_debtors() == 0  # WAL: not blocked, sees the last commit
        assert reader.count_debtors() == 1
