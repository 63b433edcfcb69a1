"""benchmarks/false_links.py: every false link and every link of a debtor in no source is read
back from the run's store with the fields that carried it; true links of findable debtors are
not counted, unless carried by the name alone and asked for; each person link says how many
namesakes its source holds in the store in its city."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from .scripts import benchmark_script, write_jsonl


def _module() -> ModuleType:
    return benchmark_script("false_links")


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    write_jsonl(path, rows)


def _match(debtor: str, key: str, probability: float, fields: list[tuple[str, str]],
           party: str = "Meryem Lamrani") -> tuple[str, str, float, str]:
    explanation = [{"field": f, "level": level} for f, level in fields]
    text = json.dumps({"party": {"name": party, "city": "Casablanca", "cin": None, "kind": "person"},
                       "explanation": explanation})
    return debtor, key, probability, text


def _land_title(record_id: str, owner: str, city: str = "Casablanca") -> tuple[str, str, str]:
    data = {"kind": "land_title", "fields": {"title_number": record_id, "city": city,
                                             "owners": [{"name": owner, "share": 1.0}]},
            "provenance": {"source": "land_registry", "record_id": record_id,
                           "retrieved_at": "2026-11-01T00:00:00+00:00"}}
    return "land_registry", "land_title", json.dumps(data)


def _profiles(path: Path, *links: list[tuple[str, str, float]]) -> None:
    """Debtors D1, D2, ... of one name, each with its links (source, record id, probability)."""
    debtor = {"name": "LAMRANI Meryem", "city": "Casablanca"}
    _write(path, [{"debtor_id": f"D{i}", "debtor": debtor, "links": [
        {"source": s, "record_id": r, "probability": p} for s, r, p in own]}
        for i, own in enumerate(links, start=1)])


def _run(tmp_path: Path, name_only: bool = False) -> list[dict[str, Any]]:
    truth, profiles, store = tmp_path / "t.jsonl", tmp_path / "p.jsonl", tmp_path / "s.db"
    _write(truth, [
        {"debtor_id": "D1", "findable": True,
         "links": {"land_registry": [{"record_id": "LR-1", "debtor_role": "owner"}]},
         "decoys": [{"source": "land_registry", "record_id": "LR-2", "relation": "homonym"}]},
        {"debtor_id": "D2", "findable": False, "links": {}},
    ])
    _profiles(profiles, [("land_registry", "LR-1", 0.99), ("land_registry", "LR-2", 0.69)],
              [("phone_directory", "PD-7", 0.95)])
    with sqlite3.connect(store) as db:
        db.execute("CREATE TABLE matches (debtor_id TEXT, record_key TEXT, probability REAL,"
                   " json TEXT)")
        db.executemany("INSERT INTO matches VALUES (?, ?, ?, ?)", [
            _match("D1", "land_registry:LR-1", 0.99, [("name", "exact"), ("cin", "exact")]),
            _match("D1", "land_registry:LR-2", 0.40, [("name", "exact")]),
            _match("D1", "land_registry:LR-2", 0.69, [("name", "exact"), ("city", "same")]),
            _match("D2", "phone_directory:PD-7", 0.95, [("name", "exact"), ("address", "exact")]),
        ])
        db.execute("CREATE TABLE records (source TEXT, kind TEXT, json TEXT)")
        db.executemany("INSERT INTO records VALUES (?, ?, ?)", [
            _land_title("LR-1", "LAMRANI Meryem"), _land_title("LR-2", "Meryem Lamrani"),
            _land_title("LR-3", "LAMRANI Meryem"), _land_title("LR-4", "LAMRANI Meryem", "Fès"),
            _land_title("LR-5", "LAMRANI Sanae")])
    rows: list[dict[str, Any]] = _module().classify(profiles, truth, store, name_only)
    return rows


def test_false_and_unfindable_links_get_the_fields_of_their_best_stored_match(
        tmp_path: Path) -> None:
    rows = _run(tmp_path)
    by_record = {r["record_id"]: r for r in rows}
    assert set(by_record) == {"LR-2", "PD-7"}  # LR-1 is a true link of a findable debtor
    assert by_record["LR-2"]["fields"] == "name=exact city=same"
    assert by_record["LR-2"]["relation"] == "homonym"
    assert by_record["LR-2"]["band"] == "0.5-0.7"
    assert by_record["PD-7"]["unfindable"] is True
    assert by_record["PD-7"]["band"] == "0.9-1"


def test_the_table_counts_links_per_source_and_fields(tmp_path: Path) -> None:
    text = _module().table(_run(tmp_path), examples=1)
    assert "2 links: 1 of debtors in no source, 2 false" in text
    assert "| 1 | land_registry | name=exact city=same | 1 / 0 / 0 |" in text
    assert "LAMRANI Meryem (Casablanca) → Meryem Lamrani" in text


def test_a_person_link_counts_the_namesakes_its_source_holds_in_its_city(tmp_path: Path) -> None:
    """Three titles name Meryem Lamrani in Casablanca (one in Fès, one another given name):
    the name's frequency in the store searched, which grows with the world."""
    by_record = {r["record_id"]: r for r in _run(tmp_path)}
    assert by_record["LR-2"]["namesakes"] == 3
    assert by_record["LR-2"]["name_only"] is True  # name and city, no door nor identifier
    assert by_record["PD-7"]["name_only"] is False  # at the door


def test_true_links_carried_by_the_name_alone_are_listed_when_asked(tmp_path: Path) -> None:
    """LR-1 is true but carried by its CIN: never listed; with --name-only a true name-only
    link would be, so that a rule on common names is weighed against the recall it costs."""
    module = _module()
    rows = _run(tmp_path, name_only=True)
    assert {r["record_id"] for r in rows} == {"LR-2", "PD-7"}
    rows = [dict(r, true=True) if r["record_id"] == "LR-2" else r for r in rows]
    assert "| land_registry | 3-5 | 1 | 0 | 0 |" in module.namesake_table(rows)
    assert "LR-2" not in module.table(rows, examples=5)


def _place(place_id: str, number: str, road: str, suburb: str) -> dict[str, Any]:
    return {"place_id": place_id, "address": {"house_number": number, "road": road,
                                              "suburb": suburb, "city": "Casablanca"}}


def _geocoder_match(debtor: str, place_id: str, query: str) -> tuple[str, str, float, str]:
    text = json.dumps({"party": None, "record": {"fields": {"query": query}},
                       "explanation": [{"field": "address", "level": "same_street_number"}]})
    return debtor, f"geocoder:{place_id}", 0.9, text


def test_a_geocoder_link_is_classed_by_door_and_by_the_quarter_asked(tmp_path: Path) -> None:
    """Issue 12's false doors: a twin at the debtor's door (another place, the same number,
    street, quarter and city) and, for a debtor in no source, the same number and street in
    another quarter answered to an address asked without its quarter."""
    truth, profiles, store = tmp_path / "t.jsonl", tmp_path / "p.jsonl", tmp_path / "s.db"
    parts = {"number": 87, "street_kind": "avenue", "street": "Al Wahda", "quartier": "Sidi Maarouf",
             "city": "Casablanca"}
    _write(truth, [
        {"debtor_id": "D1", "findable": True, "address": {"parts": parts},
         "links": {"geocoder": [{"record_id": "G-1"}]}},
        {"debtor_id": "D2", "findable": False, "address": {"parts": parts}, "links": {}}])
    _profiles(profiles, [("geocoder", "G-1", 1.0), ("geocoder", "G-2", 1.0)],
              [("geocoder", "G-3", 0.9)])
    (tmp_path / "sources").mkdir()
    _write(tmp_path / "sources" / "geocoder.jsonl", [
        _place("G-1", "87", "Avenue Al Wahda", "Sidi Maârouf"),
        _place("G-2", "87", "Avenue Al Wahda", "Sidi Maarouf"),
        _place("G-3", "87", "Avenue Al Wahda", "Hay Al Amal")])
    with sqlite3.connect(store) as db:
        db.execute("CREATE TABLE matches (debtor_id TEXT, record_key TEXT, probability REAL,"
                   " json TEXT)")
        db.executemany("INSERT INTO matches VALUES (?, ?, ?, ?)", [
            _geocoder_match("D1", "G-2", "N° 87 Av Al Wahda, Q. Sidi Maârouf, Casablanca"),
            _geocoder_match("D2", "G-3", "N°87 Av Al Wahda, Casablanca")])
        db.execute("CREATE TABLE records (source TEXT, kind TEXT, json TEXT)")
    by_record = {r["record_id"]: r for r in _module().classify(profiles, truth, store)}
    assert set(by_record) == {"G-2", "G-3"}  # G-1 is the truth's own place
    assert by_record["G-2"]["fields"].endswith(
        "door=twin at the debtor's door (quarter asked)")
    assert by_record["G-3"]["fields"].endswith(
        "door=same number and street, another quarter (no quarter asked)")
