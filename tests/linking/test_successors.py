"""Possible successors of a closed company debtor (skiptrace/linking/successors.py): the same
manager or the same phone in a company created later; a shared seat alone (domiciliation) or a
namesake manager with another CIN is never enough; never merged with the debtor."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.parties import record_parties
from skiptrace.linking.pivots import successor_keys, successor_queries
from skiptrace.linking.successors import find_successors, kept_apart
from skiptrace.model import Debtor, Identifier, Match, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
SEAT = "Rés. Nour, Imm. 10, Appt 6, N° 186 Bd Moulay Youssef"
DEBTOR = Debtor("D-9", "company", "ATLAS BTP SARL", city="Casablanca",
                identifiers=(Identifier("ice", "000123456000093"),), addresses=(SEAT,))


def company(rid: str, name: str, *, rc: str, status: str = "active", created: str = "2022-03-01",
            cin: str = "BK123456", manager: str = "EL ALAOUI Mohamed", phones: tuple[str, ...] = (),
            address: str = "N° 5 Rue 7, Maarif", ice: str | None = None) -> Record:
    fields = {"denomination": name, "legal_form": "SARL", "rc_number": rc, "rc_tribunal": "Casablanca",
              "ice": ice, "status": status, "created": created, "city": "Casablanca",
              "address": address, "phones": list(phones),
              "managers": [{"name": manager, "cin": cin, "role": "gérant"}],
              "partners": [{"name": manager, "cin": cin, "kind": "person", "shares": 100}]}
    return Record("company", fields, Provenance("company_register", rid, NOW, url=f"http://127.0.0.1/{rid}"))


OWN = company("CR-1", "ATLAS BTP", rc="40001", status="radiée", created="2012-01-01",
              phones=("0522-11-22-33",), address=SEAT, ice="000123456000093")


def own_match(record: Record = OWN) -> Match:
    subject = record_parties(record)[0]
    return Match("D-9", record, subject, 0.99)


def test_a_later_company_with_the_same_manager_is_a_possible_successor() -> None:
    heir = company("CR-2", "NOUR TRAVAUX", rc="50002")
    [found] = find_successors(DEBTOR, [OWN, heir], [own_match()])
    assert (found["record_id"], found["relation"]) == ("CR-2", "possible_successor")
    assert [e["kind"] for e in found["evidence"]] == ["manager"]
    assert found["confidence"] == 0.8 and "BK123456" not in str(found)  # CIN masked


def test_the_same_phone_and_seat_add_up_but_a_seat_alone_never_reports() -> None:
    by_phone = company("CR-3", "AL AMAL", rc="50003", cin="BE000001", manager="X Y",
                       phones=("+212522112233",), address=SEAT)
    domiciled = company("CR-4", "SARA CONSEIL", rc="50004", cin="BE000002", manager="Z W",
                        address=SEAT)
    found = find_successors(DEBTOR, [OWN, by_phone, domiciled], [own_match()])
    assert [f["record_id"] for f in found] == ["CR-3"]
    assert {e["kind"] for e in found[0]["evidence"]} == {"phone", "address"}


def test_a_namesake_manager_an_older_company_or_an_active_debtor_give_nothing() -> None:
    namesake = company("CR-5", "RIF AUTO", rc="50005", cin="BE999999")  # same name, other CIN
    older = company("CR-6", "OLD CO", rc="50006", created="2005-01-01")
    assert find_successors(DEBTOR, [OWN, namesake, older], [own_match()]) == []
    active = company("CR-1", "ATLAS BTP", rc="40001", created="2012-01-01")
    heir = company("CR-2", "NOUR TRAVAUX", rc="50002")
    assert find_successors(DEBTOR, [active, heir], [own_match(active)]) == []
    person = Debtor("D-1", "person", "EL ALAOUI Mohamed")
    assert find_successors(person, [OWN, heir], [own_match()]) == []


def test_a_successor_is_kept_apart_from_the_debtor() -> None:
    heir = company("CR-2", "NOUR TRAVAUX", rc="50002")
    found = find_successors(DEBTOR, [OWN, heir], [own_match()])
    merged = Match("D-9", heir, record_parties(heir)[0], 0.97)
    [kept] = kept_apart([merged], found)
    assert kept.probability < 0.5


def test_the_search_goes_from_the_managers_cin_to_the_companies_they_set_up() -> None:
    query = DebtorQuery("D-9", "company", ("ATLAS BTP SARL",))
    [manager] = successor_keys(DEBTOR, [own_match()], [OWN], set())
    assert (manager.about, manager.key, manager.value) == ("successor", "cin", "BK123456")
    [by_cin] = successor_queries(query, [manager], 1)
    assert (by_cin.kind, by_cin.cin, by_cin.sources, by_cin.names) == (
        "person", "BK123456", ("legal_notices",), ())
    notice = Record("notice", {"company": "NOUR TRAVAUX", "rc_number": "50002",
                               "rc_tribunal": "Casablanca", "notice_kind": "constitution",
                               "people": [{"name": "M. EL ALAOUI", "cin": "BK123456", "role": "gérant"}]},
                    Provenance("legal_notices", "LN-2", NOW, url="http://127.0.0.1/LN-2"))
    keys = successor_keys(DEBTOR, [own_match()], [OWN, notice], {manager.asked})
    assert [(k.about, k.value, k.tribunal) for k in keys] == [("successor_company", "50002", "Casablanca")]
    [lookup] = successor_queries(query, keys, 2)
    assert (lookup.kind, lookup.rc, lookup.sources) == ("company", "50002", ("company_register",))
    assert successor_keys(DEBTOR, [own_match()], [OWN, notice], {manager.asked, keys[0].asked}) == []


def test_a_listing_at_the_closed_debtors_number_under_another_name_is_looked_up_and_kept_apart() -> None:
    listing = Record("phone", {"name": "AEHFR", "listing_kind": "business", "city": "Casablanca",
                               "phones": ["+212522112233"]},
                     Provenance("phone_directory", "PD-5", NOW, url="http://127.0.0.1/PD-5"))
    keys = successor_keys(DEBTOR, [own_match()], [OWN, listing], set())
    named = [k for k in keys if k.about == "successor_listing"]
    assert [(k.key, k.value) for k in named] == [("name", "AEHFR")]
    query = DebtorQuery("D-9", "company", ("ATLAS BTP SARL",))
    [lookup] = successor_queries(query, named, 1)
    assert (lookup.names, lookup.sources) == (("AEHFR",), ("company_register",))
    heir = company("CR-7", "AIT EL HAJ FRERES", rc="50007", cin="BE000003", manager="Q R",
                   phones=("0522112233",))
    heir.fields["sigle"] = "AEHFR"
    found = find_successors(DEBTOR, [OWN, heir, listing], [own_match()])
    assert [f["record_id"] for f in found] == ["CR-7"] and found[0]["also_known_as"] == ["AEHFR"]
    brand = Match("D-9", listing, record_parties(listing)[0], 0.6)
    [kept] = kept_apart([brand], found)
    assert kept.probability < 0.5  # the successor's listing, not the debtor's brand
