"""A family name alone at the debtor's own door (issue 12, session 13): a directory listing
written "ZAKI" (the household's line), or a title's owner entry "Fatima ZEMMOURI" for a portfolio
row that gives the family name only. The model weighs "only the surnames agree" as it would
among strangers of the city (0.0001-0.0007 at the door), while at that door the entry is the
debtor's or a household member's of that name: what the door rules already say of an initial.
Cases taken from development seeds 40961 and 12345 (10^3 live), names and doors changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from skiptrace.linking.scoring import HOUSEHOLD_CAP, household_namesakes, match_records
from skiptrace.model import Debtor, Identifier, Provenance, Record

DOOR = "Rés. Nour, Immeuble 10, App 6, N° 186 Boul. Moulay Youssef"
DEBTOR = Debtor(debtor_id="D-1", kind="person", name="ZAKI Moustapha", first_name="Moustapha",
                last_name="ZAKI", city="Marrakech", addresses=(DOOR,),
                identifiers=(Identifier("cin", "EE795206"),))
NO_GIVEN_NAME = Debtor(debtor_id="D-2", kind="person", name="ZAKI", last_name="ZAKI",
                       city="Marrakech", addresses=(DOOR,))
AT_THE_DOOR = "Res Nour, Imm. 10, Appt 6, No 186 Bd Moulay Youssef"
ELSEWHERE = "Nr 24, Rue Ibn Khaldoun, Hay Mhamid"


def _listing(name: str, address: str, phones: tuple[str, ...] = ("0668415075",)) -> Record:
    prov = Provenance("phone_directory", "PD-1", datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/p")
    return Record("phone", {"name": name, "listing_kind": "person", "address": address,
                            "city": "Marrakech", "phones": list(phones)}, prov)


def _title(name: str, domicile: str, cin: str | None = None) -> Record:
    prov = Provenance("land_registry", "LR-1", datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/t")
    owners: list[dict[str, Any]] = [
        {"name": "Othmane Bin Jelloun", "cin": "E215885", "share": "1/2", "kind": "person",
         "domicile": ELSEWHERE},
        {"name": name, "cin": cin, "share": "1/2", "kind": "person", "domicile": domicile}]
    return Record("land_title", {"title_number": "TF 1/M", "city": "Marrakech", "owners": owners},
                  prov)


def _one(debtor: Debtor, record: Record) -> tuple[float, str]:
    (match,) = match_records(debtor, [record])
    return match.probability, " ".join(f.sentence for f in match.explanation)


def test_a_listing_under_the_family_name_alone_at_the_door_is_linked() -> None:
    probability, why = _one(DEBTOR, _listing("ZAKI", AT_THE_DOOR))
    assert probability >= 0.5
    assert "own door" in why


def test_an_owner_entry_at_the_door_of_a_row_without_given_name_is_linked() -> None:
    probability, why = _one(NO_GIVEN_NAME, _title("Fatima Zaki", AT_THE_DOOR))
    assert probability >= 0.5
    assert "own door" in why


def test_the_family_name_alone_at_another_door_of_the_city_stays_unlinked() -> None:
    assert _one(DEBTOR, _listing("ZAKI", ELSEWHERE))[0] < 0.5


def test_the_family_name_alone_at_the_door_on_another_number_stays_unlinked() -> None:
    """The debtor's own number known, the listing's another: a relative's line at that door."""
    known = Debtor(debtor_id="D-3", kind="person", name="ZAKI Moustapha", first_name="Moustapha",
                   last_name="ZAKI", city="Marrakech", addresses=(DOOR,), phones=("0661000001",))
    assert _one(known, _listing("ZAKI", AT_THE_DOOR, ("0668415075",)))[0] < 0.5


def test_an_owner_entry_at_the_door_with_another_cin_stays_unlinked() -> None:
    debtor = Debtor(debtor_id="D-4", kind="person", name="ZAKI", last_name="ZAKI",
                    city="Marrakech", addresses=(DOOR,), identifiers=(Identifier("cin", "EE795206"),))
    assert _one(debtor, _title("Fatima Zaki", AT_THE_DOOR, cin="EE111111"))[0] < 0.5


def test_another_family_name_at_the_door_stays_unlinked() -> None:
    assert _one(DEBTOR, _listing("TAZI", AT_THE_DOOR))[0] < 0.5


def test_a_same_name_person_with_another_cin_at_the_door_holds_the_family_line_back() -> None:
    """Another record shows a ZAKI Moustapha at that door who is not the debtor (another CIN):
    the family's line is the household's as likely as the debtor's (decision 0029)."""
    relative = _title("ZAKI Moustapha", AT_THE_DOOR, cin="EE111111")
    matches = household_namesakes(match_records(DEBTOR, [_listing("ZAKI", AT_THE_DOOR), relative]),
                                  DEBTOR)
    line = next(m for m in matches if m.record.source == "phone_directory")
    assert line.probability == HOUSEHOLD_CAP


ON_THE_NUMBER = Debtor(debtor_id="D-5", kind="person", name="DAWDI Rachid", first_name="Rachid",
                       last_name="DAWDI", city="Rabat", phones=("00212668303373",),
                       addresses=("Res Les Orangers, Immeuble 1, Appt. 33, N°177, Boul. Moulay Youssef",))


def _listed(name: str, phone: str) -> Record:
    prov = Provenance("phone_directory", "PD-2", datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/p2")
    return Record("phone", {"name": name, "listing_kind": "person", "city": "Casablanca",
                            "address": "18, Avenue Al Massira, Qt Californie",
                            "phones": [phone]}, prov)


def test_the_family_name_alone_on_the_debtors_own_number_is_linked() -> None:
    """'DAOUDI' listed in another city on the debtor's own mobile: the reverse search found the
    debtor's line under the family's name (0.09 before: the model's prior against a listing in
    another city outweighed the number)."""
    probability, why = _one(ON_THE_NUMBER, _listed("DAOUDI", "06 68 30 33 73"))
    assert probability >= 0.5
    assert "number" in why


def test_another_given_name_on_the_debtors_number_stays_the_households() -> None:
    assert _one(ON_THE_NUMBER, _listed("DAOUDI Karima", "06 68 30 33 73"))[0] < 0.5


def test_the_family_name_alone_on_another_number_stays_unlinked() -> None:
    assert _one(ON_THE_NUMBER, _listed("DAOUDI", "06 61 00 00 09"))[0] < 0.5


def test_the_note_says_the_family_name_alone_not_a_given_name_written_otherwise() -> None:
    """The listing writes no given name: the investigator reads why it was held at a link in
    those words, not the initial rule's "the given name written otherwise … same initial"."""
    why = _one(DEBTOR, _listing("ZAKI", AT_THE_DOOR))[1]
    assert "family name alone" in why
    assert "same initial" not in why and "written otherwise" not in why
