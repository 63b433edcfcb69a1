"""Domain objects cross every boundary as JSON and come back equal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from skiptrace.model import (
    Debtor,
    FieldExplanation,
    Identifier,
    Match,
    Party,
    Provenance,
    Record,
    mask,
    stable_id,
)


def through_json(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False))


def test_debtor_round_trip_with_every_field() -> None:
    debtor = Debtor(
        debtor_id="CNSS-1", kind="company", name="STE ATLAS BTP SARL AU",
        first_name=None, last_name=None, birth_date=date(1970, 1, 2), father_name="Ahmed",
        legal_form="SARL AU", legal_representative="EL ALAOUI Moulay Ahmed",
        identifiers=(Identifier("ice", "000000101000086"),
                     Identifier("rc", "400001", tribunal="Casablanca"),
                     Identifier("cin", "12-34", valid=False, reason="CIN 12**: malformed")),
        addresses=("Km 7, Route de Rabat, Aïn Sebaâ",), city="Casablanca",
        phones=("0522 00 10 20", "+212 6 00 10 20 30"), emails=("a@b.ma",),
        debt_amount=48250.5, debt_as_of=date(2026, 6, 30), debtor_id_derived=True,
    )
    data = through_json(debtor.to_dict())
    assert data["birth_date"] == "1970-01-02" and data["identifiers"][2]["valid"] is False
    assert Debtor.from_dict(data) == debtor


def test_minimal_debtor_round_trip() -> None:
    debtor = Debtor("D-1", "person", "ZIANI Omar")
    assert Debtor.from_dict(through_json(debtor.to_dict())) == debtor
    assert debtor.identifier("cin") is None


def test_identifier_lookup_skips_invalid_unless_asked() -> None:
    bad = Identifier("ice", "000123456000094", valid=False, reason="mod 97")
    debtor = Debtor("D", "company", "X", identifiers=(bad,))
    assert debtor.identifier("ice") is None
    assert debtor.identifier("ice", valid_only=False) == bad


def test_record_and_provenance_round_trip() -> None:
    prov = Provenance("land_registry", "TF-12345-C", datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
                      url="http://127.0.0.1:8000/land/12345", file=None, row=None)
    record = Record("land_title", {"title_number": "TF 12345/C", "owners": [
        {"name": "EL ALAOUI Mohamed", "name_ar": "محمد العلوي", "share": "1/2"}]}, prov,
        partial=True, warnings=("charges missing",))
    back = Record.from_dict(through_json(record.to_dict()))
    assert back == record and back.key == "land_registry:TF-12345-C"
    offset = Provenance("x", "1", datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=1))),
                        file="extract.csv", row=7)
    again = Provenance.from_dict(through_json(offset.to_dict()))
    assert again == offset and again.retrieved_at.utcoffset() == timedelta(hours=1)


def test_match_to_dict_is_json() -> None:
    prov = Provenance("phone_directory", "p1", datetime(2026, 11, 27, tzinfo=UTC))
    record = Record("phone", {"name": "Alaoui M."}, prov)
    party = Party("listing", "person", "Alaoui M.", birth_date=date(1980, 1, 1), phones=("0661",))
    match = Match("D1", record, party, 0.91, 3.2,
                  (FieldExplanation("name", "jaro_winkler_0.9", 2.1, "ALAOUI", "ALAOUI M"),))
    data = through_json(match.to_dict())
    assert data["party"]["birth_date"] == "1980-01-01" and data["party"]["phones"] == ["0661"]
    assert Record.from_dict(data["record"]) == record
    assert data["explanation"][0]["weight"] == 2.1
    assert through_json(Match("D1", record, None, 0.5).to_dict())["party"] is None


@given(
    debtor_id=st.text(min_size=1, max_size=20),
    name=st.text(max_size=40),
    amount=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    birth=st.one_of(st.none(), st.dates()),
    phones=st.lists(st.text(max_size=15), max_size=3),
)
def test_debtor_round_trip_property(debtor_id: str, name: str, amount: float | None,
                                    birth: date | None, phones: list[str]) -> None:
    debtor = Debtor(debtor_id, "person", name, birth_date=birth, phones=tuple(phones),
                    debt_amount=amount)
    assert Debtor.from_dict(through_json(debtor.to_dict())) == debtor


def test_stable_id_and_mask() -> None:
    assert stable_id("D", "person", "cin", "BK100001") == stable_id("D", "person", "cin", "BK100001")
    assert stable_id("D", "a", "bc") != stable_id("D", "ab", "c")
    assert mask("BK100001") == "BK******" and mask(None) == "" and mask("AB") == "**"
