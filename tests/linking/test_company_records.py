"""Records about the debtor's companies (skiptrace/linking/company_records.py): joined on the
RC number and court a confident match gave, never on a name, no surer than that match."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.company_records import RC_JOIN, ROLE, company_record_matches
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
