"""Vehicles from the vehicle registry's JSON API (X-API-Key), by the holder's CIN, RC + court or ICE.

The registry indexes holders by identifier only: a debtor with no valid CIN, RC + court or ICE
gets no vehicle search at all (an empty, ``ok`` answer), never a guess by name. The mapping
is shared with the bulk extracts (files.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Provenance, Record, utcnow
from .api import ApiConnector, mapped_record
from .query import DebtorQuery

EXPECTED = ("make", "model", "first_registration", "fiscal_power")
VEHICLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["record_id", "plate", "owner"],
    "properties": {
        "record_id": {"type": "string", "minLength": 1},
        "plate": {"type": "string", "minLength": 1},
        "fiscal_power": {"type": ["integer", "null"]},
        "owner": {"type": "object", "properties": {"name": {"type": ["string", "null"]}}},
        "pledges": {"type": ["array", "null"], "items": {"type": "object"}},
        "leasing": {"type": ["boolean", "null"]},
    },
}


def vehicle_fields(item: dict[str, Any]) -> dict[str, Any]:
    """A registry VEHICLE (API item or extract row) in the vehicle vocabulary."""
    owner = item.get("owner") or {}
    owner_keys = ("name", "name_ar", "cin", "ice", "rc_number", "rc_tribunal", "address", "city",
                  "kind")
    return {
        "plate": item.get("plate"),
        "make": item.get("make"),
        "model": item.get("model"),
        "first_registration": item.get("first_registration"),
        "fiscal_power": item.get("fiscal_power"),
        "fuel": item.get("fuel"),
        "vehicle_class": item.get("vehicle_class"),
        "owner": {k: owner.get(k) for k in owner_keys},
        "pledges": [
            {k: p.get(k) for k in ("creditor", "amount", "date")} for p in item.get("pledges") or ()
        ],
        "leasing": bool(item.get("leasing")),
    }


def vehicle_record(item: dict[str, Any], provenance: Provenance) -> Record:
    return mapped_record("vehicle", vehicle_fields(item), item, EXPECTED, provenance)


class VehicleRegistryConnector(ApiConnector):
    """Cartes grises by owner: plate, make, model, first registration, pledges, leasing."""

    name = "vehicle_registry"
    provides = frozenset({"vehicle"})
    needs_token = True
    item_schema = VEHICLE_SCHEMA
    probe = ("/api/vehicles", {"cin": "ZZ000000", "per_page": 1})

    def auth_headers(self) -> dict[str, str]:
        return {"X-API-Key": self.cfg.token or ""}

    def fetch(self, query: DebtorQuery) -> Iterator[Record]:
        """Holder by CIN, company by RC + court, ICE (planner.vehicle_searches); no name search."""
        for item in self.run_plan("/api/vehicles", self.plan(query)):
            url = self.url(f"/api/vehicles/{item['record_id']}")
            yield vehicle_record(item, Provenance(self.source, item["record_id"], utcnow(), url))
