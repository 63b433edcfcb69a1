"""Records are saved with provenance and found again by any party's identifier or name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skiptrace.model import Identifier
from skiptrace.store import Store

from .conftest import make_record


@pytest.fixture
def harvested(store: Store) -> Store:
    store.save_records([
        make_record("land_registry", "TF-1", "land_title", title_number="TF 12345/C",
                    city="Casablanca", owners=[
                        {"name": "EL ALAOUI Mohamed", "cin": "bk 100001", "share": "1/2"},
                        {"name": "BENJELLOUN Fatima-Zahra", "cin": "A200002", "share": "1/2",
                         "name_ar": "فاطمة الزهراء بنجلون"}]),
        make_record("land_registry", "TF-2", "land_title", title_number="TF 999/M",
                    city="Marrakech", owners=[{"name": "ALAOUI Ahmed", "cin": "EE400004"}]),
        make_record("land_registry", "TF-3", "land_title", title_number="TF 7/R", city="Rabat",
                    owners=[{"name": "STE ATLAS BTP SARL AU", "ice": "36794000036",
                             "kind": "company"}]),
        make_record("company_register", "RC-1", "company", denomination="ATLAS BTP",
                    old_names=["ATLAS CONSTRUCTION"], rc_number="400001",
                    rc_tribunal="Casablanca", if_number="0400002", city="Casablanca",
                    managers=[{"name": "OUAHMANE Youssef", "cin": "JM300003"}]),
        make_record("company_register", "RC-2", "company", denomination="NOUR TRADING",
                    rc_number="400001", rc_tribunal="Marrakech"),
        make_record("vehicle_registry", "V-1", "vehicle", plate="12345-أ-6",
                    owner={"name": "El Alaoui Mohamed", "cin": "BK100001", "city": "Salé"}),
    ])
    return store


def keys(records) -> list[str]:
    return [r.key for r in records]


def test_round_trip_and_counts(harvested: Store) -> None:
    record = harvested.get_record("land_registry:TF-1")
    assert record is not None and record.fields["owners"][1]["cin"] == "A200002"
    assert record.provenance.url == "http://127.0.0.1/TF-1"
    assert harvested.count_records() == 6
    assert harvested.count_records("land_registry") == 3
    assert keys(harvested.iter_records("company_register")) == [
        "company_register:RC-1", "company_register:RC-2"]
    assert harvested.get_record("land_registry:nope") is None


def test_find_by_co_owner_cin_in_any_spelling(harvested: Store) -> None:
    found = harvested.find_records("land_registry", identifiers=[Identifier("cin", "BK-100001")])
    assert keys(found) == ["land_registry:TF-1"]
    found = harvested.find_records("land_registry", identifiers=[("cin", "a200002")])
    assert keys(found) == ["land_registry:TF-1"]


def test_find_by_zero_padded_ice(harvested: Store) -> None:
    found = harvested.find_records("land_registry", identifiers=[("ice", "000036794000036")])
    assert keys(found) == ["land_registry:TF-3"]


def test_rc_matches_only_within_its_tribunal(harvested: Store) -> None:
    casa = Identifier("rc", "400001", tribunal="casablanca")
    assert keys(harvested.find_records("company_register", identifiers=[casa])) == [
        "company_register:RC-1"]
    no_court = ("rc", "400001")
    assert len(harvested.find_records("company_register", identifiers=[no_court])) == 2


def test_find_by_if_and_manager_and_former_name(harvested: Store) -> None:
    assert keys(harvested.find_records("company_register", identifiers=[("if", "00400002")])) == [
        "company_register:RC-1"]
    assert keys(harvested.find_records("company_register", names=["Youssef Ouahmane"])) == [
        "company_register:RC-1"]
    assert keys(harvested.find_records("company_register", names=["Atlas Construction"])) == [
        "company_register:RC-1"]


def test_name_search_ranks_rare_tokens_and_prefers_the_city(harvested: Store) -> None:
    found = harvested.find_records("land_registry", names=["Mohamed EL-ALAOUI"])
    assert keys(found)[0] == "land_registry:TF-1"  # two tokens hit, the other title only one
    assert set(keys(found)) == {"land_registry:TF-1", "land_registry:TF-2"}
    found = harvested.find_records("land_registry", names=["Alaoui"], city="Marrakech")
    assert keys(found)[0] == "land_registry:TF-2"


def test_find_by_arabic_name_and_owner_outside_source_is_not_returned(harvested: Store) -> None:
    assert keys(harvested.find_records("land_registry", names=["بنجلون"])) == ["land_registry:TF-1"]
    assert harvested.find_records("phone_directory", names=["Alaoui"]) == []


def test_identifier_hits_come_first_and_limit_applies(harvested: Store) -> None:
    found = harvested.find_records("land_registry", names=["Ahmed Alaoui"],
                                   identifiers=[("cin", "BK100001")], limit=1)
    assert keys(found) == ["land_registry:TF-1"]


def test_resave_keeps_first_seen_and_reindexes(harvested: Store, monkeypatch) -> None:
    first, _ = harvested.record_seen("vehicle_registry:V-1")
    later = datetime(2030, 1, 1, tzinfo=UTC)
    monkeypatch.setattr("skiptrace.store.records.utcnow", lambda: later)
    harvested.save_records([make_record("vehicle_registry", "V-1", "vehicle", plate="12345-أ-6",
                                        owner={"name": "BERRADA Omar", "cin": "Z500005"})])
    assert harvested.record_seen("vehicle_registry:V-1") == (first, later.isoformat())
    assert harvested.count_records("vehicle_registry") == 1
    assert harvested.find_records("vehicle_registry", identifiers=[("cin", "BK100001")]) == []
    assert keys(harvested.find_records("vehicle_registry", names=["Berrada"])) == [
        "vehicle_registry:V-1"]
    assert harvested.find_records("vehicle_registry", names=["Alaoui"]) == []


def test_names_with_fts_syntax_are_harmless(harvested: Store) -> None:
    assert harvested.find_records("land_registry", names=['"AND OR NEAR(*', "-", ""]) == []


def test_courts_and_cities_compare_by_canonical_key(harvested: Store) -> None:
    casa = Identifier("rc", "400001", tribunal="Casa")
    assert keys(harvested.find_records("company_register", identifiers=[casa])) == [
        "company_register:RC-1"]
    found = harvested.find_records("land_registry", names=["Alaoui"], city="Marrakesh")
    assert keys(found)[0] == "land_registry:TF-2"
