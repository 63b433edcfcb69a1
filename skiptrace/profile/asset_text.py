"""What a person reads about one valued asset, beside its figures: where a title is (and why a
part of its location is missing), how its value was estimated in plain words (the reader has
no VALUATION.md), and why its range is wide and what would narrow it.

Written from the asset's own fields and its graph node's properties, in ``Words``' language
(wording.py); the HTML report and the terminal call these with the reader's words.
"""

from __future__ import annotations

from typing import Any

from skiptrace.profile.wording import Words

WHERE = "Location: {place}."
KEPT_BY = "Kept by the conservation foncière of {conservation}."
NO_CONSERVATION = ("The source does not name its conservation foncière: ask the ANCFCC by the "
                   "title number.")
NO_ZONE = ("The land registry gives no zone (quartier) for it: the city-wide rate applies, "
           "a wider range.")
ZONE_NOT_TIERED = ("Its zone ({zone}) is not in the rate tables' zone tiers, which cover "
                   "quartiers of Casablanca and Rabat only: the city-wide rate applies, a wider "
                   "range.")
NO_CITY = "No city given: the default rate for other towns applies."

METHOD = {
    "land_title": (
        "Market value: area × a price per m² for its kind (apartment, villa, house, shop, "
        "land) in its zone or city, from tax-office reference prices, recorded sales and "
        "listings.",
        "× a forced-sale factor ({factor}): what a court auction fetches against the market "
        "value, from press reports of Moroccan court sales.",
        "− the mortgages registered ahead of the CNSS, counted at 100 % (low), 60 % (mid) and "
        "30 % (high) of the amount registered: the title shows what was lent, not what is "
        "still owed; − 5 % sale costs.",
        "× the debtor's share; a share in indivision sold alone × 0.75 to 1.",
    ),
    "vehicle": (
        "Market value: the new price of its class (found from the make and model) × an age "
        "factor (about 12 % less a year) × adjustments for the make, diesel and power.",
        "× a forced-sale factor ({factor}), − 10 % costs (bailiff, towing, storage), − the "
        "pledges registered (100 %, 60 %, 30 %); nothing when it is leased.",
    ),
    "company_stake": (
        "Parts of a company have almost no market and a buyer needs the partners' approval: low "
        "0; mid half the smaller of the book value and the nominal value × 20 %; high the "
        "larger × 50 %.",
        "The nominal value (capital × share) is shown apart: it is not what a sale would bring.",
    ),
}

WIDE = "The range is wide ({low} to {high}):"
LOW_ZERO = "The low value is 0:"
WHY = {
    "rate": "the price per m² runs from {lo} to {hi}{city}; the exact zone, or the tax "
            "office's reference price for it, would narrow it.",
    "rate_ha": "the price per hectare runs from {lo} to {hi}: the title does not say the kind "
               "of farmland (irrigated or not); the land's kind would narrow it.",
    "forced_sale": "an auction fetches {lo} to {hi} of the market value; an expert's "
                   "valuation or the court's recent auction results would narrow it.",
    "mortgage": "the mortgage registered ({amount}) is deducted at 100 % to 30 %; the balance "
                "still owed, from the lender, would fix it.",
    "pledge": "the pledge registered ({amount}) is deducted at 100 % to 30 %; the balance still "
              "owed, from the lender, would fix it.",
    "indivision": "a share sold alone brings 75 % to 100 % of its part; the co-owners' "
                  "agreement to a joint sale would fix it.",
    "new_price": "the class's new price runs from {lo} to {hi}; the exact version on the carte "
                 "grise would narrow it.",
    "age": "the age factor runs from {lo} to {hi}; the vehicle's condition and mileage would "
           "narrow it.",
    "stake": "company parts have almost no market; the company's filed balance sheet (its "
             "equity) would narrow it.",
}
CITY_WIDE = " (the city-wide rate)"
WIDE_RATIO = 2.0  # a range whose high is at least twice its low is explained


def _params(asset: dict[str, Any]) -> dict[str, Any]:
    return {p["name"]: p["value"] for p in asset.get("parameters") or []}


def location(asset: dict[str, Any], props: dict[str, Any], words: Words) -> list[str]:
    """A title's address, zone, city and conservation; why any of them is missing."""
    t = words.translate
    parts = [str(props[k]) for k in ("address", "zone", "city") if props.get(k)]
    place = ", ".join(p for i, p in enumerate(parts)
                      if not any(p.lower() in q.lower() for q in parts[:i]))  # a zone the address names
    lines = [t(WHERE).format(place=place)] if place else []
    if props.get("conservation"):
        lines.append(t(KEPT_BY).format(conservation=props["conservation"]))
    else:
        lines.append(t(NO_CONSERVATION))
    if not props.get("city"):
        lines.append(t(NO_CITY))
    elif "zone" in asset.get("missing", []):
        lines.append(t(ZONE_NOT_TIERED).format(zone=props["zone"]) if props.get("zone") else t(NO_ZONE))
    return lines


def _band(values: Any, fmt: Any) -> tuple[str, str] | None:
    if not isinstance(values, list) or len(values) != 3:
        return None
    return fmt(values[0]), fmt(values[2])


def method(asset: dict[str, Any], words: Words) -> list[str]:
    """How the value was estimated, step by step, with this asset's forced-sale factor."""
    factor = _band(_params(asset).get("forced_sale_factor"), words.percent)
    shown = f"{factor[0]} – {factor[1]}" if factor else "?"
    return [words.translate(line).format(factor=shown) for line in METHOD.get(asset["kind"], ())]


def _causes(asset: dict[str, Any], words: Words) -> list[tuple[float, str]]:
    """(how many times wider it makes the range, the sentence) for each cause in the asset."""
    p, t = _params(asset), words.translate
    found: list[tuple[float, str]] = []

    def add(key: str, values: Any, fmt: Any, **extra: str) -> None:
        if isinstance(values, list) and len(values) == 3 and values[0] > 0 and values[2] > values[0]:
            found.append((values[2] / values[0], t(WHY[key]).format(
                lo=fmt(values[0]), hi=fmt(values[2]), **extra)))

    city = t(CITY_WIDE) if "zone" in asset.get("missing", []) else ""
    farmland = p.get("category") == "agricultural_land"
    add("rate_ha" if farmland else "rate", p.get("rate"), words.money, city=city)
    add("new_price", p.get("new_price"), words.money)
    add("age", p.get("age_factor"), lambda v: words.number(v, 2))
    if asset["kind"] != "company_stake":
        add("forced_sale", p.get("forced_sale_factor"), words.percent)
    for key, name in (("mortgage", "mortgages_registered"), ("pledge", "pledges_registered")):
        if isinstance(p.get(name), int | float) and p[name] > 0:
            found.append((10.0, t(WHY[key]).format(amount=words.money(p[name]))))
    if "indivision" in asset.get("flags", []):
        found.append((1 / 0.75, t(WHY["indivision"])))
    if asset["kind"] == "company_stake":
        found.append((100.0, t(WHY["stake"])))
    return found


def spread(asset: dict[str, Any], words: Words) -> list[str]:
    """Why the value's range is wide, widest cause first, and what would narrow each; nothing
    for a range narrower than ``WIDE_RATIO``."""
    value = asset["value"]
    low, high = float(value["low"]), float(value["high"])
    if high <= 0 or (low > 0 and high / low < WIDE_RATIO):
        return []
    t = words.translate
    head = t(LOW_ZERO) if low <= 0 else t(WIDE).format(low=words.money(low), high=words.money(high))
    causes = sorted(_causes(asset, words), key=lambda c: -c[0])
    return [head] + [sentence for _, sentence in causes]
