"""A record that gives the debtor's own address written otherwise does not ask the geocoder again
(issue 17): the places found for the debtor's own query stand for it, each as the record wrote
the address (its ``query``), weighed by the match that gave it as a located answer is. On
development seed 40961 (1,000 debtors), 407 of the addresses records gave were the portfolio's
own once their writing was set aside ("n° 28, rue Allal Ben Abdellah, Hay Maârif, Casablanca"
and "Nr 28, R. Allal Ben Abdellah, Hay Maârif, Casablanca")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from skiptrace.connectors.base import ConnectorResult
from skiptrace.connectors.geocoder import record_addresses
from skiptrace.linking.locate import locate_matches
from skiptrace.linking.scoring import geocode_match
from skiptrace.model import Debtor, Match, Party, Provenance, Record

OWN = "n° 28, rue Allal Ben Abdellah, Hay Maârif, Casablanca"
OTHERWISE = "Nr 28, R. Allal Ben Abdellah, Hay Maârif"
ELSEWHERE = "N° 7 Rue Oued Sebou, Casablanca"
DEBTOR = Debtor(debtor_id="D-1", kind="person", name="EL ALAOUI Mohamed", city="Casablanca",
                addresses=("n° 28, rue Allal Ben Abdellah, Hay Maârif",))


def _prov(source: str, record_id: str) -> Provenance:
    return Provenance(source, record_id, datetime(2026, 11, 1, tzinfo=UTC),
                      url=f"http://127.0.0.1/{record_id}")


def _place(query: str, record_id: str = "901") -> Record:
    fields = {"query": query, "display_name": "28, Rue Allal Ben Abdellah, Maarif, Casablanca",
              "house_number": "28", "road": "Rue Allal Ben Abdellah", "suburb": "Maarif",
              "city": "Casablanca", "postcode": None, "lat": 33.58, "lon": -7.63}
    return Record("address", fields, _prov("geocoder", record_id))


def _listing(address: str, probability: float = 0.95) -> Match:
    record = Record("phone", {"name": "EL ALAOUI Mohamed", "address": address,
                              "city": "Casablanca"}, _prov("phone_directory", "PD-1"))
    party = Party("listing", "person", "EL ALAOUI Mohamed", address=address, city="Casablanca")
    return Match("D-1", record, party, probability)


class Geocoder:
    """Answers every address with one place and keeps what it was asked."""

    def __init__(self) -> None:
        self.asked: list[list[Record]] = []

    def locate(self, records: list[Record]) -> ConnectorResult:
        self.asked.append(records)
        texts = record_addresses(records)
        return ConnectorResult("geocoder", "ok", [_place(t, "902") for t in texts], requests=len(texts))


def _locate(matches: list[Match], geocoder: Any) -> dict[str, Match]:
    located, _ = locate_matches(DEBTOR, matches, geocoder)
    return {str(m.record.fields["query"]): m for m in located}


def test_the_own_address_written_otherwise_is_not_asked_again() -> None:
    geocoder = Geocoder()
    own = geocode_match(DEBTOR, _place(OWN))
    located = _locate([own, _listing(OTHERWISE)], geocoder)
    assert geocoder.asked == []
    found = located[f"{OTHERWISE}, Casablanca"]
    assert found.record.record_id == "901"  # the place the debtor's own query found
    assert found.probability == round(geocode_match(DEBTOR, found.record).probability * 0.95, 6)


def test_another_address_is_asked_and_the_own_one_still_not() -> None:
    geocoder = Geocoder()
    own = geocode_match(DEBTOR, _place(OWN))
    located = _locate([own, _listing(OTHERWISE), _listing(ELSEWHERE, 0.9)], geocoder)
    assert [[r.fields["address"] for r in asked] for asked in geocoder.asked] == [[ELSEWHERE]]
    assert set(located) == {f"{OTHERWISE}, Casablanca", ELSEWHERE}


def test_an_own_address_the_geocoder_found_nothing_for_is_asked_as_the_record_writes_it() -> None:
    geocoder = Geocoder()
    located = _locate([_listing(OTHERWISE)], geocoder)
    assert [[r.fields["address"] for r in asked] for asked in geocoder.asked] == [[OTHERWISE]]
    assert located[f"{OTHERWISE}, Casablanca"].record.record_id == "902"
