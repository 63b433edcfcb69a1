"""A sole trader's register entry is the trader (linking/parties.is_sole_trader): the number it
gives is the person debtor's own, a contact of theirs, while a company's register number stays
the company's (issue 12, session 11)."""

from __future__ import annotations

from typing import Any

from skiptrace.profile.build import build_profile
from tests.profile.factories import AS_OF, company, debtor, match

TRADER_PHONE = "0661 22 33 44"


def _entry(trader: bool) -> Any:
    rec = company("RC-9", name="EL ALAOUI Mohamed", partners=[], phones=[TRADER_PHONE],
                  managers=[{"name": "EL ALAOUI Mohamed", "cin": "BK100001", "role": "gérant"}])
    if trader:
        rec.fields.update(legal_form="Personne physique", entry_kind="trader")
    return rec


def _phones(profile: dict[str, Any]) -> str:
    return " | ".join(str(p) for p in profile["contacts"]["phones"])


def test_a_trader_entry_gives_the_debtor_its_number() -> None:
    profile = build_profile(debtor(), [match(_entry(True), 0.97, party_index=1)], [], as_of=AS_OF)
    assert "661223344" in _phones(profile)


def test_a_company_entry_keeps_its_number_for_the_company() -> None:
    profile = build_profile(debtor(), [match(_entry(False), 0.97, party_index=1)], [], as_of=AS_OF)
    assert "661223344" not in _phones(profile)
