"""Two addresses in two known cities are ``different_city`` before anything else is compared
(issue 17): the ladder's first rung, now decided without comparing the street, quarter and
residence names, which was most of the cost of comparing a debtor with the parties a name
search finds across the country. The level must be the one the whole ladder gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import addresses
from matching.address_parse import parse_address
from matching.addresses import _facts, _ladder_level, _level, compare_addresses

PARTS = st.sampled_from([
    "12", "n° 7", "Rue 12", "Rue Ibn Sina", "Bd Zerktouni", "Avenue Hassan II", "Hay Nahda 1",
    "Quartier Hassani", "Lot. Al Wifak", "Résidence Al Amal", "Imm 4", "Appt 21", "Bloc 10",
    "Derb Sidi Bouloukat", "Douar Ouled Ali", "2ème étage", "Casablanca", "Rabat", "Fès", "Fes",
    "Salé", "Marrakech", "Tanger", "20250", "10000", "Agadir", "Hay Mohammadi",
])
ADDRESS = st.lists(PARTS, min_size=1, max_size=5).map(", ".join)


@settings(max_examples=400, deadline=None)
@given(ADDRESS, ADDRESS)
def test_the_level_is_the_whole_ladders(a: str, b: str) -> None:
    pa, pb = parse_address(a), parse_address(b)
    assert _level(pa, pb) == _ladder_level(_facts(pa, pb))


def test_two_cities_compare_no_names(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(x: str | None, y: str | None) -> bool:
        raise AssertionError("names compared for two addresses in two cities")

    monkeypatch.setattr(addresses, "same_name", refuse)
    pa = parse_address("12 Rue Ibn Sina, Casablanca")
    pb = parse_address("12 Rue Ibn Sina, Rabat")
    assert _level(pa, pb) == "different_city"
    with pytest.raises(AssertionError):
        _level(pa, parse_address("12 Rue Ibn Sina, Casablanca"))


def test_the_same_door_in_one_city_is_still_found() -> None:
    assert compare_addresses.__wrapped__("12 Rue Ibn Sina, Casablanca",
                                         "n° 12, rue Ibn Sina, Casablanca").level == "exact"
