"""Geocode what matched records say about where the debtor is.

The portfolio's address is often stale: a moved debtor's current address comes from a phone
listing, a company's seat or a vehicle's registration. The addresses of records that matched
the debtor confidently are geocoded, and each answer weighs as much as its fit to the address
asked times the match probability of the record that gave the address. Land titles are left
out: an asset's location is not where its owner lives.

Only the debtor's own address in a record is geocoded: the address the record gives for the
party that matched the debtor (issue 12 step 5). A notice naming the debtor as a partner also
names its manager "demeurant à …", a buyer's domicile, the company's seat: those are other
parties' places and are never asked for, nor linked to the debtor. A person debtor is never
located at the seat of a company a notice is about.

An address a record gives that is one of the debtor's own addresses written otherwise (every
part alike, ``connectors.geocoder.address_key``) is not asked again: the places the geocoder
found for the debtor's own query stand for it (issue 17: 0.4 of the 3.7 geocoder requests a
debtor made were these).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from matching.addresses import AddressParts, parse_address, same_name
from skiptrace.connectors.geocoder import address_key, as_written, record_addresses
from skiptrace.linking.scoring import (
    CORROBORATING_MATCH,
    SECOND_PLACE_FACTOR,
    STREET_ONLY_FACTOR,
    best_per_record,
    geocode_match,
    noted,
)
from skiptrace.model import Debtor, Match, Record, SourceStatus

# A record gives the locator an address only from a match this sure: a link at 0.5-0.7 is more
# often a namesake's (its address then a false geocoder link) than the debtor's own. Measured on
# the development seed 12345 (1000 debtors): 0.5 -> 0.7 took the geocoder's false links from 31
# to 16 for 3 true ones (0.9: 15 for 7); best-address accuracy unchanged (0.883).
LOCATE_THRESHOLD = 0.7
LOCATED_KINDS = frozenset({"company", "phone", "notice", "vehicle", "person"})
_DOMICILE = re.compile(r"(?i)^\s*(demeurant|domicili[ée]e?|résidant|residant|sis)\s+(à|a|au)?\s*")


def own_places(match: Match) -> list[tuple[str, str | None]]:
    """The (address, city) the record gives for the matched party itself — the debtor — and
    nothing it gives for anyone else (another person's domicile, a company's seat when the
    debtor is its manager or partner). Empty when the record says nothing of the party's own."""
    party = match.party
    if party is None or not party.address or not party.address.strip():
        return []
    address = _DOMICILE.sub("", party.address).strip(" ,")
    city = party.city or match.record.fields.get("city")
    return [(address, city if isinstance(city, str) else None)] if address else []


def _is_debtor_own(debtor: Debtor, match: Match) -> bool:
    """A person debtor is not the company a notice is about (its seat is not their home)."""
    party = match.party
    return party is not None and not (
        match.record.kind == "notice" and party.kind == "company" and debtor.kind == "person")


def locate_matches(
    debtor: Debtor, matches: list[Match], geocoder: Any
) -> tuple[list[Match], SourceStatus | None]:
    """Geocoder matches for the debtor's own addresses that confident matches give, and the
    geocoder's status (None when no match gives one, or the debtor's own query answered all)."""
    places, parent = _own_places(debtor, matches)
    if not places:
        return [], None
    answered = own_answers(matches)
    known = [as_written(r, text) for text in parent for r in answered.get(address_key(text), ())]
    asked = [p for p in places
             if not any(address_key(t) in answered for t in record_addresses([p]))]
    result = geocoder.locate(asked) if asked else None
    order = {text: i for i, text in enumerate(parent)}  # as the records gave them
    found = sorted([*known, *(result.records if result is not None else ())],
                   key=lambda r: order.get(str(r.fields.get("query")), len(order)))
    located = []
    for record in found:
        fit = geocode_match(debtor, record)
        weight = parent.get(str(record.fields.get("query")), 0.0)
        located.append(replace(fit, probability=round(fit.probability * weight, 6)))
    return located, result.to_status() if result is not None else None


def _own_places(debtor: Debtor, matches: list[Match]) -> tuple[list[Record], dict[str, float]]:
    """The debtor's own addresses that confident matches give, as records to geocode, and
    each address text with the probability of the surest match that gave it."""
    parent: dict[str, float] = {}
    places: list[Record] = []
    for match in matches:
        if match.record.kind not in LOCATED_KINDS or match.probability < LOCATE_THRESHOLD:
            continue
        if not _is_debtor_own(debtor, match):
            continue
        for address, city in own_places(match):
            place = Record("person", {"address": address, "city": city}, match.record.provenance)
            places.append(place)
            for text in record_addresses([place]):
                parent[text] = max(parent.get(text, 0.0), match.probability)
    return places, parent


def own_answers(matches: list[Match]) -> dict[AddressParts | str, list[Record]]:
    """The places the geocoder found for the debtor's own addresses (their query's answers,
    matched before any record was located), by ``address_key`` of the address asked; an
    address it found nothing for is not among them (asked again as a record writes it)."""
    found: dict[AddressParts | str, list[Record]] = {}
    for m in matches:
        record = m.record
        if record.kind == "address" and m.party is None and record.fields.get("query"):
            found.setdefault(address_key(str(record.fields["query"])), []).append(record)
    return found


def unconfirmed_doors(matches: list[Match]) -> list[Match]:
    """Geocoder answers that cannot confirm a door, held at the street-only factor: one address
    asked, two different doors answered (a number on a street name that two quarters of the city
    share: "Rue 7" is in every hay): the geocoder picked among them, it confirmed neither."""
    by_query: dict[str, list[Match]] = {}
    for m in matches:
        if m.record.kind == "address" and m.party is None:
            by_query.setdefault(str(m.record.fields.get("query") or ""), []).append(m)
    doubtful: dict[int, str] = {}
    for found in by_query.values():
        suburbs = {str(m.record.fields.get("suburb") or "").casefold() for m in found
                   if m.probability >= LOCATE_THRESHOLD}
        if len(suburbs) > 1:
            for m in found:
                doubtful[id(m)] = "the geocoder found this number on that street in more than one quarter"
    return _held(matches, doubtful, STREET_ONLY_FACTOR)


def _answers(matches: list[Match]) -> list[Match]:
    return [m for m in matches if m.record.kind == "address" and m.party is None]


def _answer_parts(match: Match) -> AddressParts:
    """The answer's own parts (quarter, residence, postcode), read from its display name."""
    fields = match.record.fields
    return parse_address(str(fields.get("display_name") or ""))


def unnamed_quarters(matches: list[Match]) -> list[Match]:
    """Geocoder answers that put an address asked without its quarter in a quarter nothing else
    about the debtor names, for a debtor no other source found: held at the street-only factor.

    A street name runs through several quarters ("Avenue Al Wahda" in Hay Al Amal and in Sidi
    Maârouf); asked "N°87 Av Al Wahda, Casablanca", the geocoder answers the one number 87 it
    knows, and when the debtor's own door is not in it, that is another door. Nothing tells the
    two apart but the debtor's other data: a record of another source linked to the debtor
    (a debtor with another link is no debtor in no source whom this answer alone would link;
    then the address is likely current and its door published: 130 of 132 such answers were
    the debtor's own on seed 40961 at 10^4), another address of the debtor naming that quarter,
    or the residence (or postcode) the address names, which the answer repeats at that number:
    a building, whatever quarter was left out. With none of these, the debtor is more often in
    no source at all (3 of 8 such answers there)."""
    found_elsewhere = any(m.probability >= CORROBORATING_MATCH for m in matches
                          if m.record.kind != "address" and m.party is not None)
    if found_elsewhere:
        return matches
    answers = _answers(matches)
    named = [parts.quarter for parts in (parse_address(str(m.record.fields.get("query") or ""))
                                         for m in answers) if parts.quarter]
    doubtful: dict[int, str] = {}
    for m in answers:
        asked = parse_address(str(m.record.fields.get("query") or ""))
        place = _answer_parts(m)
        if (m.probability < LOCATE_THRESHOLD or asked.quarter or not asked.number
                or not place.quarter or any(same_name(place.quarter, q) for q in named)
                or _fit(place, [asked]) > 0):
            continue
        doubtful[id(m)] = (f"the address asked names no quarter and the geocoder put it in "
                           f"{m.record.fields.get('suburb')}, which nothing else about the "
                           "debtor names: the door is the geocoder's guess")
    return _held(matches, doubtful, STREET_ONLY_FACTOR)


def second_places(matches: list[Match]) -> list[Match]:
    """Places at one door (number, street, quarter, city) beside a place there that fits the
    debtor's addresses better (their residence, their postcode): held below a link, so the door
    is not counted twice. Twins that nothing the debtor gives tells apart all stay: the
    geocoder's importance ranks prominence, not whose place it is (the sandbox draws it at
    random, and it put the true twin first in 12 of 20 on seed 40961 at 10^4)."""
    answers = [m for m in _answers(matches) if m.probability >= LOCATE_THRESHOLD]
    asked = [parse_address(q) for q in {str(m.record.fields.get("query") or "") for m in answers}]
    by_door: dict[tuple[str, ...], list[Match]] = {}
    for m in answers:
        fields = m.record.fields
        door = tuple(" ".join(str(fields.get(k) or "").casefold().split())
                     for k in ("house_number", "road", "suburb", "city"))
        if door[0] and door[1]:
            by_door.setdefault(door, []).append(m)
    doubtful: dict[int, str] = {}
    for found in by_door.values():
        places = {m.record.key: m for m in found}
        if len(places) < 2:
            continue
        fit = {key: _fit(_answer_parts(m), asked) for key, m in places.items()}
        best = max(fit.values())
        for m in found:
            if fit[m.record.key] < best:
                doubtful[id(m)] = ("another place at this door fits the debtor's addresses "
                                   "better (residence, postcode): this one is not a second door")
    return _held(matches, doubtful, SECOND_PLACE_FACTOR)


def _fit(place: AddressParts, asked: list[AddressParts]) -> int:
    """How many times the debtor's addresses at this number name the place's residence or
    postcode, less how many times they name another."""
    score = 0
    for parts in asked:
        if parts.number != place.number:
            continue
        for mine, theirs in ((parts.residence, place.residence), (parts.postcode, place.postcode)):
            if mine and theirs:
                score += 1 if same_name(mine, theirs) or mine == theirs else -1
    return score


def _held(matches: list[Match], doubtful: dict[int, str], factor: float) -> list[Match]:
    if not doubtful:
        return matches
    return [replace(m, probability=round(m.probability * factor, 6),
                    explanation=noted(m.explanation, doubtful[id(m)]))
            if id(m) in doubtful else m for m in matches]


def settle_doors(matches: list[Match]) -> list[Match]:
    """One match per record, once every geocoder answer has been judged with the others its
    own question got (``unconfirmed_doors``): judged after, a door another question confirmed
    stands in for its unquartered twin, and the other door of that bare question keeps its
    full weight (seed 13579 at 10^4, issue 17). Then the quarters only the geocoder names
    (``unnamed_quarters``) and the second places at a door (``second_places``)."""
    return best_per_record(second_places(unnamed_quarters(unconfirmed_doors(matches))))


def merge_status(first: SourceStatus, second: SourceStatus) -> SourceStatus:
    """One source asked twice for a debtor: one status, the worse state, counts added."""
    order = ("ok", "skipped", "too_broad", "partial", "failed")
    worse = max(first, second, key=lambda s: order.index(s.status))
    return SourceStatus(
        first.source, worse.status, reason=worse.reason if worse.status != "ok" else None,
        records=first.records + second.records, requests=first.requests + second.requests,
        seconds=round(first.seconds + second.seconds, 3), cached=first.cached + second.cached,
    )
