"""VALUATION.md §9 reproduced: worked examples, shares, charges, vehicles, stakes, overrides."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
import yaml

from skiptrace.profile.valuation import (
    load_params,
    parse_share,
    value_land_title,
    value_stake,
    value_vehicle,
)
from skiptrace.profile.valuation.land import area_m2
from skiptrace.profile.valuation.params import fold

PARAMS = load_params()
FLAT = {"nature": "appartement", "city": "Casablanca", "zone": "Hay Hassani", "area_m2": 85}
MORTGAGE = [{"type": "hypotheque", "amount": 300_000, "beneficiary": "CIH Bank"}]


def test_worked_example_9_1_apartment_half_share_mortgaged():
    value = value_land_title({**FLAT, "charges": MORTGAGE}, "1/2", 2, PARAMS)
    assert value.low == 0
    assert value.mid == pytest.approx(121_700, rel=0.002)
    assert value.high == pytest.approx(306_700, rel=0.002)
    assert {"mortgage", "indivision"} <= set(value.flags)


def test_third_share_is_a_third_of_the_net_title_before_the_factors():
    whole = value_land_title(FLAT, "1/1", 1, PARAMS)
    third = value_land_title(FLAT, "1/3", 3, PARAMS)
    indivision = PARAMS.band("indivision_factor")
    for i, scenario in enumerate(("low", "mid", "high")):
        expected = getattr(whole, scenario) / 3 * indivision[i]
        assert getattr(third, scenario) == pytest.approx(expected, abs=1.0)
    assert "indivision_many" in third.flags and "indivision" not in whole.flags


def test_mortgaged_title_is_valued_net_of_the_charge():
    free = value_land_title(FLAT, "1/1", 1, PARAMS)
    charged = value_land_title({**FLAT, "charges": MORTGAGE}, "1/1", 1, PARAMS)
    deducted = PARAMS.band("mortgage_share_deducted")
    for i, scenario in enumerate(("low", "mid", "high")):
        expected = max(0.0, getattr(free, scenario) - 300_000 * deducted[i])
        assert getattr(charged, scenario) == pytest.approx(expected, abs=1.0)
    assert charged.mid < free.mid


def test_mainlevee_lifts_the_mortgage_of_the_same_beneficiary():
    lifted = MORTGAGE + [{"type": "mainlevee", "beneficiary": "CIH BANK"}]
    assert value_land_title({**FLAT, "charges": lifted}, "1/1", 1, PARAMS).mid == value_land_title(FLAT, "1/1", 1, PARAMS).mid


def test_seizure_and_unknown_mortgage_amount_are_flagged():
    charges = [{"type": "saisie_conservatoire"}, {"type": "hypotheque", "beneficiary": "X"}]
    value = value_land_title({**FLAT, "charges": charges}, "1/1", 1, PARAMS)
    assert {"seizure", "mortgage"} <= set(value.flags)
    assert "mortgage amount" in value.missing and value.low == 0


def test_area_text_in_hectares_ares_centiares():
    assert area_m2({"area_text": "2 ha 15 a 30 ca"}, PARAMS) == 21_530


def test_agricultural_land_is_priced_per_hectare():
    value = value_land_title({"nature": "terrain agricole", "city": "Settat", "area_text": "2 ha"}, "1/1", 1, PARAMS)
    rate = PARAMS.rates["agricultural_ha"][PARAMS.rates["agricultural_default"]]
    forced = PARAMS.band("forced_sale_factor", "agricultural_land")
    assert value.mid == pytest.approx(2 * rate[1] * forced[1] * 0.95, abs=1.0)


def test_missing_area_and_zone_are_listed():
    value = value_land_title({"nature": "villa", "city": "Oujda"}, None, 1, PARAMS)
    assert {"area", "zone"} <= set(value.missing) and value.mid == 0


def test_worked_example_9_2_dacia_logan():
    fields = {"make": "Dacia", "model": "Logan 1.5 dCi", "fuel": "diesel", "first_registration": "2018-01-15"}
    value = value_vehicle(fields, date(2025, 6, 1), PARAMS)
    assert value.parameters["class"] == "A" and value.parameters["age_years"] == 7
    assert value.low == pytest.approx(16_600, rel=0.02)
    assert value.mid == pytest.approx(32_700, rel=0.02)
    assert value.high == pytest.approx(54_900, rel=0.02)


def test_pledge_is_deducted_and_leasing_is_worth_nothing():
    base = {"make": "Hyundai", "model": "Tucson", "fuel": "diesel", "first_registration": "2022-01-01"}
    free = value_vehicle(base, date(2026, 1, 2), PARAMS)
    pledged = value_vehicle({**base, "pledges": [{"creditor": "Wafasalaf", "amount": 50_000}]}, date(2026, 1, 2), PARAMS)
    leased = value_vehicle({**base, "leasing": True}, date(2026, 1, 2), PARAMS)
    assert pledged.mid == pytest.approx(max(0.0, free.mid - 50_000 * 0.6), abs=1.0) and "pledge" in pledged.flags
    assert (leased.low, leased.mid, leased.high) == (0, 0, 0) and "leasing" in leased.flags


def test_stake_low_is_zero_and_nominal_shown_apart():
    company = {"capital": 100_000, "legal_form": "SARL", "created": "2010-01-01"}
    value = value_stake(company, Fraction(1, 2), date(2026, 1, 1), PARAMS)
    assert value.low == 0 and value.nominal == 50_000
    assert value.mid == pytest.approx(0.5 * 50_000 * 0.20)
    assert value.high == pytest.approx(50_000 * 0.50)


def test_young_sarl_capital_is_taken_as_quarter_paid():
    company = {"capital": 100_000, "legal_form": "SARL AU", "created": "2024-06-01"}
    value = value_stake(company, Fraction(1), date(2026, 1, 1), PARAMS)
    assert value.mid == pytest.approx(0.5 * 25_000 * 0.20)


@pytest.mark.parametrize(("text", "expected"), [("1/3", Fraction(1, 3)), ("13/40", Fraction(13, 40)), ("50%", Fraction(1, 2)), ("2/1", None), ("x", None)])
def test_parse_share(text, expected):
    assert parse_share(text) == expected


def test_tables_are_overridable_from_a_directory(tmp_path):
    data = dict(PARAMS.params)
    data["forced_sale_factor"] = {**data["forced_sale_factor"], "apartment": [1.0, 1.0, 1.0]}
    (tmp_path / "params.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    custom = load_params(tmp_path)
    assert custom.origin == str(tmp_path)
    assert value_land_title(FLAT, "1/1", 1, custom).mid > value_land_title(FLAT, "1/1", 1, PARAMS).mid


@pytest.mark.parametrize(("raw", "expected"), [("100 000,00 MAD", 100_000.0), ("1.234,5", 1234.5), ("1,234.5", 1234.5), (85, 85.0), ("n/a", None), (None, None)])
def test_numbers_as_sources_write_them(raw, expected):
    from skiptrace.profile.valuation.common import to_number

    assert to_number(raw) == expected


@pytest.mark.parametrize(("raw", "key"), [
    ("Fès", "fes"), ("  Hay   Riad ", "hay riad"), ("Triangle d’Or", "triangle d'or"),
    ("Mercedes-Benz", "mercedes-benz"), ("Citroën C-Elysée", "citroen c-elysee"),
    ("Skhirat-Témara", "skhirat-temara"), ("الدار البيضاء", "الدار البيضاء"), ("2 Mars", "2 mars"),
])
def test_table_keys_fold_as_matching_does_keeping_apostrophes_and_hyphens(raw, key):
    assert fold(raw) == key


def test_every_lookup_key_of_the_tables_is_its_own_folded_form():
    rates, vehicles = PARAMS.rates, PARAMS.vehicles
    adjustments = PARAMS.params["vehicle_adjustments"]
    keys = {*rates["city_aliases"], *rates["city_aliases"].values(), *rates["apartment_city"],
            *rates["villa_city"], *rates["big_cities"], *rates["casa_rabat"], *vehicles["models"],
            *vehicles["makes"], *adjustments["liquid_makes"], *adjustments["premium_makes"],
            *(q for tiers in rates["zone_tiers"].values() for t in tiers.values() for q in t["quartiers"])}
    assert [k for k in keys if fold(k) != k] == []


def test_punctuation_around_a_city_no_longer_hides_it():
    assert PARAMS.city_key("Casablanca.") == PARAMS.city_key("casablanca") == "casablanca"
