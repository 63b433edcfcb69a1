"""Hand-made debtors, records and matches for profile and renderer tests (no matching needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from skiptrace.linking.parties import record_parties
from skiptrace.model import (
    SOURCE_NAMES,
    Debtor,
    FieldExplanation,
    Identifier,
    Match,
    Provenance,
    Record,
    SourceStatus,
)

AS_OF = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
WHY = (FieldExplanation("cin", "exact", 9.5, "BK100001", "BK100001", "CIN BK100001 identical on both sides"),)


def debtor(**overrides: Any) -> Debtor:
    values: dict[str, Any] = dict(
        debtor_id="D-0001", kind="person", name="EL ALAOUI Mohamed", first_name="Mohamed",
        last_name="EL ALAOUI", birth_date=date(1975, 4, 2),
        identifiers=(Identifier("cin", "BK100001"), Identifier("cnss", "100000001")),
        city="Casablanca", debt_amount=250_000.0, debt_as_of=date(2026, 6, 30),
    )
    values.update(overrides)
    return Debtor(**values)


def record(kind: str, fields: dict[str, Any], source: str, record_id: str, *, days_ago: float = 30) -> Record:
    prov = Provenance(source, record_id, AS_OF - timedelta(days=days_ago), url=f"http://127.0.0.1:8765/{source}/{record_id}")
    return Record(kind, fields, prov)  # type: ignore[arg-type]


def match(rec: Record, probability: float, party_index: int = 0, debtor_id: str = "D-0001") -> Match:
    parties = record_parties(rec)
    party = parties[party_index] if parties else None
    return Match(debtor_id, rec, party, probability, match_weight=8.0, explanation=WHY)


def listing(record_id: str, name: str, phones: list[str], address: str | None = None, city: str = "Casablanca",
            *, source: str = "phone_directory", days_ago: float = 30) -> Record:
    fields = {"name": name, "listing_kind": "person", "address": address, "city": city, "phones": phones}
    return record("phone", fields, source, record_id, days_ago=days_ago)


def title(record_id: str, owners: list[dict[str, Any]], *, area: float = 85, nature: str = "appartement",
          city: str = "Casablanca", zone: str | None = "Hay Hassani", charges: list[dict[str, Any]] | None = None) -> Record:
    fields = {"title_number": f"TF {record_id}/C", "conservation": "Casablanca-Anfa", "nature": nature,
              "location": f"Résidence Nour, {zone or ''}", "city": city, "zone": zone, "area_m2": area,
              "owners": owners, "charges": charges or []}
    return record("land_title", fields, "land_registry", record_id, days_ago=10)


def owner(name: str = "EL ALAOUI Mohamed", cin: str | None = "BK100001", share: str | None = "1/1", kind: str = "person", ice: str | None = None) -> dict[str, Any]:
    return {"name": name, "cin": cin, "share": share, "kind": kind, "ice": ice}


def vehicle(record_id: str, *, make: str = "Dacia", model: str = "Logan 1.5 dCi", first: str = "2018-03-01",
            owner_name: str = "EL ALAOUI Mohamed", cin: str | None = "BK100001", pledges: list[dict[str, Any]] | None = None,
            leasing: bool = False, kind: str = "person", ice: str | None = None) -> Record:
    fields = {"plate": f"{record_id} | أ | 6", "make": make, "model": model, "first_registration": first,
              "fiscal_power": 6, "fuel": "diesel", "owner": {"name": owner_name, "cin": cin, "kind": kind, "ice": ice},
              "pledges": pledges or [], "leasing": leasing}
    return record("vehicle", fields, "vehicle_registry", record_id, days_ago=10)


def company(record_id: str, *, name: str = "ATLAS BTP", ice: str = "000123456000093", managers: list[dict[str, Any]] | None = None,
            partners: list[dict[str, Any]] | None = None, capital: float = 100_000, phones: list[str] | None = None) -> Record:
    fields = {"denomination": name, "legal_form": "SARL", "capital": capital, "address": "N° 12, Bd Zerktouni",
              "city": "Casablanca", "rc_number": "400001", "rc_tribunal": "Casablanca", "ice": ice,
              "created": "2015-03-02", "status": "active", "phones": phones or ["0522 00 10 20"],
              "managers": managers if managers is not None else [{"name": "EL ALAOUI Mohamed", "cin": "BK100001", "role": "gérant"}],
              "partners": partners if partners is not None else [
                  {"name": "EL ALAOUI Mohamed", "cin": "BK100001", "kind": "person", "shares": 500},
                  {"name": "BENJELLOUN Fatima-Zahra", "cin": "A200002", "kind": "person", "shares": 500}],
              "total_shares": 1000}
    return record("company", fields, "company_register", record_id, days_ago=60)


def geocode(record_id: str, query: str, lat: float = 33.5731, lon: float = -7.5898) -> Record:
    fields = {"query": query, "display_name": query, "city": "Casablanca", "lat": lat, "lon": lon, "country_code": "ma"}
    return record("address", fields, "geocoder", record_id, days_ago=1)


def statuses(failed: tuple[str, ...] = ()) -> list[SourceStatus]:
    return [SourceStatus(s, "failed" if s in failed else "ok", "timeout" if s in failed else None, records=1, requests=1)
            for s in SOURCE_NAMES]


def realistic_case() -> tuple[Debtor, list[Match], list[SourceStatus]]:
    """A self-employed debtor with a home, two phones (one shared), a title, a car, a company and a decoy."""
    home = "N° 12, Rue 7, Hay Al Amal"
    matches = [
        match(listing("PD-000101", "EL ALAOUI Mohamed", ["0661 00 10 20"], home, days_ago=40), 0.93),
        match(listing("PD-000102", "ALAOUI Mohammed", ["0661001020", "0522 30 40 50"], home, days_ago=200), 0.81),
        match(listing("PD-000103", "EL ALAOUI Karim", ["0522 30 40 50"], "Lot. Al Massira, N° 55", "Marrakech"), 0.12),
        match(company("CR-000123"), 0.95, party_index=1),
        match(title("12345", [owner(share="1/3"), owner("EL ALAOUI Karim", "JM300003", "1/3"), owner("EL ALAOUI Amina", "EE400004", "1/3")],
                    charges=[{"type": "hypotheque", "amount": 150_000, "beneficiary": "CIH Bank", "date": "2019-05-02"}]), 0.97),
        match(title("99881", [owner("EL ALOUI Mhamed", "Z500005", "1/1")], zone="Maarif"), 0.08),
        match(vehicle("45871"), 0.96),
        match(geocode("GEO-1", f"{home}, Casablanca"), 1.0),
    ]
    return debtor(), matches, statuses()
