"""A directory listing on another number than the debtor's, at none of the debtor's doors, is
a namesake's line as likely as the debtor's (issues 12/17: on the development seeds every such
link was false — a same-name father two doors down, a similar company, debtors in no source)."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.scoring import NAMESAKE_CAP, match_records
from skiptrace.model import Debtor, Provenance, Record

STREET = "Rue Ibn Sina, Qt Maârif"


def _debtor(phones: tuple[str, ...]) -> Debtor:
    return Debtor(debtor_id="D-1", kind="person", name="ESSAADI Houcine", city="Casablanca",
                  addresses=(f"N° 12, {STREET}",), phones=phones)


def _listing(phone: str, door: str = STREET) -> Record:
    prov = Provenance("phone_directory", "PD-1", datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/phone_directory/search")
    return Record("phone", {"name": "Essaadi Houcine", "listing_kind": "person", "city": "Casablanca",
                            "address": door, "phones": [phone]}, prov)


def test_another_number_on_the_street_is_held_with_its_reason() -> None:
    (match,) = match_records(_debtor(("0661234567",)), [_listing("0522701122")])
    assert match.probability == NAMESAKE_CAP
    (phones,) = (f for f in match.explanation if f.field == "phones")
    assert "namesake's line" in phones.sentence


def test_the_debtors_own_number_on_the_street_still_links() -> None:
    (match,) = match_records(_debtor(("0661234567",)), [_listing("0661234567")])
    assert match.probability > 0.5


def test_without_a_known_number_the_models_score_stands() -> None:
    (held,) = match_records(_debtor(("0661234567",)), [_listing("0522701122")])
    (free,) = match_records(_debtor(()), [_listing("0522701122")])
    assert free.probability > held.probability
    assert all("namesake's line" not in f.sentence for f in free.explanation)


def test_at_the_debtors_door_the_household_rules_decide() -> None:
    """A landline at the debtor's own door is as likely the debtor's: not this rule's."""
    (match,) = match_records(_debtor(("0661234567",)), [_listing("0522701122", f"N° 12, {STREET}")])
    assert match.probability > 0.5
