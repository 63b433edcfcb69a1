"""Geocoder links scored by door: a place at the debtor's own door is the debtor's address.

Our sandbox's large worlds hold one door as several geocoder places. Each person drawn at a
door gets a place with its own postcode, residence name and coordinates. The truth then calls
a place at the debtor's own door someone else's (docs/decisions/0017). Beside the strict
figures (the package's report), this scores the geocoder per *door*: the house number, street,
quarter and city of a place, against those of the debtor's current and previous addresses
(the truth's ``parts``). A debtor counts as findable in the geocoder when any place stands at
their door.

The places come from the world's ``sources/geocoder.jsonl`` (world format, docs/sandbox.md),
read once, keeping only the places the profiles and truths name and the doors the truths
ask about, so memory follows the portfolio, not the world.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GEOCODER = "geocoder"

Door = tuple[str, str, str, str]
"""House number, street (kind and name), quarter, city: each folded."""


def fold(text: Any) -> str:
    """Lower case, no accents, single spaces: how two spellings of one door's parts compare."""
    plain = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.lower().replace("'", " ").replace("-", " ").split())


def _door(number: Any, road: str, quarter: Any, city: Any) -> Door | None:
    if number in (None, "") or not fold(road) or not fold(city):
        return None  # a street without a number (or no street) is no door
    return (fold(number), fold(road), fold(quarter), fold(city))


def door_of_place(record: dict[str, Any]) -> Door | None:
    """A geocoder place's door, from its Nominatim ``address`` block."""
    address = record.get("address") or {}
    return _door(address.get("house_number"), str(address.get("road") or ""),
                 address.get("suburb"), address.get("city"))


def door_of_parts(parts: dict[str, Any] | None) -> Door | None:
    """The door of a truth address's canonical ``parts`` (street_kind + street is the road)."""
    if not parts or not parts.get("street"):
        return None
    road = f"{parts.get('street_kind') or ''} {parts['street']}"
    return _door(parts.get("number"), road, parts.get("quartier"), parts.get("city"))


def door_class(place: Door | None, own: set[Door], place_is_truths: bool = False) -> str:
    """What a geocoder place is to the debtor, door by door (issue 12: which false doors
    remain): the truth's own place; a twin of it (another place at one of the debtor's doors);
    the same number and street in another quarter of the city; another number on the debtor's
    street; anything else; or no door at all (a place without a number)."""
    if place_is_truths:
        return "own place"
    if place is None:
        return "no door"
    if place in own:
        return "twin at the debtor's door"
    number, road, _, city = place
    if any(d[0] == number and d[1] == road and d[3] == city for d in own):
        return "same number and street, another quarter"
    if any(d[1] == road and d[3] == city for d in own):
        return "another number on the debtor's street"
    return "another door"


def truth_addresses(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """The debtor's current and previous addresses, as the truth states them."""
    return [a for a in [truth.get("address"), *(truth.get("previous_addresses") or [])] if a]


@dataclass
class DoorBook:
    """The doors of the places a run and its truth name, and which truth doors have a place."""

    doors: dict[str, Door] = field(default_factory=dict)  # place id → door
    occupied: set[Door] = field(default_factory=set)  # truth doors where some place stands
    places_read: int = 0

    def key(self, place_id: str) -> tuple[str, ...]:
        """What a geocoder link is counted as: its place's door, or the place itself when it
        has no door (a street with no number)."""
        door = self.doors.get(place_id)
        return ("door", *door) if door is not None else ("place", place_id)


def read_door_book(places: Path, place_ids: set[str], truth_doors: set[Door]) -> DoorBook:
    """Stream ``places`` (one geocoder record a line) keeping what is asked for."""
    book = DoorBook()
    with open(places, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            book.places_read += 1
            place_id = str(record.get("place_id") or record.get("record_id"))
            door = door_of_place(record)
            if door is None:
                continue
            if place_id in place_ids:
                book.doors[place_id] = door
            if door in truth_doors:
                book.occupied.add(door)
    return book


def _geocoder_ids(entries: Iterable[dict[str, Any]]) -> set[str]:
    return {str(e["record_id"]) for e in entries if str(e.get("source", GEOCODER)) == GEOCODER}


def _truth_place_ids(truth: dict[str, Any]) -> set[str]:
    entries = (truth.get("links") or {}).get(GEOCODER) or []
    return {e if isinstance(e, str) else str(e["record_id"]) for e in entries}


def _linked(profile: dict[str, Any], threshold: float | None) -> list[dict[str, Any]]:
    return [link for link in profile.get("links") or []
            if threshold is None or float(link.get("probability", 0)) >= threshold]


@dataclass
class DoorScore:
    """The geocoder's links counted per door (tp, fp, fn, retrieved as the strict tally counts
    them), and the debtors in no source at door level, with how many got any link."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    retrieved: int = 0
    unfindable: int = 0
    unfindable_linked: int = 0
    places_read: int = 0


def score_by_door(profiles: dict[str, dict[str, Any]], truths: list[dict[str, Any]],
                  places: Path, threshold: float | None = None) -> DoorScore:
    """The geocoder's links per door, and the debtors in no source (door level) with a link."""
    place_ids: set[str] = set()
    truth_doors: set[Door] = set()
    for truth in truths:
        place_ids |= _truth_place_ids(truth)
        truth_doors |= {d for a in truth_addresses(truth) if (d := door_of_parts(a.get("parts")))}
        profile = profiles.get(str(truth["debtor_id"])) or {}
        place_ids |= _geocoder_ids([*(profile.get("links") or []), *(profile.get("rejected") or [])])
    book = read_door_book(places, place_ids, truth_doors)

    score = DoorScore(places_read=book.places_read)
    for truth in truths:
        profile = profiles.get(str(truth["debtor_id"])) or {}
        true = {book.key(p) for p in _truth_place_ids(truth)}
        true |= {("door", *d) for a in truth_addresses(truth)
                 if (d := door_of_parts(a.get("parts"))) is not None and d in book.occupied}
        linked = _linked(profile, threshold)
        found = {book.key(p) for p in _geocoder_ids(linked)}
        retrieved = {book.key(p) for p in _geocoder_ids(
            [*(profile.get("links") or []), *(profile.get("rejected") or [])])}
        score.tp += len(found & true)
        score.fp += len(found - true)
        score.fn += len(true - found)
        score.retrieved += len(found & true) + len((true - found) & retrieved)
        elsewhere = {s for s, entries in (truth.get("links") or {}).items()
                     if s != GEOCODER and entries}
        if not true and not elsewhere:
            score.unfindable += 1
            score.unfindable_linked += bool(linked)
    return score
