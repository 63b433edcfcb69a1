"""What a person reads about one valued asset, beside its figures: where a title is (and why a
part of its location is missing), how its value was estimated in plain words (the reader has
no VALUATION.md), and why its range is wide and what would narrow it.

Written from the asset's own fields and its graph node's properties, in ``Words``' language
(wording.py); the HTML report and the terminal call these with the reader's words.
"""

from __future__ import annotations

from typing import Any

from skiptrace.i18n import N_
from skiptrace.profile.wording import Words

WHERE = N_("Location: {place}.")
KEPT_BY = N_("Kept by the conservation foncière of {conservation}.")
NO_CONSERVATION = N_("The source does not name its conservation foncière: ask the ANCFCC by the "
                     "title number.")
NO_ZONE = N_("The land registry gives no zone (quartier) for it: the city-wide rate applies, "
             "a wider range.")
ZONE_NOT_TIERED = N_("Its zone ({zone}) is not in the rate tables' zone tiers, which cover "
                     "quartiers of Casablanca and Rabat only: the city-wide rate applies, a wider "
                     "range.")
NO_CITY = N_("No city given: the default rate for other towns applies.")

METHOD = {
    "land_title": (
        N_("Market value: area × a price per m² for its kind (apartment, villa, house, shop, "
           "land) in its zone or city, from tax-office reference prices, recorded sales and "
           "listings."),
        N_("× a forced-sale factor ({factor}): what a court auction fetches against the market "
           "value, from press reports of Moroccan court sales."),
        N_("− the mortgages registered ahead of the CNSS, counted at {all} (low), {most} (mid) and "
           "{some} (high) of the amount registered: the title shows what was lent, not what is "
           "still owed; − {costs} sale costs."),
        N_("× the debtor's share; a share in indivision sold alone × 0.75 to 1."),
    ),
    "vehicle": (
        N_("Market value: the new price of its class (found from the make and model) × an age "
           "factor (about {yearly} less a year) × adjustments for the make, diesel and power."),
        N_("× a forced-sale factor ({factor}), − {costs} costs (bailiff, towing, storage), − "
           "the pledges registered ({all}, {most}, {some}); nothing when it is leased."),
    ),
    "company_stake": (
        N_("Parts of a company have almost no market and a buyer needs the partners' approval: low "
           "0; mid half the smaller of the book value and the nominal value × {stake_mid}; high "
           "the larger × {stake_high}."),
        N_("The nominal value (capital × share) is shown apart: it is not what a sale would bring."),
    ),
}

WIDE = N_("The range is wide ({low} to {high}):")
LOW_ZERO = N_("The low value is 0:")
WHY = {
    "rate": N_("the price per m² runs from {lo} to {hi}{city}; the exact zone, or the tax "
               "office's reference price for it, would narrow it."),
    "rate_ha": N_("the price per hectare runs from {lo} to {hi}: the title does not say the kind "
                  "of farmland (irrigated or not); the land's kind would narrow it."),
    "forced_sale": N_("an auction fetches {lo} to {hi} of the market value; an expert's "
                      "valuation or the court's recent auction results would narrow it."),
    "mortgage": N_("the mortgage registered ({amount}) is deducted at {all} to {some}; the balance "
                   "still owed, from the lender, would fix it."),
    "pledge": N_("the pledge registered ({amount}) is deducted at {all} to {some}; the balance still "
                 "owed, from the lender, would fix it."),
    "indivision": N_("a share sold alone brings {least} to {all} of its part; the co-owners' "
                     "agreement to a joint sale would fix it."),
    "new_price": N_("the class's new price runs from {lo} to {hi}; the exact version on the carte "
                    "grise would narrow it."),
    "age": N_("the age factor runs from {lo} to {hi}; the vehicle's condition and mileage would "
              "narrow it."),
    "stake": N_("company parts have almost no market; the company's filed balance sheet (its "
                "equity) would narrow it."),
}
# The fixed shares the sentences quote, as skiptrace/data/valuation/params.yml ships them
# (mortgage_share_deducted, vehicle_age_factor.yearly, stake factors, indivision_factor); the
# asset's own forced-sale factor and costs come from its parameters.
SHARES = {"all": 1.0, "most": 0.6, "some": 0.3, "yearly": 0.12, "stake_mid": 0.2,
          "stake_high": 0.5, "least": 0.75}
COSTS = {"land_title": 0.05, "vehicle": 0.10}
CITY_WIDE = N_(" (the city-wide rate)")
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


def method(kind: str, assets: list[dict[str, Any]], words: Words) -> list[str]:
    """How assets of ``kind`` were valued, step by step, with the forced-sale factors they used
    (from the lowest low to the highest high)."""
    bands = [b for a in assets if isinstance(b := _params(a).get("forced_sale_factor"), list) and len(b) == 3]
    shown = (f"{words.percent(min(b[0] for b in bands))} – {words.percent(max(b[2] for b in bands))}"
             if bands else "?")
    costs = next((p["enforcement_costs"] for a in assets if "enforcement_costs" in (p := _params(a))),
                 COSTS.get(kind, 0.0))
    shares = {name: words.percent(value) for name, value in SHARES.items()}
    return [words.translate(line).format(factor=shown, costs=words.percent(costs), **shares)
            for line in METHOD.get(kind, ())]


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
            found.append((10.0, t(WHY[key]).format(amount=words.money(p[name]), all=words.percent(1.0),
                                                   some=words.percent(SHARES["some"]))))
    if "indivision" in asset.get("flags", []):
        found.append((1 / SHARES["least"], t(WHY["indivision"]).format(
            least=words.percent(SHARES["least"]), all=words.percent(1.0))))
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
