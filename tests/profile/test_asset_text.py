"""What a person reads about an asset: its location and why a part is missing, the method in
words, why its range is wide and what would narrow it."""

from __future__ import annotations

from typing import Any

from skiptrace.profile import build_profile
from skiptrace.profile.asset_text import location, method, spread
from skiptrace.profile.wording import ENGLISH
from tests.profile.factories import AS_OF, realistic_case


def title(low: float, high: float, *, missing: tuple[str, ...] = (), flags: tuple[str, ...] = (),
          mortgage: float = 0.0) -> dict[str, Any]:
    parameters = [{"name": "rate", "value": [7000.0, 12500.0, 22000.0]},
                  {"name": "forced_sale_factor", "value": [0.4, 0.55, 0.67]},
                  {"name": "mortgages_registered", "value": mortgage},
                  {"name": "category", "value": "apartment"}]
    return {"kind": "land_title", "value": {"low": low, "mid": (low + high) / 2, "high": high},
            "missing": list(missing), "flags": list(flags), "parameters": parameters}


def test_location_says_why_the_zone_is_missing():
    props = {"address": "Résidence Nour, Hay Hassani", "zone": "Hay Hassani", "city": "Casablanca",
             "conservation": "Casablanca-Anfa"}
    lines = location(title(1, 2), props, ENGLISH)
    assert lines == ["Location: Résidence Nour, Hay Hassani, Casablanca.",
                     "Kept by the conservation foncière of Casablanca-Anfa."]
    tiered = location(title(1, 2, missing=("zone",)), {**props, "zone": "Touabel", "city": "Tétouan"}, ENGLISH)
    assert "Its zone (Touabel) is not in the rate tables' zone tiers" in tiered[-1]
    bare = location(title(1, 2, missing=("zone",)), {"city": "Fès"}, ENGLISH)
    assert bare[0] == "Location: Fès."
    assert bare[1].startswith("The source does not name its conservation")
    assert bare[2].startswith("The land registry gives no zone")


def test_a_narrow_range_needs_no_explanation():
    assert spread(title(100_000, 150_000), ENGLISH) == []


def test_a_wide_range_names_its_causes_widest_first():
    lines = spread(title(50_000, 500_000, missing=("zone",)), ENGLISH)
    assert lines[0] == "The range is wide (50,000 MAD to 500,000 MAD):"
    assert lines[1].startswith("the price per m² runs from 7,000 MAD to 22,000 MAD (the city-wide rate)")
    assert "the exact zone" in lines[1]
    assert lines[2].startswith("an auction fetches 40% to 67%")


def test_a_zero_low_value_names_the_mortgage_first():
    lines = spread(title(0, 300_000, flags=("mortgage",), mortgage=603_000), ENGLISH)
    assert lines[0] == "The low value is 0:"
    assert "603,000 MAD" in lines[1] and "balance still owed" in lines[1]


def test_the_method_is_explained_with_the_factors_the_assets_used():
    debtor, matches, statuses = realistic_case()
    profile = build_profile(debtor, matches, statuses, as_of=AS_OF)
    land = [a for a in profile["assets"] if a["kind"] == "land_title"]
    text = " ".join(method("land_title", land, ENGLISH))
    assert "forced-sale factor (40% – 67%)" in text and "not what is still owed" in text
    cars = [a for a in profile["assets"] if a["kind"] == "vehicle"]
    assert "nothing when it is leased" in " ".join(method("vehicle", cars, ENGLISH))
    shop = {"parameters": [{"name": "forced_sale_factor", "value": [0.35, 0.5, 0.65]}]}
    assert "(35% – 67%)" in " ".join(method("land_title", [*land, shop], ENGLISH))
