"""A record naming the company debtor under another denomination with its RC at its court
(issue 12, session 18; linking/scoring._registered_under_another_name). An RC number is unique
within its court (DOMAIN §1.3) and a company's name changes while its registration stays
(DOMAIN §7.2b: the old denomination in notices and land records, the new one in the
register). Development seeds 40961, 80036 and 80038 at 10^3: a notice of "MOUNIR ELECTRICITE
Sarl, RC n° 458967 - Casablanca" for MOUNIR ORIENT 3000 SARL, whose register entry gives that
RC, scored 0.407 (the denominations "different", nothing else to compare), one such notice a
seed; over the five development seeds' stored pairs, all 1,029 parties printing a debtor's RC
exact under another denomination were the debtor's own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, Identifier, Provenance, Record

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
DEBTOR = Debtor("D-1", "company", "MOUNIR ORIENT 3000 SARL", city="Casablanca",
                identifiers=(Identifier("rc", "458967", tribunal="Casablanca"),))


def _notice(company: str, rc: str, court: str, **more: Any) -> Record:
    text = (f"CESSION DE PARTS - {company}. Suivant acte du 21/11/2021, M. Said Benmoussa cède "
            f"72 parts de la société {company}, Sarl, RC n° {rc} - {court}.")
    return Record("notice", {"title": f"{company} - Cession de parts sociales",
                             "published": "2021-12-30", "text": text,
                             "notice_kind": "cession_parts", "company": company,
                             "legal_form": "SARL", "rc_number": rc, "rc_tribunal": court,
                             "people": [], **more},
                  Provenance("legal_notices", "LN-1", NOW, url="http://127.0.0.1/LN-1"))


def _probability(record: Record) -> float:
    [match] = [m for m in match_records(DEBTOR, [record]) if m.party is not None
               and m.party.role == "subject"]
    return match.probability


def test_the_debtors_rc_at_its_court_under_another_name_is_the_debtor() -> None:
    assert _probability(_notice("MOUNIR ELECTRICITE", "458967", "Casablanca")) >= 0.5


def test_another_court_or_another_number_is_not() -> None:
    assert _probability(_notice("MOUNIR ELECTRICITE", "458967", "Rabat")) < 0.5
    assert _probability(_notice("MOUNIR ELECTRICITE", "458961", "Casablanca")) < 0.5


def test_the_lift_says_why() -> None:
    [match] = [m for m in match_records(DEBTOR, [_notice("MOUNIR ELECTRICITE", "458967",
                                                         "Casablanca")])
               if m.party is not None and m.party.role == "subject"]
    assert any("registration" in f.sentence for f in match.explanation if f.field == "company")
