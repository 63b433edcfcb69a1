"""The debtor's door is also the one a record linked through their CIN gives (issue 12, session
14): a portfolio row keeps an old address, while the vehicle card or the title found by the
CIN writes where the debtor lives now; an owner entry under the debtor's name, a given name
theirs could be, at that door is held at a link as one at the row's door is (decision 0029's
door rule). Cases from development seeds 40961 and 12345 (10^3 live), names changed: "ZAKKI
Abdeslem" at No 111 Bd 2 Mars, the door ZAKI Abdeslam's card gives, scored 0.0006."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from skiptrace.linking.scoring import (
    DOOR_LISTING,
    HOUSEHOLD_CAP,
    household_namesakes,
    match_records,
)
from skiptrace.model import Debtor, Identifier, Match, Provenance, Record

CIN = "I884060"
DEBTOR = Debtor(debtor_id="D-1", kind="person", name="ZAKI Abdeslam", first_name="Abdeslam",
                last_name="ZAKI", city="Béni Mellal",
                addresses=("Rés. Annassim, Bloc 25, Appt. 10, n° 124 Avenue Mohammed VI",),
                identifiers=(Identifier("cin", CIN),))
NOW = "N° 111 Bd. 2 Mars, Quartier Jamal, Béni Mellal"


def _prov(source: str, record_id: str) -> Provenance:
    return Provenance(source, record_id, datetime(2026, 11, 1, tzinfo=UTC),
                      url=f"http://127.0.0.1/{record_id}")


def _card(cin: str = CIN, address: str = NOW) -> Record:
    return Record("vehicle", {"owner": {"name": "ZAKI Abdeslam", "cin": cin, "kind": "person",
                                        "address": address}}, _prov("vehicle_registry", "VR-1"))


def _title(name: str, domicile: str = "No 111, Bd 2 Mars, Q. Jamal, Béni Mellal 23000",
           cin: str | None = None, record_id: str = "LR-1") -> Record:
    owners: list[dict[str, Any]] = [
        {"name": "ZAKI Yacine", "cin": "I585437", "share": "1/2", "kind": "person",
         "domicile": "Rés. Badr, Bloc 18, App 10, n° 20 Rue Abou Bakr Seddik, Béni Mellal"},
        {"name": name, "cin": cin, "share": "1/2", "kind": "person", "domicile": domicile}]
    return Record("land_title", {"title_number": "TF 1/10", "city": "Béni Mellal",
                                 "owners": owners}, _prov("land_registry", record_id))


def _title_match(records: list[Record], debtor: Debtor = DEBTOR) -> Match:
    matches = household_namesakes(match_records(debtor, records), debtor)
    [title] = [m for m in matches if m.record.record_id == "LR-1"]
    return title


def test_an_owner_entry_at_the_door_the_cards_give_is_linked() -> None:
    title = _title_match([_card(), _title("ZAKKI Abdeslem")])
    assert title.probability == DOOR_LISTING
    why = " ".join(f.sentence for f in title.explanation)
    assert "vehicle_registry VR-1" in why


def test_without_a_record_through_the_cin_it_stays_unlinked() -> None:
    assert _title_match([_title("ZAKKI Abdeslem")]).probability < 0.5


def test_a_card_under_another_cin_gives_no_door() -> None:
    assert _title_match([_card(cin="I000001"), _title("ZAKKI Abdeslem")]).probability < 0.5


def test_another_door_than_the_cards_stays_unlinked() -> None:
    elsewhere = _title("ZAKKI Abdeslem", domicile="N° 40, Rue Oued Sebou, Béni Mellal")
    assert _title_match([_card(), elsewhere]).probability < 0.5


def test_the_family_name_alone_at_that_door_stays_unlinked() -> None:
    assert _title_match([_card(), _title("ZAKKI")]).probability < 0.5


def test_another_cin_in_the_entry_stays_unlinked() -> None:
    assert _title_match([_card(), _title("ZAKKI Abdeslem", cin="I111111")]).probability < 0.5


def test_a_same_name_person_with_another_cin_at_that_door_takes_it_back_down() -> None:
    relative = _title("ZAKI Abdeslam", cin="I222222", record_id="LR-2")
    assert _title_match([_card(), _title("ZAKKI Abdeslem"), relative]).probability == HOUSEHOLD_CAP
