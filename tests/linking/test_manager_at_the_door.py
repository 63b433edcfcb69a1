"""A manager the register or a notice names at the door of a debtor without a CIN (issue 12,
session 17, decision 0046): a trader's register entry "Bennani Z." (CIN AA248352) at n° 143 Bd
Abdelmoumen for BENNANI Zakaria of that door, whose portfolio row has no CIN; a notice's gérant
"M. BENNANI" domiciled there. The model weighs the initial and the door as among strangers of
the city (0.02-0.12 on development seeds 40961, 12345 and 80038: 5 of the debtors' own register
entries and 2 manager notices, none of anyone else's at those levels). Held at a link, as the
door rules hold a title's owner entry there, unless the CIN the entry prints is shown to be
someone else's: another record prints it under a given name that is not the debtor's, or two
such entries at the door print two CINs (a father and a son who both run a business from home,
DOMAIN §7.2b). Names and doors changed."""

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

DOOR = "N° 143, Bd Abdelmoumen, Riad"
AT_THE_DOOR = "N° 143 Bd Abdelmoumen, Riad"
ELSEWHERE = "n° 35 R. Al Amal, Qt Hssaine"


def _debtor(cin: str | None = None) -> Debtor:
    return Debtor(debtor_id="D-1", kind="person", name="BENNANI Zakaria", first_name="Zakaria",
                  last_name="BENNANI", city="Rabat", addresses=(DOOR,),
                  identifiers=(Identifier("cin", cin),) if cin else ())


def _trader(name: str, cin: str, address: str = AT_THE_DOOR, record_id: str = "CR-1") -> Record:
    prov = Provenance("company_register", record_id, datetime(2026, 11, 1, tzinfo=UTC),
                      url=f"http://127.0.0.1/{record_id}")
    return Record("company", {"denomination": name, "legal_form": "personne physique",
                              "address": address, "city": "Rabat", "rc_number": "410925",
                              "rc_tribunal": "Rabat", "entry_kind": "trader",
                              "managers": [{"name": name, "cin": cin, "role": "commerçant"}],
                              "partners": []}, prov)


def _notice(name: str, cin: str, address: str = f"{AT_THE_DOOR}, Rabat") -> Record:
    prov = Provenance("legal_notices", "LN-1", datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/LN-1")
    return Record("notice", {"title": "ATLAS NEGOCE SARL - Constitution", "company": "ATLAS NEGOCE",
                             "legal_form": "SARL", "city": "Rabat", "rc_number": "52311",
                             "rc_tribunal": "Rabat",
                             "people": [{"name": name, "cin": cin, "address": address,
                                         "role": "gérant"}]}, prov)


def _card(name: str, cin: str) -> Record:
    prov = Provenance("vehicle_registry", "VR-1", datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/VR-1")
    owner: dict[str, Any] = {"name": name, "cin": cin, "kind": "person", "address": ELSEWHERE,
                             "city": "Rabat"}
    return Record("vehicle", {"plate": "1234-أ-6", "owner": owner}, prov)


def _pass(debtor: Debtor, records: list[Record]) -> dict[str, Match]:
    """The debtor's whole pass: each record's best party, then the household rules."""
    matches = household_namesakes(match_records(debtor, records), debtor)
    return {m.record.record_id: m for m in matches}


def test_a_traders_entry_at_the_door_of_a_debtor_without_a_cin_is_linked() -> None:
    (match,) = match_records(_debtor(), [_trader("Bennani Z.", "AA248352")])
    assert match.probability == DOOR_LISTING
    assert match.party is not None and match.party.role == "manager"
    assert "prints a CIN" in " ".join(f.sentence for f in match.explanation)


def test_a_notices_manager_domiciled_at_the_door_is_linked() -> None:
    (match,) = match_records(_debtor(), [_notice("M. BENNANI Zakaria", "AA248352")])
    assert match.probability >= DOOR_LISTING


def test_with_a_cin_in_the_row_the_cin_decides() -> None:
    """The row's CIN against the entry's: another CIN is another person, whatever the door."""
    (match,) = match_records(_debtor("A112233"), [_trader("Bennani Z.", "AA248352")])
    assert match.probability < 0.5


def test_elsewhere_or_under_another_given_name_it_stays_below_a_link() -> None:
    (elsewhere,) = match_records(_debtor(), [_trader("Bennani Z.", "AA248352", ELSEWHERE)])
    (other,) = match_records(_debtor(), [_trader("Bennani Y.", "AA248352")])
    assert elsewhere.probability < 0.5
    assert other.probability < 0.5


def test_the_cin_printed_under_another_given_name_elsewhere_is_someone_elses() -> None:
    """A vehicle card prints AA248352 for BENNANI Zouhair: "Bennani Z." is Zouhair, a
    household member with the same initial, not the debtor."""
    found = _pass(_debtor(), [_trader("Bennani Z.", "AA248352"), _card("BENNANI Zouhair", "AA248352")])
    assert found["CR-1"].probability <= HOUSEHOLD_CAP
    assert "AA248352" not in " ".join(f.sentence for f in found["CR-1"].explanation)  # masked


def test_two_cins_at_the_door_under_names_theirs_could_be_lift_neither() -> None:
    """Two traders' entries at the door, "Bennani Z." and "BENNANI Zakaria", two CINs: two people
    of the household, nothing says which is the debtor."""
    found = _pass(_debtor(), [_trader("Bennani Z.", "AA248352"),
                              _trader("BENNANI Zakaria", "AA777001", record_id="CR-2")])
    assert found["CR-1"].probability <= HOUSEHOLD_CAP


def test_the_same_cin_in_two_entries_at_the_door_is_one_person() -> None:
    found = _pass(_debtor(), [_trader("Bennani Z.", "AA248352"),
                              _notice("M. BENNANI Zakaria", "AA248352")])
    assert found["CR-1"].probability == DOOR_LISTING
    assert found["LN-1"].probability >= DOOR_LISTING
