"""The world generator: determinism, file formats, valid identifiers, an honest truth file."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import stat
from pathlib import Path

import phonenumbers
import pytest

from skiptrace.model import SOURCE_NAMES
from skiptrace.sandbox import generate_world
from skiptrace.sandbox.portfolio import COLUMNS

WORLD_FILES = ["portfolio.csv", "truth.jsonl", "manifest.json",
               *(f"sources/{s}.jsonl" for s in SOURCE_NAMES)]
PLATE = re.compile(r"^\d{1,5}-[\u0600-\u06FF]-(\d{1,2})$")
TITLE = re.compile(r"^TF \d{4,7}/[0-9A-Z]{1,3}$")
CIN = re.compile(r"^[A-Z]{1,2}\d{6}$")


def digest(world: Path) -> dict[str, str]:
    return {name: hashlib.sha256((world / name).read_bytes()).hexdigest() for name in WORLD_FILES}


def records(world: Path, source: str) -> list[dict]:
    return [json.loads(line) for line in (world / "sources" / f"{source}.jsonl").open(encoding="utf-8")]


def truths(world: Path) -> list[dict]:
    return [json.loads(line) for line in (world / "truth.jsonl").open(encoding="utf-8")]


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = digest(generate_world(11, 25, tmp_path / "a"))
    b = digest(generate_world(11, 25, tmp_path / "b"))
    assert a == b


def test_different_seed_gives_a_different_world(tmp_path: Path) -> None:
    a = digest(generate_world(11, 25, tmp_path / "a"))
    b = digest(generate_world(12, 25, tmp_path / "b"))
    assert all(a[name] != b[name] for name in WORLD_FILES if name != "manifest.json")


def test_every_world_file_is_private(sandbox_world: Path) -> None:
    for name in WORLD_FILES:
        assert stat.S_IMODE((sandbox_world / name).stat().st_mode) == 0o600, name


def test_manifest_counts_match_the_files(sandbox_world: Path) -> None:
    manifest = json.loads((sandbox_world / "manifest.json").read_text("utf-8"))
    assert manifest["seed"] == 7 and manifest["debtors"] == 60
    assert manifest["credentials"]["land_registry"]["token"]
    assert manifest["credentials"]["vehicle_registry"]["api_key"]
    for source in SOURCE_NAMES:
        assert manifest["records"][source] == len(records(sandbox_world, source)) > 0
    assert manifest["persons"] + manifest["companies"] == 60


def test_record_ids_are_sorted_unique_and_opaque(sandbox_world: Path) -> None:
    for source in SOURCE_NAMES:
        ids = [r["record_id"] for r in records(sandbox_world, source)]
        assert ids == sorted(ids), source
        assert len(set(ids)) == len(ids), source
        assert not any("DEB" in rid for rid in ids)
    assert all(p["record_id"] == str(p["place_id"]) for p in records(sandbox_world, "geocoder"))
    debtor_order = [t["links"].get("land_registry", [{}])[0].get("record_id") for t in truths(sandbox_world)]
    linked = [rid for rid in debtor_order if rid]
    assert linked != sorted(linked), "record ids must not follow debtor order"


def test_portfolio_is_the_intake_format(sandbox_world: Path) -> None:
    with (sandbox_world / "portfolio.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert list(rows[0]) == COLUMNS
    assert [r["id_debiteur"] for r in rows] == [t["debtor_id"] for t in truths(sandbox_world)]
    assert {r["type"] for r in rows} == {"personne", "societe"}
    assert all(re.fullmatch(r"\d{1,3}( \d{3})*,\d{2}", r["montant_du"]) for r in rows)
    assert any(r["telephone"] == "" for r in rows), "some phones are missing, as in real files"


def test_identifiers_have_valid_formats(sandbox_world: Path) -> None:
    companies = records(sandbox_world, "company_register")
    assert all(len(c["ice"]) == 15 and int(c["ice"]) % 97 == 0 for c in companies)
    for title in records(sandbox_world, "land_registry"):
        assert TITLE.match(title["title_number"]), title["title_number"]
        for owner in title["owners"]:
            assert owner["cin"] is None or CIN.match(owner["cin"])
    for vehicle in records(sandbox_world, "vehicle_registry"):
        match = PLATE.match(vehicle["plate"])
        assert match and 1 <= int(match.group(1)) <= 89, vehicle["plate"]
    for t in truths(sandbox_world):
        for phone in t["phones"]:
            assert phonenumbers.is_valid_number(phonenumbers.parse(phone)), phone


def test_shares_of_each_title_sum_to_one(sandbox_world: Path) -> None:
    from fractions import Fraction

    for title in records(sandbox_world, "land_registry"):
        assert sum(Fraction(o["share"]) for o in title["owners"]) == 1, title["record_id"]


def test_truth_links_and_decoys_point_at_existing_distinct_records(sandbox_world: Path) -> None:
    existing = {s: {r["record_id"] for r in records(sandbox_world, s)} for s in SOURCE_NAMES}
    relations = set()
    for t in truths(sandbox_world):
        linked = {(s, link["record_id"]) for s, links in t["links"].items() for link in links}
        assert all(rid in existing[s] for s, rid in linked)
        for decoy in t["decoys"]:
            assert decoy["record_id"] in existing[decoy["source"]]
            assert (decoy["source"], decoy["record_id"]) not in linked
            relations.add(decoy["relation"])
        assert t["findable"] == bool(linked)
    assert {"homonym", "similar_company"} <= relations


def test_some_debtors_leave_nothing_to_find(sandbox_world: Path) -> None:
    findable = [t["findable"] for t in truths(sandbox_world)]
    assert 0 < findable.count(False) < len(findable) // 3


def test_assets_in_truth_match_the_registries(sandbox_world: Path) -> None:
    titles = {r["record_id"]: r for r in records(sandbox_world, "land_registry")}
    cars = {r["record_id"]: r for r in records(sandbox_world, "vehicle_registry")}
    seen = 0
    for t in truths(sandbox_world):
        for asset in t["assets"]["land_titles"]:
            assert titles[asset["record_id"]]["title_number"] == asset["title_number"]
            seen += 1
        for asset in t["assets"]["vehicles"]:
            assert cars[asset["record_id"]]["plate"] == asset["plate"]
            seen += 1
    assert seen > 10


def test_names_vary_across_sources(sandbox_world: Path) -> None:
    """The same person is not written identically everywhere (the matching problem is honest)."""
    arabic = sum(1 for r in records(sandbox_world, "land_registry") for o in r["owners"] if o["name_ar"])
    arabic_only = sum(1 for r in records(sandbox_world, "land_registry") for o in r["owners"]
                      if o["name_ar"] and not o["name"])
    assert arabic > 0 and arabic_only > 0
    text = (sandbox_world / "sources" / "phone_directory.jsonl").read_text("utf-8")
    assert re.search(r"\b0[67]\d{2}-\d{6}\b", text) and re.search(r"\b0[5-7]( \d\d){4}\b", text)


def test_legal_notices_are_french_free_text(sandbox_world: Path) -> None:
    notices = records(sandbox_world, "legal_notices")
    assert set(notices[0]) == {"record_id", "title", "published", "journal", "text", "updated_at"}
    assert any("CIN" in n["text"] and "capital" in n["text"].lower() for n in notices)


@pytest.mark.parametrize("debtors", [0, -3])
def test_a_world_needs_debtors(tmp_path: Path, debtors: int) -> None:
    with pytest.raises(ValueError):
        generate_world(1, debtors, tmp_path)


def test_files_do_not_depend_on_the_number_of_processes(tmp_path: Path) -> None:
    one = digest(generate_world(3, 40, tmp_path / "one", workers=1))
    two = digest(generate_world(3, 40, tmp_path / "two", workers=2))
    assert one == two
