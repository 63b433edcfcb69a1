"""Screening a person debtor's candidate parties (decision 0049, issue 17): a party whose name
the matcher calls different, that no identifier, phone or birth date could lift to 0.01 and
that no rule could lift, is not scored in full. Whatever the records, screening changes no
match at or above 0.01 and drops no record from what is reported."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skiptrace.linking.scoring as scoring
from skiptrace.linking.screening import SCREEN_FLOOR
from skiptrace.model import Debtor, Identifier, Match, Provenance, Record

DOOR = "N° 12, rue Ibn Sina, Maarif, Casablanca"
ROW = Debtor(debtor_id="D-1", kind="person", name="EL AMRANI Amine", first_name="Amine",
             last_name="EL AMRANI", city="Casablanca", addresses=(DOOR,),
             identifiers=(Identifier("cin", "BK123456"),), phones=("0612345678",),
             birth_date=date(1980, 5, 17))


def _title(owners: list[dict[str, Any]], n: int = 1) -> Record:
    prov = Provenance("land_registry", f"LR-{n}", datetime(2026, 11, 1, tzinfo=UTC),
                      url=f"http://127.0.0.1/t/{n}")
    return Record("land_title", {"title_number": f"TF {n}/C", "city": "Casablanca",
                                 "owners": owners}, prov)


def _listing(name: str, phone: str, address: str, n: int = 1) -> Record:
    prov = Provenance("phone_directory", f"PD-{n}", datetime(2026, 11, 1, tzinfo=UTC),
                      url=f"http://127.0.0.1/p/{n}")
    return Record("phone", {"name": name, "phones": [phone], "address": address,
                            "city": "Casablanca", "listing_kind": "person"}, prov)


def _owner(name: str, cin: str | None = None, domicile: str | None = DOOR) -> dict[str, Any]:
    return {"name": name, "cin": cin, "share": "1/2", "kind": "person", "domicile": domicile}


def _unscreened(monkeypatch: pytest.MonkeyPatch, debtor: Debtor, records: list[Record]
                ) -> list[Match]:
    with monkeypatch.context() as m:
        m.setattr(scoring, "screen", lambda _d, _dd, described, *_a, **_k: [None] * len(described))
        return scoring.match_records(debtor, records)


def test_a_stranger_on_the_debtors_title_is_not_scored_in_full() -> None:
    (match,) = scoring.match_records(ROW, [_title([_owner("TAZI Youssef", "X998877")])])
    assert match.probability == 0.0
    assert "not compared further" in match.explanation[0].sentence
    assert match.party is not None and match.party.name == "TAZI Youssef"


def test_the_stranger_beside_the_debtor_leaves_the_debtors_match_as_it_was(
        monkeypatch: pytest.MonkeyPatch) -> None:
    title = _title([_owner("TAZI Youssef", "X998877"), _owner("EL AMRANI Amine", "BK123456")])
    (screened,) = scoring.match_records(ROW, [title])
    (full,) = _unscreened(monkeypatch, ROW, [title])
    assert screened == full and screened.probability > 0.9


@pytest.mark.parametrize("owner", [
    _owner("TAZI Youssef", "BK123456"),  # the debtor's CIN under another name
    _owner("EL AMRANI Amiine", None),  # the debtor's name one keystroke off: a rule reads it
])
def test_what_could_make_a_stranger_the_debtor_gets_a_full_score(
        monkeypatch: pytest.MonkeyPatch, owner: dict[str, Any]) -> None:
    title = _title([owner])
    assert scoring.match_records(ROW, [title]) == _unscreened(monkeypatch, ROW, [title])
    assert "not compared further" not in scoring.match_records(ROW, [title])[0].explanation[0].sentence


def test_a_listing_on_the_debtors_number_gets_a_full_score(monkeypatch: pytest.MonkeyPatch) -> None:
    listing = _listing("TAZI Youssef", "0612345678", "N° 3, rue Atlas, Casablanca")
    assert scoring.match_records(ROW, [listing]) == _unscreened(monkeypatch, ROW, [listing])


def test_a_company_debtor_is_never_screened(monkeypatch: pytest.MonkeyPatch) -> None:
    company = Debtor(debtor_id="D-2", kind="company", name="ATLAS TRAVAUX SARL", city="Casablanca")
    listing = _listing("TAZI Youssef", "0699999999", DOOR)
    (match,) = scoring.match_records(company, [listing])
    assert "not compared further" not in " ".join(f.sentence for f in match.explanation)


NAMES = ["EL AMRANI Amine", "Amine Amrani", "AMRANI A.", "EL AMRANI Amiine", "EL AMRANI Karim",
         "العمراني أمين", "TAZI Youssef", "BENNANI Fatima Zahra", "ZAKI", "OUAHBI Hanane",
         "Mohamed Alaoui", "EL AMRANI"]
CINS = [None, "BK123456", "BK123465", "X998877", "AB10"]
DOORS = [DOOR, "12 rue Ibn Sina, Casablanca", "N° 3, rue Atlas, Rabat", None, "Hay Salam"]
PHONES = ["0612345678", "0699999999", "0522123456"]
owners = st.builds(_owner, st.sampled_from(NAMES), st.sampled_from(CINS), st.sampled_from(DOORS))
listings = st.tuples(st.sampled_from(NAMES), st.sampled_from(PHONES), st.sampled_from(DOORS[:3]))


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(owners, min_size=1, max_size=4), min_size=1, max_size=4),
       st.lists(listings, max_size=3))
def test_screening_changes_no_match_from_the_floor_up(titles: list[list[dict[str, Any]]],
                                                     phone_rows: list[tuple[str, str, str]]) -> None:
    records = [_title(owners, n) for n, owners in enumerate(titles)] + [
        _listing(name, phone, address, n) for n, (name, phone, address) in enumerate(phone_rows)]
    screened = {m.record.key: m for m in scoring.match_records(ROW, records)}
    with pytest.MonkeyPatch.context() as m:
        m.setattr(scoring, "screen", lambda _d, _dd, described, *_a, **_k: [None] * len(described))
        full = {m.record.key: m for m in scoring.match_records(ROW, records)}
    assert screened.keys() == full.keys()  # every record reported
    for key, match in full.items():
        if match.probability >= SCREEN_FLOOR:
            assert screened[key] == match
        else:
            assert screened[key].probability < SCREEN_FLOOR
