"""Records about the debtor's companies (skiptrace/linking/company_records.py): joined on the
RC number and court a confident match gave (or, printing no RC, on the company's name in its city),
no surer than that match."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.company_records import NAME_JOIN, RC_JOIN, ROLE, company_record_matches
from skiptrace.linking.pivots import PivotKey
from skiptrace.model import Match, Party, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
KEY = PivotKey("rc", "811886", "company_register", "CR-1", 0.98, "Meknès", about="company",
               company="GOLDEN BTP", role="partner")


def notice(rid: str, rc: str, court: str) -> Record:
    return Record("notice", {"company": "GOLDEN BTP", "rc_number": rc, "rc_tribunal": court,
                             "text": "transfert du siège"},
                  Provenance("legal_notices", rid, NOW, url=f"http://127.0.0.1/{rid}"))


def test_a_notice_of_the_debtors_company_is_linked_through_its_rc_and_court() -> None:
    (match,) = company_record_matches("D-1", [KEY], [notice("LN-1", "811886", "Meknès")], [])
    assert match.party is not None and match.party.role == ROLE
    assert match.probability == RC_JOIN * KEY.probability < KEY.probability
    assert "CR-1" in match.explanation[0].sentence and "partner" in match.explanation[0].sentence


def test_another_court_another_number_or_a_weak_key_links_nothing() -> None:
    records = [notice("LN-2", "811886", "Fès"), notice("LN-3", "811887", "Meknès")]
    assert company_record_matches("D-1", [KEY], records, []) == []
    verify = PivotKey("rc", "811886", "legal_notices", "LN-9", 0.0003, "Meknès", about="verify")
    assert company_record_matches("D-1", [verify], [notice("LN-1", "811886", "Meknès")], []) == []


def test_a_record_the_debtor_is_linked_to_in_their_own_role_keeps_that_link() -> None:
    own = notice("LN-1", "811886", "Meknès")
    linked = Match("D-1", own, Party("manager", "person", "EL ALAOUI Abdelhamid"), 0.97)
    assert company_record_matches("D-1", [KEY], [own], [linked]) == []
    weak = Match("D-1", own, Party("partner", "person", "EL ALAOUI A."), 0.0003)
    assert len(company_record_matches("D-1", [KEY], [own], [weak])) == 1


def seat_notice(rid: str, company: str, city: str, rc: str | None = None) -> Record:
    fields = {"company": company, "legal_form": "SARL AU", "city": city,
              "people": [{"name": "EL ALAOUI Bouchra", "role": "gérant"}]}
    if rc:
        fields |= {"rc_number": rc, "rc_tribunal": city}
    return Record("notice", fields, Provenance("legal_notices", rid, NOW, url=f"http://127.0.0.1/{rid}"))


def test_a_notice_printing_no_rc_is_joined_on_the_denomination_in_the_same_city() -> None:
    # a transfer of seat written "Dépôt légal : tribunal de commerce de Meknès", no RC: the
    # register grants a denomination once (decision 0008), the city keeps a namesake out
    (match,) = company_record_matches("D-1", [KEY], [seat_notice("LN-4", "GOLDEN BTP", "Meknès")], [])
    assert match.party is not None and match.party.role == ROLE and match.party.rc is None
    assert match.probability == NAME_JOIN * KEY.probability < RC_JOIN * KEY.probability
    assert "prints no RC" in match.explanation[0].sentence
    others = [seat_notice("LN-5", "GOLDEN BTP", "Fès"),  # a namesake elsewhere
              seat_notice("LN-6", "GOLDEN TRAVAUX", "Meknès"),  # another company
              seat_notice("LN-7", "GOLDEN BTP", "Meknès", rc="999999")]  # another RC: never by name
    assert company_record_matches("D-1", [KEY], others, []) == []


def test_the_register_entrys_old_name_and_seat_join_too() -> None:
    entry = Record("company", {"denomination": "GOLDEN BTP", "old_names": ["ATLAS NEGOCE"],
                               "city": "Ifrane", "rc_number": "811886", "rc_tribunal": "Meknès"},
                   Provenance("company_register", "CR-1", NOW, url="http://127.0.0.1/CR-1"))
    old = seat_notice("LN-8", "ATLAS NEGOCE SARL", "Ifrane")
    matches = company_record_matches("D-1", [KEY], [entry, old], [])
    assert [m.record.record_id for m in matches] == ["CR-1", "LN-8"]


def test_the_seat_a_transfer_moved_the_company_to_joins_through_its_register_entry() -> None:
    # the key came from a notice (court Meknès); the register entry fetched by its RC gives
    # the seat where a transfer moved it, which the transfer notice names and prints no RC
    from_notice = PivotKey("rc", "811886", "legal_notices", "LN-0", 0.97, "Meknès",
                           about="company", company="GOLDEN BTP", role="manager")
    entry = Record("company", {"denomination": "GOLDEN BTP", "city": "Ifrane",
                               "rc_number": "811886", "rc_tribunal": "Meknès"},
                   Provenance("company_register", "CR-2", NOW, url="http://127.0.0.1/CR-2"))
    moved = seat_notice("LN-9", "GOLDEN BTP", "Ifrane")
    assert [m.record.record_id for m in company_record_matches(
        "D-1", [from_notice], [entry, moved], [])] == ["CR-2", "LN-9"]
    assert [m.record.record_id for m in company_record_matches("D-1", [from_notice], [moved], [])] == []


def entry_match(probability: float, role: str = "partner") -> Match:
    entry = Record("company", {"denomination": "GOLDEN BTP", "city": "Meknès",
                               "rc_number": "811886", "rc_tribunal": "Meknès",
                               "partners": [{"name": "EL ALAOUI A.", "cin": "D123456"}]},
                   Provenance("company_register", "CR-1", NOW, url="http://127.0.0.1/CR-1"))
    return Match("D-1", entry, Party(role, "person", "EL ALAOUI A.", cin="D123456"), probability)


def test_a_register_entry_the_last_check_confirmed_joins_its_companys_notices() -> None:
    # a weak partner notice sent its company to the register in the last round: no round is
    # left to turn the entry's company into a key, but the entry itself, linked as naming the
    # debtor a partner, is what a company key would have come from
    verify = PivotKey("rc", "811886", "legal_notices", "LN-9", 0.0003, "Meknès", about="verify",
                      company="GOLDEN BTP", role="partner")
    confirmed = entry_match(0.995)
    seat = notice("LN-1", "811886", "Meknès")
    (match,) = company_record_matches("D-1", [verify], [confirmed.record, seat], [confirmed])
    assert match.record.record_id == "LN-1" and match.party is not None
    assert match.party.role == ROLE and match.probability == RC_JOIN * confirmed.probability
    assert "CR-1" in match.explanation[0].sentence
    # the same entry scored below the pivot threshold, or naming the debtor otherwise, joins nothing
    for unsure in (entry_match(0.6), entry_match(0.995, role="named")):
        assert company_record_matches("D-1", [], [unsure.record, seat], [unsure]) == []


def test_an_entry_naming_the_debtor_with_a_cin_one_character_off_joins_its_notices() -> None:
    # development seed 12345 at 10^3: two portfolios whose CIN is one character off the one the
    # register entry lists (J586974 / J886974) — the entry a check reached linked at 0.88, under
    # the pivot threshold, so the company's change-of-name notice was never joined
    from skiptrace.linking.pivots import ENTRY_KEY

    seat = notice("LN-1", "811886", "Meknès")
    (match,) = company_record_matches("D-1", [], [entry_match(0.88).record, seat],
                                      [entry_match(0.88)])
    assert match.probability == RC_JOIN * 0.88 and ENTRY_KEY <= 0.88
    below = entry_match(ENTRY_KEY - 0.01)
    assert company_record_matches("D-1", [], [below.record, seat], [below]) == []


def test_the_name_key_of_a_company_joins_nothing_by_itself() -> None:
    # pivots.company_name: the company's name, searched on the notices of its court; the join
    # is the RC key's (and its register entry's names), never a name read as an RC number
    from skiptrace.linking.pivots import company_name

    name = company_name(KEY)
    assert name is not None and (name.key, name.value) == ("name", "GOLDEN BTP")
    records = [notice("LN-1", "811886", "Meknès"), seat_notice("LN-4", "GOLDEN BTP", "Meknès")]
    assert company_record_matches("D-1", [name], records, []) == []
    assert len(company_record_matches("D-1", [KEY, name], records, [])) == 2


def test_the_city_is_compared_as_a_city_not_as_a_spelling() -> None:
    # seed 80037 at 10^4: the transfer of seat "CAP TOURISME EXPRESS ATLANTIQUE ... à Résidence
    # Badr ..., Marrakesh" (no RC) of the company whose register entry, at Marrakech, the
    # debtor's check linked (p 1.00), and "PRESTIGE TOURISME ... Mohamedia" for an entry at
    # Mohammedia: the same cities written otherwise, which the folded spelling kept apart
    key = PivotKey("rc", "430311", "company_register", "CR-3", 1.0, "Marrakech", about="company",
                   company="CAP TOURISME EXPRESS ATLANTIQUE", role="manager")
    (match,) = company_record_matches(
        "D-1", [key], [seat_notice("LN-10", "CAP TOURISME EXPRESS ATLANTIQUE", "Marrakesh")], [])
    assert match.probability == NAME_JOIN * key.probability
    entry = Record("company", {"denomination": "PRESTIGE TOURISME", "city": "Mohammedia",
                               "rc_number": "117320", "rc_tribunal": "Casablanca"},
                   Provenance("company_register", "CR-4", NOW, url="http://127.0.0.1/CR-4"))
    prestige = PivotKey("rc", "117320", "company_register", "CR-4", 1.0, "Casablanca",
                        about="company", company="PRESTIGE TOURISME", role="partner")
    moved = seat_notice("LN-11", "PRESTIGE TOURISME", "Mohamedia")
    assert [m.record.record_id for m in company_record_matches(
        "D-1", [prestige], [entry, moved], [])] == ["CR-4", "LN-11"]
    # another city is still another city
    assert company_record_matches(
        "D-1", [key], [seat_notice("LN-12", "CAP TOURISME EXPRESS ATLANTIQUE", "Meknès")], []) == []
