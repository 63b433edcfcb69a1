"""Geocoder links scored by door (docs/decisions/0017): a place at the debtor's own door counts
as the debtor's address, whatever postcode or residence name the world gave it; a place at
another number, street, quarter or city does not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from skiptrace.evaluate import evaluate_files
from skiptrace.evaluate.doors import door_of_parts, door_of_place, fold, score_by_door

PARTS = {"number": 8, "street_kind": "avenue", "street": "Moulay Ismail",
         "quartier": "Californie", "city": "Casablanca", "postcode": "20250"}


def place(place_id: int, number: str | None, road: str, suburb: str, city: str,
          postcode: str, name: str = "") -> dict[str, Any]:
    return {"record_id": str(place_id), "place_id": place_id, "name": name,
            "address": {"house_number": number, "road": road, "suburb": suburb, "city": city,
                        "postcode": postcode}}


PLACES = [
    place(1000000001, "8", "Avenue Moulay Ismail", "Californie", "Casablanca", "20250"),  # truth's
    place(1000000002, "8", "Avenue Moulay Ismail", "Californie", "Casablanca", "20100"),  # twin
    place(1000000003, "8", "Avenue Moulay Ismail", "Californie", "Casablanca", "20000",
          name="Résidence Al Boustane"),  # twin with a residence name
    place(1000000004, "9", "Avenue Moulay Ismail", "Californie", "Casablanca", "20250"),  # next door
    place(1000000005, "8", "Avenue Moulay Ismail", "Maârif", "Casablanca", "20100"),  # other quarter
    place(1000000006, "229", "Rue 24", "Guéliz", "Marrakech", "40070"),  # another person's door
    place(1000000007, None, "Rue 24", "Guéliz", "Marrakech", "40070"),  # a street, no number
]


def truth(debtor_id: str, parts: dict[str, Any], places: list[str], **more: Any) -> dict[str, Any]:
    links = {"geocoder": [{"record_id": p, "role": "current_address", "debtor_role": "subject"}
                          for p in places]}
    return {"debtor_id": debtor_id, "kind": "person", "findable": bool(places),
            "links": {k: v for k, v in links.items() if v}, "decoys": [],
            "address": {"text": "", "parts": parts}, "previous_addresses": [], **more}


def profile(debtor_id: str, linked: list[str], rejected: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"debtor_id": debtor_id,
            "links": [{"source": "geocoder", "record_id": p, "probability": 0.9} for p in linked],
            "rejected": [{"source": "geocoder", "record_id": p} for p in rejected]}


def write_world(tmp_path: Path, truths: list[dict[str, Any]],
                profiles: list[dict[str, Any]]) -> tuple[Path, Path]:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "geocoder.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in PLACES), encoding="utf-8")
    (tmp_path / "truth.jsonl").write_text("".join(json.dumps(t) + "\n" for t in truths))
    (tmp_path / "profiles.jsonl").write_text("".join(json.dumps(p) + "\n" for p in profiles))
    return tmp_path / "profiles.jsonl", tmp_path / "truth.jsonl"


def test_a_twin_place_at_the_debtors_door_is_right_by_door_and_wrong_strictly(tmp_path: Path) -> None:
    profiles, truths = write_world(
        tmp_path, [truth("D1", PARTS, ["1000000001"])],
        [profile("D1", ["1000000002", "1000000003"])])
    report = evaluate_files(profiles, truths)
    strict = report["by_source"]["geocoder"]
    assert (strict["true_positives"], strict["false_positives"], strict["false_negatives"]) == (0, 2, 1)
    door = report["by_door"]["geocoder"]
    # both twins name the one door the debtor lives at: one door found, nothing wrong
    assert (door["true_positives"], door["false_positives"], door["false_negatives"]) == (1, 0, 0)


def test_next_door_and_another_quarter_stay_wrong(tmp_path: Path) -> None:
    profiles, truths = write_world(
        tmp_path, [truth("D1", PARTS, ["1000000001"])],
        [profile("D1", ["1000000004", "1000000005"], rejected=("1000000002",))])
    door = evaluate_files(profiles, truths)["by_door"]["geocoder"]
    assert (door["true_positives"], door["false_positives"], door["false_negatives"]) == (0, 2, 1)
    assert door["retrieved"] == 1  # the twin was fetched and set aside: a matching miss


def test_a_debtor_in_no_source_whose_door_has_a_place_is_findable_there(tmp_path: Path) -> None:
    at_229 = {"number": 229, "street_kind": "rue", "street": "24", "quartier": "Guéliz",
              "city": "Marrakech"}
    elsewhere = dict(at_229, number=12)
    profiles, truths = write_world(
        tmp_path, [truth("D1", at_229, []), truth("D2", elsewhere, []), truth("D3", elsewhere, [])],
        [profile("D1", ["1000000006"]), profile("D2", ["1000000006"]), profile("D3", [])])
    report = evaluate_files(profiles, truths)
    assert report["unfindable_debtors"] == 3 and report["unfindable_with_links"] == round(2 / 3, 4)
    doors = report["by_door"]
    # D1's own door is a place: findable there, and the link is right; D2's link is wrong
    assert doors["unfindable_debtors"] == 2 and doors["unfindable_with_links"] == 0.5
    assert doors["geocoder"]["true_positives"] == 1 and doors["geocoder"]["false_positives"] == 1


def test_a_place_without_a_number_is_its_own_key(tmp_path: Path) -> None:
    street = {"number": None, "street_kind": "rue", "street": "24", "quartier": "Guéliz",
              "city": "Marrakech"}
    by_id = {"D1": profile("D1", ["1000000007"])}
    (tmp_path / "g.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PLACES))
    score = score_by_door(by_id, [truth("D1", street, ["1000000007"])], tmp_path / "g.jsonl")
    assert score.tp == 1 and score.fp == 0 and score.places_read == len(PLACES)


def test_without_the_worlds_places_the_report_is_strict_alone(tmp_path: Path) -> None:
    (tmp_path / "truth.jsonl").write_text(json.dumps(truth("D1", PARTS, ["1000000001"])) + "\n")
    (tmp_path / "profiles.jsonl").write_text(json.dumps(profile("D1", ["1000000001"])) + "\n")
    report = evaluate_files(tmp_path / "profiles.jsonl", tmp_path / "truth.jsonl")
    assert "by_door" not in report and report["by_source"]["geocoder"]["true_positives"] == 1


def test_the_door_of_the_truths_parts_is_the_door_of_its_place() -> None:
    assert door_of_parts(PARTS) == door_of_place(PLACES[0])
    assert door_of_parts(dict(PARTS, number=None)) is None
    assert door_of_parts({}) is None


text = st.one_of(st.none(), st.text(max_size=30), st.integers(-5, 10**6))


@given(st.dictionaries(st.sampled_from(["house_number", "road", "suburb", "city", "postcode"]),
                       text))
def test_any_address_block_gives_a_door_or_none(address: dict[str, Any]) -> None:
    door = door_of_place({"address": address})
    assert door is None or (len(door) == 4 and all(isinstance(p, str) for p in door))


@given(st.text(max_size=40))
def test_folding_is_idempotent(value: str) -> None:
    assert fold(fold(value)) == fold(value)
