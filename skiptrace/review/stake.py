"""What is at stake in a decision: the debt, and the value of the asset the candidate concerns.

A wrong acceptance can send a bailiff to the wrong house; a wrong rejection leaves an asset
unpursued. Both cost up to the asset's value (mid), and a contact decides whether the debt can
be collected at all: the stake of an item is the debt plus the value of its asset (zero for a
contact). The asset's value is the profile's own when the record already backs an asset there;
otherwise (a candidate below the reporting threshold is valued by nobody yet) the record is
valued the way the profile would value it (profile/valuation, VALUATION.md §9), for ordering only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from skiptrace.profile.valuation.land import value_land_title
from skiptrace.profile.valuation.params import ValuationParams, load_params
from skiptrace.profile.valuation.vehicles import value_vehicle

ASSET_KINDS = frozenset({"land_title", "vehicle", "company"})
#: records an investigator (contacts view, docs/api.md) may see and judge: the rest (assets,
#: companies, notices) are for roles that see assets
CONTACT_KINDS = frozenset({"phone", "address", "person"})


@cache
def _params() -> ValuationParams:
    return load_params()


def profile_values(assets: list[dict[str, Any]] | None) -> dict[tuple[str, str], float]:
    """(source, record id) → the mid value of the profile's asset that record backs."""
    values: dict[tuple[str, str], float] = {}
    for asset in assets or []:
        mid = float((asset.get("value") or {}).get("mid") or 0.0)
        for evidence in asset.get("evidence") or []:
            key = (str(evidence.get("source")), str(evidence.get("record_id")))
            values[key] = max(values.get(key, 0.0), mid)
    return values


def record_value(kind: str, fields: dict[str, Any], share: str | None) -> float:
    """The mid value of a land title's or vehicle's record as the profile would value it; 0
    for anything else or a record too incomplete to value."""
    try:
        if kind == "land_title":
            owners = len(fields.get("owners") or [])
            return float(value_land_title(fields, share, owners, _params()).mid)
        if kind == "vehicle":
            return float(value_vehicle(fields, datetime.now(UTC), _params()).mid)
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return 0.0
    return 0.0


def at_stake(debt: float | None, asset_value: float | None) -> float:
    return float(debt or 0.0) + float(asset_value or 0.0)


__all__ = ["ASSET_KINDS", "CONTACT_KINDS", "at_stake", "profile_values", "record_value"]
