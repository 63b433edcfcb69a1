"""Records keep their parties' normal forms from the import on, on both engines, and scoring
uses them only when they are this code's, for that very description (decision 0033)."""

from __future__ import annotations

import json

import pytest

from matching import description as matching_description
from matching import stored_forms
from skiptrace.linking import normal_forms
from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, Identifier
from skiptrace.store import Store

from .conftest import make_record


def _title() -> object:
    return make_record("land_registry", "TF-1", "land_title", title_number="TF 12345/C",
                       city="Casablanca", owners=[
                           {"name": "EL ALAOUI Mohamed", "cin": "BK100001", "share": "1/2"},
                           {"name": "BENJELLOUN Fatima-Zahra", "cin": "A200002", "share": "1/2",
                            "name_ar": "فاطمة الزهراء بنجلون"}])


DEBTOR = Debtor("D1", "person", "BENJELLOUN Fatima Zahra", identifiers=(Identifier("cin", "A200002"),),
                city="Casablanca")


def _forms(store: Store) -> dict[str, object]:
    row = store.db.conn.execute("SELECT forms FROM records WHERE key = ?",
                                ("land_registry:TF-1",)).fetchone()
    return json.loads(row[0])


def _found(store: Store) -> list[object]:
    return store.find_records("land_registry", identifiers=[("cin", "A200002")])


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many descriptions matching normalises from here on (its LRU emptied first)."""
    calls: list[int] = []
    real = matching_description.Features.of.__func__  # type: ignore[attr-defined]

    def of(cls: type, d: object) -> object:
        calls.append(1)
        return real(cls, d)

    matching_description._features.cache_clear()
    monkeypatch.setattr(matching_description.Features, "of", classmethod(of))
    return calls


def test_an_imported_record_keeps_a_form_for_every_party_under_every_name(store: Store) -> None:
    store.save_records([_title()])
    forms = _forms(store)
    assert forms["v"] == stored_forms.version()
    assert len(forms["f"]) == 3  # two owners, one of them under her Arabic name too


def test_scoring_a_stored_record_normalises_only_the_debtor(store: Store,
                                                            counted: list[int]) -> None:
    store.save_records([_title()])
    expected = [m.probability for m in match_records(DEBTOR, [_title()])]  # no forms: computed
    assert len(counted) >= 4
    counted.clear()
    matching_description._features.cache_clear()
    got = [m.probability for m in match_records(DEBTOR, _found(store))]
    assert got == expected and got[0] > 0.9
    assert len(counted) == 1  # the debtor; the owners' forms came from the store


@pytest.mark.parametrize("damage", ["another version", "not json", "not a form"])
def test_a_stale_or_damaged_form_is_normalised_again(store: Store, counted: list[int],
                                                     damage: str) -> None:
    store.save_records([_title()])
    forms = _forms(store)
    text = {"another version": json.dumps({**forms, "v": "0" * 24}),
            "not json": "{",
            "not a form": json.dumps({**forms, "f": {k: [1, 2] for k in forms["f"]}})}[damage]
    store.db.conn.execute("UPDATE records SET forms = ? WHERE key = ?", (text, "land_registry:TF-1"))
    expected = [m.probability for m in match_records(DEBTOR, [_title()])]
    counted.clear()
    matching_description._features.cache_clear()
    assert [m.probability for m in match_records(DEBTOR, _found(store))] == expected
    assert len(counted) == 4  # the debtor and the three descriptions of the owners


def test_normalize_fills_what_is_missing_or_stale_and_nothing_twice(store: Store) -> None:
    store.save_records([_title(), make_record("vehicle_registry", "V-1", "vehicle", plate="1-A-6",
                                              owner={"name": "El Alaoui Mohamed"})])
    conn = store.db.conn
    conn.execute("UPDATE records SET forms = NULL WHERE key = 'land_registry:TF-1'")
    conn.execute("UPDATE records SET forms = ? WHERE key = 'vehicle_registry:V-1'",
                 (json.dumps({"v": "old", "f": {}}),))
    seen: list[int] = []
    assert store.normalize_records(progress=seen.append, batch=1) == (2, 2)
    assert seen == [1, 2]
    assert _forms(store)["v"] == stored_forms.version()
    assert normal_forms.forms_current(conn.execute(
        "SELECT forms FROM records WHERE key = 'vehicle_registry:V-1'").fetchone()[0])
    assert store.normalize_records() == (2, 0)


def test_comparisons_parse_only_the_debtor_s_texts(store: Store, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    from matching.address_parse import parse_address
    from matching.companies import parse_company_name
    from matching.names import parse_person_name

    store.save_records([_title()])
    parsed: list[str] = []
    for seeded in (parse_address, parse_company_name, parse_person_name):
        seeded.cache_clear()
        real = seeded._parse
        monkeypatch.setattr(seeded, "_parse", lambda text, real=real: parsed.append(text) or real(text))
    matching_description._features.cache_clear()
    from matching import domain
    from matching import names as matching_names
    for cached in (domain.compare_persons, domain.compare_address, domain.compare_companies,
                   matching_names.compare_person_names):
        cached.cache_clear()
    found = match_records(DEBTOR, _found(store))
    assert max(m.probability for m in found) > 0.9
    assert parsed and all(text in (DEBTOR.name, "Casablanca") or "BENJELLOUN Fatima Zahra" in text
                          for text in parsed), parsed
