"""Vehicles valued by VALUATION.md §9.2: class new price × age factor × adjustments, forced sale,
10 % costs, pledges off; nothing when leased or not the debtor's."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from skiptrace.profile.valuation.common import AssetValue, Band, times, to_number
from skiptrace.profile.valuation.params import ValuationParams, fold


def vehicle_class(fields: dict[str, Any], params: ValuationParams) -> tuple[str, str]:
    """The §6.3 class of a vehicle and how it was found (given, model, make, default)."""
    table = params.vehicles
    given = str(fields.get("vehicle_class") or "").strip().upper()
    if given in table["classes"]:
        return given, "given by the source"
    make = fold(fields.get("make") or "")
    model = fold(fields.get("model") or "")
    words = model.split()
    for n in range(len(words), 0, -1):
        key = f"{make} {' '.join(words[:n])}"
        if key in table["models"]:
            return table["models"][key], f"model '{key}'"
    if make in table.get("makes", {}):
        return table["makes"][make], f"make '{make}'"
    return table["default_class"], "default (model unknown)"


def age_years(first_registration: Any, as_of: date) -> int | None:
    """Whole years since first registration (t of §6.4), None when the date is unreadable."""
    try:
        first = first_registration if isinstance(first_registration, date) else date.fromisoformat(str(first_registration)[:10])
    except ValueError:
        return None
    years = as_of.year - first.year - ((as_of.month, as_of.day) < (first.month, first.day))
    return max(0, years)


def age_factor(t: int, params: ValuationParams) -> Band:
    """a(t) low / mid / high: the §6.4 / §9.4 depreciation curve."""
    c = params.params["vehicle_age_factor"]
    mid = c["first_year"] if t < 1 else c["year_one"] * c["yearly"] ** (t - 1)
    mid = max(mid, c["mid_floor"])
    low = max(mid * c["low_ratio"], c["low_floor"])
    high = max(min(c["high_cap"], mid * c["high_ratio"]), c["high_floor"])
    return (low, mid, high)


def adjustment(fields: dict[str, Any], klass: str, t: int, params: ValuationParams) -> float:
    """The §6.4 multiplicative adjustments that the registration data lets us apply."""
    a = params.params["vehicle_adjustments"]
    make = fold(fields.get("make") or "")
    diesel = "diesel" in fold(fields.get("fuel") or "") or "gasoil" in fold(fields.get("fuel") or "")
    factor = 1.0
    if diesel and make in a["liquid_makes"]:
        factor *= a["liquid_diesel"]
    if make in a["premium_makes"] and t > a["premium_after_years"]:
        factor *= a["premium_old"]
    if diesel and (to_number(fields.get("fiscal_power")) or 0) >= a["high_power_cv"]:
        factor *= a["high_power_diesel"]
    if klass == "U2":
        factor *= a["pickup"]
    return factor


def value_vehicle(fields: dict[str, Any], as_of: datetime | date, params: ValuationParams, *, owned: bool = True) -> AssetValue:
    """Recoverable value of one vehicle for its owner (VALUATION.md §9.2)."""
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    klass, class_source = vehicle_class(fields, params)
    spec = params.vehicles["classes"][klass]
    missing = [] if not class_source.startswith("default") else ["model class"]
    t = age_years(fields.get("first_registration"), day)
    if t is None:
        missing.append("first registration date")
        t = 10  # an unknown age is taken as old: a prudent a(t) [E]
    factor = adjustment(fields, klass, t, params)
    market = times(times(tuple(float(v) for v in spec["prices"]), age_factor(t, params)), factor)  # type: ignore[arg-type]
    f = params.band("forced_sale_factor", spec["sale"])
    cost_rate = float(params.params["enforcement_costs"]["vehicle"])
    pledged = sum(to_number(p.get("amount")) or 0.0 for p in fields.get("pledges") or [])
    pledge_adj = times((pledged, pledged, pledged), params.band("mortgage_share_deducted"))
    flags: list[str] = []
    if fields.get("pledges"):
        flags.append("pledge")
        if any(to_number(p.get("amount")) is None for p in fields["pledges"]):
            missing.append("pledge amount")
    low, mid, high = (max(0.0, market[i] * f[i] * (1 - cost_rate) - pledge_adj[i]) for i in range(3))
    net: Band = (low, mid, high)
    if fields.get("leasing"):
        flags.append("leasing")
    if not owned:
        flags.append("not_owned")
    if fields.get("leasing") or not owned or "pledge amount" in missing:
        net = (0.0, 0.0, 0.0) if fields.get("leasing") or not owned else (0.0, net[1], net[2])
    return AssetValue(
        *net,
        method="VALUATION.md §9.2 vehicle",
        parameters={
            "class": klass, "class_source": class_source, "new_price": tuple(spec["prices"]),
            "age_years": t, "age_factor": age_factor(t, params), "adjustment": factor,
            "market_value": market, "forced_sale_factor": f, "enforcement_costs": cost_rate,
            "pledges_registered": pledged, "pledges_deducted": pledge_adj,
        },
        flags=flags,
        missing=missing,
    )
