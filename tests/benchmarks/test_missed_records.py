"""benchmarks/missed_records.py: each missed own-role record gets the class its world record
and the profile give it, linked records and other roles are not counted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from .scripts import benchmark_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "missed_records.py"


def _module() -> ModuleType:
    return benchmark_script("missed_records")


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _world(tmp_path: Path) -> tuple[Path, Path, Path]:
    world = tmp_path / "world"
    _write(world / "sources" / "phone_directory.jsonl", [
        {"record_id": "PD-1", "name": "Abdeslam Ramdani", "city": "Tétouan"},
        {"record_id": "PD-2", "name": "RMADANI", "city": "Tétouan"},
        {"record_id": "PD-3", "name": "RMADANI Abdeslam", "city": "Tanger"},
        {"record_id": "PD-4", "name": "RMADANI A.", "city": "Tétouan"},
    ])
    _write(world / "sources" / "vehicle_registry.jsonl", [
        {"record_id": "VR-1", "owner": {"name": "RMADANI", "cin": None, "city": "Tétouan"}},
        {"record_id": "VR-2", "owner": {"name": "Abdeslam RMADANI", "cin": "L123456"}},
        {"record_id": "VR-3", "owner": {"name": "A. RMADANI", "cin": "L999999"}},
        {"record_id": "VR-4", "owner": {"name": "A. RMADANI", "cin": "L123457"}},
    ])
    links = [{"record_id": f"PD-{i}", "debtor_role": "subject"} for i in (1, 2, 3, 4)]
    links_v = [{"record_id": f"VR-{i}", "debtor_role": "holder"} for i in (1, 2, 3, 4)]
    truth = world / "truth.jsonl"
    _write(truth, [{"debtor_id": "D1", "links": {
        "phone_directory": links, "vehicle_registry": links_v,
        "company_register": [{"record_id": "CR-9", "debtor_role": "manager"}],
        "geocoder": [{"record_id": "77", "debtor_role": "subject"}]}}])
    profiles = tmp_path / "profiles.jsonl"
    _write(profiles, [{
        "debtor_id": "D1",
        "debtor": {"kind": "person", "name": "RMADANI Abdeslam", "first_name": "Abdeslam",
                   "last_name": "RMADANI", "city": "Tétouan",
                   "identifiers": [{"scheme": "cin", "value": "L123456"}]},
        "links": [{"source": "phone_directory", "record_id": "PD-4", "probability": 0.93}],
        "rejected": [{"source": "phone_directory", "record_id": "PD-2",
                      "reason": "match probability 0.12 below the reporting threshold 0.50"}],
    }])
    return world, truth, profiles


def test_each_missed_record_gets_its_class(tmp_path: Path) -> None:
    world, truth, profiles = _world(tmp_path)
    rows = {r["record_id"]: r for r in _module().missed(profiles, truth, world)}
    assert set(rows) == {"PD-1", "PD-2", "PD-3", "VR-1", "VR-2", "VR-3", "VR-4"}  # PD-4 linked
    assert rows["PD-1"]["class"] == "family name written otherwise"
    assert rows["PD-2"]["class"] == ("scored low: match probability # below the reporting "
                                     "threshold # (family name alone)")
    assert rows["PD-2"]["retrieved"] and not rows["PD-1"]["retrieved"]
    assert rows["PD-3"]["class"] == "family name as written, other city (with given names)"
    assert rows["VR-1"]["class"] == "no identifier in the record (family name alone)"
    assert rows["VR-2"]["class"] == "identifier shared, not fetched"
    assert rows["VR-3"]["class"] == "identifier the portfolio lacks"
    assert rows["VR-4"]["class"] == "identifier one character off the portfolio's (a typo)"


def test_the_command_prints_counts_and_writes_json(tmp_path: Path) -> None:
    world, truth, profiles = _world(tmp_path)
    out = tmp_path / "missed.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--profiles", str(profiles), "--world",
                           str(world), "--json", str(out), "--examples", "1"],
                          capture_output=True, text=True, check=True)
    assert "missed own-role records outside the geocoder: 7 (fetched and scored low: 1)" in done.stdout
    assert "RMADANI Abdeslam (Tétouan) → Abdeslam Ramdani (Tétouan)" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["missed"] == 7 and len(report["records"]) == 7
    assert sum(c["count"] for c in report["by_class"]) == 7


def _store(path: Path, rows: list[tuple[str, str, float, dict[str, Any]]]) -> Path:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE matches (debtor_id TEXT, record_key TEXT, party_index INTEGER, "
                   "probability REAL, json TEXT)")
        db.executemany("INSERT INTO matches VALUES (?, ?, 0, ?, ?)",
                       [(d, k, p, json.dumps(m)) for d, k, p, m in rows])
    return path


def test_a_fetched_miss_is_classed_by_its_scored_pair_when_the_store_is_given(tmp_path: Path) -> None:
    """The band the pair reached, each field's level and what the party was: a co-owner among
    several, a trader's entry."""
    world, truth, profiles = _world(tmp_path)
    title = {"kind": "land_title", "fields": {"owners": [{"name": "X"}, {"name": "RMADANI A."}]}}
    store = _store(tmp_path / "store.db", [
        ("D1", "phone_directory:PD-2", 0.12, {"record": {"kind": "phone", "fields": {}},
                                              "party": {"role": "listing"},
                                              "explanation": [{"field": "name", "level": "surname_only"},
                                                              {"field": "address", "level": "same_city"}]}),
        ("D1", "phone_directory:PD-2", 0.05, {"record": title, "explanation": []}),  # the lower pair
        ("D1", "vehicle_registry:VR-1", 0.4, {"record": title, "explanation": []}),  # not fetched
    ])
    rows = {r["record_id"]: r for r in _module().missed(profiles, truth, world, store)}
    assert rows["PD-2"]["class"] == "scored 0.1-0.3: name=surname_only address=same_city; listing"
    assert rows["VR-1"]["class"] == "no identifier in the record (family name alone)"
    party_kind = _module().party_kind
    assert party_kind({"record": title, "party": {"role": "owner"}}) == "a co-owner among 2"
    trader = {"kind": "company", "fields": {"entry_kind": "trader"}}
    assert party_kind({"record": trader, "party": {"role": "manager"}}) == "a trader's entry (manager)"
