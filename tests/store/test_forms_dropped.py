"""Migration 14 drops ``records.forms`` (decision 0039, which supersedes 0033): a store at v13,
its records stored with forms, or at v12, from before them, migrates with its records and their
search indexes intact and the column gone, on both engines; forget and purge work as before."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from skiptrace.model import Identifier
from skiptrace.store import CURRENT_VERSION, Store
from skiptrace.store.dialect import is_postgres
from skiptrace.store.migrations import migrate
from skiptrace.store.records import save_records

from .conftest import make_record, match_of, person
from .test_migrations import raw

# what decision 0033's code wrote in the column: a version stamp, forms and parses
FORMS = json.dumps({"v": "0" * 24, "f": {"k": [1, "el alaoui mohamed"]}, "p": {"person": {}}})


def _title() -> object:
    return make_record("land_registry", "TF-1", "land_title", title_number="TF 12345/C",
                       city="Casablanca", owners=[
                           {"name": "EL ALAOUI Mohamed", "cin": "BK100001", "share": "1/2"},
                           {"name": "BENJELLOUN Fatima-Zahra", "cin": "A200002", "share": "1/2",
                            "name_ar": "فاطمة الزهراء بنجلون"}])


def _card() -> object:
    return make_record("vehicle_registry", "V-1", "vehicle", plate="12345-أ-6",
                       owner={"name": "EL ALAOUI Mohamed", "cin": "BK100001", "city": "Salé"})


def record_columns(conn: sqlite3.Connection) -> set[str]:
    if is_postgres(conn):
        sql = ("SELECT column_name FROM information_schema.columns"
               " WHERE table_schema = current_schema() AND table_name = 'records'")
    else:
        sql = "SELECT name FROM pragma_table_info('records')"
    return {r[0] for r in conn.execute(sql)}


@pytest.mark.parametrize("start", [13, 12])
def test_a_store_with_forms_migrates_without_them(location: str, start: int) -> None:
    title, card = _title(), _card()
    with raw(location) as conn:
        assert migrate(conn, target=start) == list(range(1, start + 1))
        save_records(conn, [title, card])
        if start == 13:
            conn.execute("UPDATE records SET forms = ?", (FORMS,))
            assert conn.execute("SELECT count(*) FROM records WHERE forms IS NOT NULL"
                                ).fetchone()[0] == 2
        else:
            assert "forms" not in record_columns(conn)

    with Store.open(location) as store:
        assert store.schema_version == CURRENT_VERSION == 14
        assert "forms" not in record_columns(store.db.conn)
        assert "name_text" in record_columns(store.db.conn)
        assert store.count_records() == 2
        assert store.get_record("land_registry:TF-1") == title
        # every index the searches read: identifiers, names (folded tokens), the city
        assert store.find_records("land_registry", identifiers=[("cin", "A200002")]) == [title]
        assert store.find_records("vehicle_registry",
                                  identifiers=[Identifier("cin", "BK100001")]) == [card]
        assert store.find_records("land_registry", names=["BENJELLOUN Fatima Zahra"],
                                  city="Casablanca") == [title]
        assert store.find_records("vehicle_registry", names=["ALAOUI"]) == [card]
        # saving after the migration writes what the table has, and is found at once
        other = make_record("land_registry", "TF-2", "land_title", title_number="TF 999/C",
                            owners=[{"name": "TAZI Said", "cin": "C300003"}])
        assert store.save_records([other]) == 1
        assert store.find_records("land_registry", names=["TAZI Said"]) == [other]


def test_forget_and_purge_after_the_migration(location: str) -> None:
    title = _title()
    with raw(location) as conn:
        migrate(conn, target=13)
        save_records(conn, [title])
        conn.execute("UPDATE records SET forms = ?", (FORMS,))
    with Store.open(location) as store:
        store.upsert_debtors([person("D1", "EL ALAOUI Mohamed", "BK100001"),
                              person("D2", "BENJELLOUN Fatima Zahra", "A200002")])
        store.start_job("J1", "p.csv", {})
        store.checkpoint("J1", "D1", "ok", {"debtor_id": "D1"}, [match_of("D1", title)])
        store.checkpoint("J1", "D2", "ok", {"debtor_id": "D2"}, [match_of("D2", title)])

        erased = store.forget("D1", "amina", "fin de mandat")
        assert erased.debtor_ids == ["D1"] and erased.counts["debtors"] == 1
        assert store.get_debtor("D1") is None and store.get_matches("D1") == []
        assert store.get_record("land_registry:TF-1") == title  # what the source said stays

        purged = store.purge("amina", "fin de mandat", job_id="J1")
        assert purged.debtor_ids == ["D2"]
        assert store.get_debtor("D2") is None
        assert store.find_records("land_registry", identifiers=[("cin", "A200002")]) == [title]


def test_the_forms_leave_no_bytes_in_a_sqlite_file(tmp_path: Path) -> None:
    """The forms held the record's names and identifiers, normalised: once the column is
    dropped (under the store's secure_delete), the file keeps none of their bytes."""
    path = str(tmp_path / "store.db")
    marker = "FORMS-MARKER-" * 20
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn, target=13)
        save_records(conn, [_title(), _card()])
        conn.execute("UPDATE records SET forms = ?", (marker,))
    finally:
        conn.close()
    with open(path, "rb") as before:
        assert marker.encode() in before.read()
    with Store.open(path) as store:
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "rb") as after:
        assert b"FORMS-MARKER-" not in after.read()
