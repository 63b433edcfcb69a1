"""Land titles valued by VALUATION.md §9.1: rate × area, forced sale, charges off the whole title,
costs, then the debtor's share and the indivision factor."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from skiptrace.profile.valuation.common import AssetValue, Band, parse_share, times, to_number
from skiptrace.profile.valuation.params import ValuationParams, fold

NATURES = {
    "appartement": "apartment",
    "villa": "villa",
    "maison": "house",
    "local commercial": "shop",
    "bureau": "office",
    "terrain nu": "urban_land",
    "terrain agricole": "agricultural_land",
}
FORCED_SALE_KIND = {
    "apartment": "apartment",
    "villa": "house_or_villa_occupied",
    "house": "house_or_villa_occupied",
    "shop": "commercial",
    "office": "commercial",
    "urban_land": "urban_land",
    "agricultural_land": "agricultural_land",
}
SEIZURES = {"saisie_conservatoire": "seizure", "saisie_executoire": "seizure",
            "commandement": "commandement", "usufruit": "usufruct", "prenotation": "prenotation"}
_AREA_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ha|a|ca)\b", re.IGNORECASE)


def area_m2(fields: dict[str, Any], params: ValuationParams) -> float | None:
    """The title's area in m², from ``area_m2`` or from "2 ha 15 a 30 ca" (§9.1 step 2)."""
    direct = to_number(fields.get("area_m2"))
    if direct is not None:
        return direct
    text = fields.get("area_text") or ""
    units: dict[str, float] = params.params["area_units_m2"]
    parts = _AREA_PART.findall(text)
    if not parts:
        return None
    return sum(float(n.replace(",", ".")) * units[u.lower()] for n, u in parts)


def zone_tier(params: ValuationParams, city: str | None, *texts: str | None) -> tuple[str, dict[str, Any]] | None:
    """The §4 tier of the zone, found in the zone or location text, for Casablanca and Rabat."""
    tiers = params.rates.get("zone_tiers", {}).get(city or "", {})
    haystack = " | ".join(fold(t) for t in texts if t)
    best: tuple[int, str, dict[str, Any]] | None = None
    for name, tier in sorted(tiers.items()):
        for quartier in tier["quartiers"]:
            found = re.search(rf"(^|[^a-z]){re.escape(quartier)}($|[^a-z])", haystack)
            if found and (best is None or len(quartier) > best[0]):
                best = (len(quartier), name, tier)
    return None if best is None else (best[1], best[2])


def apartment_rate(params: ValuationParams, city: str | None, tier: tuple[str, dict[str, Any]] | None) -> tuple[Band, str]:
    """The apartment rate of §4 (zone tier) or §3.2 (city, else default)."""
    if tier is not None:
        return tuple(float(v) for v in tier[1]["rates"]), f"zone_tiers.{city}.{tier[0]}"  # type: ignore[return-value]
    table = params.rates["apartment_city"]
    key = city if city in table else "default"
    return tuple(float(v) for v in table[key]), f"apartment_city.{key}"  # type: ignore[return-value]


def land_rate(params: ValuationParams, city: str | None, tier: tuple[str, dict[str, Any]] | None) -> tuple[Band, str]:
    """The urban-land band of §5.4 for the zone, or the prudent band of the city's group."""
    rates = params.rates
    if tier is not None:
        key = tier[1]["land"]
    else:
        group = "casa_rabat" if city in rates["casa_rabat"] else "big_city" if city in rates["big_cities"] else "other"
        key = rates["urban_land_default"][group]
    return tuple(float(v) for v in rates["urban_land"][key]), f"urban_land.{key}"  # type: ignore[return-value]


def rate_for(category: str, params: ValuationParams, city: str | None, tier: Any) -> tuple[Band, str]:
    """R_low/mid/high per m² (per ha for agricultural land) for a category (§9.1 step 3)."""
    apt, apt_source = apartment_rate(params, city, tier)
    p = params.params
    if category == "villa":
        villas = params.rates.get("villa_city", {})
        if city in villas:
            return tuple(float(v) for v in villas[city]), f"villa_city.{city}"  # type: ignore[return-value]
        return apt, apt_source
    if category == "house":
        ratio = times(tuple(p["house"]["floor_ratio"]), tuple(p["house"]["rate_ratio"]))
        return times(apt, ratio), f"{apt_source} × house floor/rate ratios (§5.2)"
    if category in ("shop", "office"):
        return times(apt, tuple(p["commercial_multiplier"][category])), f"{apt_source} × {category} multiplier (§5.3)"
    if category == "urban_land":
        return land_rate(params, city, tier)
    if category == "agricultural_land":
        key = params.rates["agricultural_default"]
        return tuple(float(v) for v in params.rates["agricultural_ha"][key]), f"agricultural_ha.{key}"  # type: ignore[return-value]
    return apt, apt_source


def charges(fields: dict[str, Any]) -> tuple[float, list[str], list[str]]:
    """Registered mortgages H (those not lifted by a mainlevée), flags and what is unknown."""
    flags: list[str] = []
    missing: list[str] = []
    lifted = [fold(c.get("beneficiary") or "") for c in fields.get("charges") or [] if c.get("type") == "mainlevee"]
    total = 0.0
    for charge in fields.get("charges") or []:
        kind = charge.get("type")
        if kind == "hypotheque":
            beneficiary = fold(charge.get("beneficiary") or "")
            if beneficiary in lifted:
                lifted.remove(beneficiary)
                continue
            flags.append("mortgage")
            amount = to_number(charge.get("amount"))
            if amount is None:
                missing.append("mortgage amount")
            else:
                total += amount
        elif kind in SEIZURES:
            flags.append(SEIZURES[kind])
    return total, flags, missing


def value_land_title(
    fields: dict[str, Any], share_text: str | None, owners: int, params: ValuationParams
) -> AssetValue:
    """Recoverable value of the debtor's share of one titre foncier (VALUATION.md §9.1)."""
    p = params.params
    nature = fold(fields.get("nature") or "")
    category = NATURES.get(nature, "urban_land")
    missing = [] if nature in NATURES else ["nature"]
    city = params.city_key(fields.get("city"))
    tier = zone_tier(params, city, fields.get("zone"), fields.get("location"))
    if tier is None and category not in ("agricultural_land",):
        missing.append("zone")
    rate, rate_source = rate_for(category, params, city, tier)
    area = area_m2(fields, params)
    if area is None:
        missing.append("area")
    units = area or 0.0
    if category == "agricultural_land":
        units = units / p["area_units_m2"]["ha"]
    market = times(rate, units)
    f = params.band("forced_sale_factor", FORCED_SALE_KIND[category])
    proceeds = times(market, f)
    h, flags, charge_missing = charges(fields)
    missing += charge_missing
    h_adj = times((h, h, h), params.band("mortgage_share_deducted"))
    cost_rate = float(p["enforcement_costs"]["real_estate"])
    net = tuple(max(0.0, proceeds[i] - h_adj[i] - cost_rate * proceeds[i]) for i in range(3))
    share = parse_share(share_text)
    if share is None:
        share = Fraction(1, max(owners, 1))
        if owners > 1:
            missing.append("share")
    indivision = params.band("indivision_factor") if share < 1 else (1.0, 1.0, 1.0)
    if share < 1:
        flags.append("indivision")
        if owners >= 3:
            flags.append("indivision_many")
    if category == "villa" and (area or 0) > float(p["villa_review_area_m2"]):
        flags.append("review_area")
    value = times(times(net, float(share)), indivision)  # type: ignore[arg-type]
    if "mortgage amount" in missing:
        value = (0.0, value[1], value[2])
    share_market = tuple(float(share) * max(0.0, market[i] - h_adj[i]) for i in range(3))
    return AssetValue(
        *value,
        method="VALUATION.md §9.1 land title",
        parameters={
            "category": category, "rate_source": rate_source, "rate": rate, "area_m2": area or 0.0,
            "forced_sale_factor": f, "mortgages_registered": h, "mortgages_deducted": h_adj,
            "enforcement_costs": cost_rate, "share": share, "indivision_factor": indivision,
            "market_value": market, "net_whole_title": net,
        },
        flags=flags,
        missing=missing,
        market_value_share=share_market,  # type: ignore[arg-type]
    )
