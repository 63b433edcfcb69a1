"""A phone listing under another person's name, at the debtor's number and door, is the
household's (a father, a brother), not the debtor's record (issue 12: demo seed 2026, the listing
'AIT EL HAJ Mbarak' linked to the debtor 'AIT EL HAJ Youssef' once their address compared exact)."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, Provenance, Record

DEBTOR = Debtor(debtor_id="D-1", kind="person", name="AIT EL HAJ Youssef", city="Fès",
                addresses=["No 140, Boul. Zerktouni, Q. Narjiss"], phones=["+212 7 70 68 28 79"])


def _listing(name: str) -> Record:
    prov = Provenance("phone_directory", "PD-1", datetime(2026, 11, 1, tzinfo=UTC), url="http://127.0.0.1/x")
    return Record("phone", {"name": name, "listing_kind": "person", "city": "Fès",
                            "address": "n° 140, Boul. Zerktouni, Qt Narjiss", "phones": ["0770-682879"]}, prov)


def test_a_relatives_listing_at_the_debtors_number_is_not_a_link() -> None:
    (match,) = match_records(DEBTOR, [_listing("AIT EL HAJ Mbarak")])
    assert match.probability < 0.5
    assert any("household" in f.sentence for f in match.explanation)


def test_the_debtors_own_listing_still_links() -> None:
    (match,) = match_records(DEBTOR, [_listing("AIT EL HAJ Youssef")])
    assert match.probability > 0.99
