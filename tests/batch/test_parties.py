"""Which parties a record names, in which roles."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.parties import record_parties
from skiptrace.model import Provenance, Record

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def rec(kind: str, fields: dict) -> Record:
    return Record(kind, fields, Provenance("test", "R1", WHEN))  # type: ignore[arg-type]


def test_land_title_names_each_owner_with_share_and_index() -> None:
    parties = record_parties(
        rec(
            "land_title",
            {
                "city": "Casablanca",
                "owners": [
                    {"name": "ALAOUI Mohamed", "cin": "BK100001", "share": "1/3"},
                    {"name": "ALAOUI Fatima", "share": "2/3"},
                ],
            },
        )
    )
    assert [(p.role, p.name, p.share, p.index) for p in parties] == [
        ("owner", "ALAOUI Mohamed", "1/3", 0),
        ("owner", "ALAOUI Fatima", "2/3", 1),
    ]
    assert parties[0].cin == "BK100001" and parties[0].city == "Casablanca"


def test_company_record_is_the_company_then_managers_then_partners() -> None:
    parties = record_parties(
        rec(
            "company",
            {
                "denomination": "ATLAS BTP",
                "ice": "000123456000093",
                "rc_number": "400001",
                "rc_tribunal": "Casablanca",
                "managers": [{"name": "EL IDRISSI Youssef", "cin": "A200002"}],
                "partners": [
                    {"name": "NOUR TRADING", "ice": "000000101000086", "shares": 300},
                    {"name": "BENNANI Amina", "shares": 700},
                ],
            },
        )
    )
    assert [(p.role, p.kind) for p in parties] == [
        ("subject", "company"),
        ("manager", "person"),
        ("partner", "company"),
        ("partner", "person"),
    ]
    assert parties[0].rc == "400001" and parties[0].tribunal == "Casablanca"
    assert parties[3].share == "700"


def test_vehicle_phone_and_notice_parties() -> None:
    vehicle = record_parties(rec("vehicle", {"owner": {"name": "Alaoui", "cin": "BK1"}}))
    assert [(p.role, p.kind) for p in vehicle] == [("owner", "person")]
    listing = record_parties(
        rec("phone", {"name": "Ets Alaoui", "listing_kind": "business", "phones": ["0522001020"]})
    )
    assert listing[0].kind == "company" and listing[0].phones == ("0522001020",)
    notice = record_parties(
        rec(
            "notice",
            {
                "company": "ATLAS BTP",
                "people": [
                    {"name": "Alaoui Mohamed", "role": "gérant"},
                    {"name": "Bennani Amina", "role": "associé", "shares": 500},
                    {"name": "Tazi Omar", "role": "cédant"},
                ],
            },
        )
    )
    assert [p.role for p in notice] == ["subject", "manager", "partner", "named"]


def test_nameless_entries_and_geocoder_results_name_nobody() -> None:
    assert record_parties(rec("land_title", {"owners": [{"share": "1/2"}]})) == []
    assert record_parties(rec("address", {"display_name": "Bd Zerktouni, Casablanca"})) == []
