"""The enforcement proposal: order (movables first where they suffice, nothing disproportionate
first), obstacles, needs, costs and delays from the table, and the "a person decides" notice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from skiptrace.errors import ConfigError
from skiptrace.profile import ProfileParams, build_profile
from skiptrace.profile.enforcement import propose
from skiptrace.profile.enforcement_table import Figure, load_table
from tests.profile.factories import AS_OF, realistic_case

TABLE = load_table()
PROPS = {"title:1/C": {"title_number": "TF 1/C", "conservation": "Casablanca-Anfa"},
         "vehicle:2-أ-6": {"plate": "2-أ-6"}}


def asset(asset_id: str, kind: str, low: float, mid: float, *, flags: tuple[str, ...] = (),
          held_by: str = "debtor", share: str | None = None,
          parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"asset_id": asset_id, "kind": kind, "label": asset_id.split(":", 1)[1],
            "value": {"low": low, "mid": mid, "high": mid * 2}, "flags": list(flags),
            "held_by": held_by, "share": share, "parameters": parameters or []}


CAR = asset("vehicle:2-أ-6", "vehicle", 9_000, 18_000)
HOME = asset("title:1/C", "land_title", 300_000, 1_500_000)


def _ids(proposal: dict[str, Any]) -> list[str]:
    return [s["asset"] for s in proposal["steps"]]


def test_a_movable_covering_the_debt_at_its_low_value_comes_first():
    proposal = propose(5_000, [HOME, CAR], TABLE, PROPS, {})
    assert _ids(proposal) == ["vehicle:2-أ-6", "title:1/C"]
    car, home = proposal["steps"]
    assert car["coverage"] == "low" and car["movable"]
    assert home["proportionate"] is False and "disproportionate" in home["obstacle_codes"]
    assert proposal["parameters"]["movables_suffice"] is True


def test_nothing_disproportionate_first_even_without_the_movables_rule():
    table = replace(TABLE, movables_first=Figure(0, "test"))
    two_cars = [asset("vehicle:3-ب-6", "vehicle", 4_000, 7_000), asset("vehicle:4-ب-6", "vehicle", 5_000, 8_000)]
    # neither car covers 5,100 + 1,500 alone; together they do, so the home is disproportionate
    proposal = propose(5_000, [HOME, *two_cars], table, PROPS, {})
    assert proposal["steps"][0]["asset"] != "title:1/C"
    assert proposal["steps"][-1]["asset"] == "title:1/C"


def test_movables_that_suffice_together_come_before_a_title_that_suffices_alone():
    cars = [asset("vehicle:3-ب-6", "vehicle", 12_000, 20_000), asset("vehicle:4-ب-6", "vehicle", 12_000, 20_000)]
    home = asset("title:1/C", "land_title", 60_000, 150_000)  # covers alone, not disproportionate
    assert _ids(propose(20_000, [home, *cars], TABLE, PROPS, {})) == ["vehicle:3-ب-6", "vehicle:4-ب-6", "title:1/C"]
    off = replace(TABLE, movables_first=Figure(0, "test"))
    assert _ids(propose(20_000, [home, *cars], off, PROPS, {}))[0] == "title:1/C"


def test_a_building_eighty_times_the_debt_comes_after_a_car_that_covers_it_at_mid():
    # DEB-0000013 of the sandbox: 10,765 MAD owed, a building worth 890,435 (mid), two cars
    building = asset("title:1/C", "land_title", 342_475, 890_435)
    cars = [asset("vehicle:3-ب-6", "vehicle", 8_606, 17_550),
            asset("vehicle:4-ب-6", "vehicle", 0, 63_540, flags=("pledge",))]
    proposal = propose(10_765.4, [building, *cars], TABLE, PROPS, {})
    assert _ids(proposal) == ["vehicle:3-ب-6", "vehicle:4-ب-6", "title:1/C"]
    assert proposal["steps"][0]["coverage"] == "mid"
    assert proposal["steps"][-1]["proportionate"] is False


def test_the_home_comes_first_when_nothing_smaller_suffices():
    proposal = propose(200_000, [CAR, HOME], TABLE, PROPS, {})
    assert _ids(proposal) == ["title:1/C", "vehicle:2-أ-6"]
    assert proposal["steps"][0]["coverage"] == "low" and proposal["steps"][0]["proportionate"]
    assert proposal["parameters"]["movables_suffice"] is False


def test_obstacles_are_listed_with_their_amounts_and_share():
    title = asset("title:1/C", "land_title", 10_000, 90_000, flags=("indivision", "mortgage", "seizure"),
                  share="1/3", parameters=[{"name": "mortgages_registered", "value": 150_000.0}])
    car = asset("vehicle:2-أ-6", "vehicle", 0, 20_000, flags=("pledge",),
                parameters=[{"name": "pledges_registered", "value": 40_000.0}])
    steps = {s["asset"]: s for s in propose(50_000, [title, car], TABLE, PROPS, {})["steps"]}
    t, c = steps["title:1/C"], steps["vehicle:2-أ-6"]
    assert t["obstacle_codes"] == ["mortgage", "seizure", "indivision"]
    assert "150,000 MAD" in t["obstacles"][0] and "already seized" in t["obstacles"][1]
    assert "1/3" in t["obstacles"][2]
    assert c["obstacle_codes"] == ["pledge"] and "40,000 MAD" in c["obstacles"][0]


def test_needs_cost_and_delay_come_from_the_table():
    steps = {s["asset"]: s for s in propose(5_000, [HOME, CAR], TABLE, PROPS, {})["steps"]}
    home, car = steps["title:1/C"], steps["vehicle:2-أ-6"]
    assert "certificat de propriété of TF 1/C" in home["needs"] and "Casablanca-Anfa" in home["needs"]
    assert car["cost_mad"] == TABLE.step("vehicle", "cost_mad").value
    assert car["delay_days"] == TABLE.commandement_delay.value + TABLE.step("vehicle", "delay_days").value
    assert all(s.startswith(("[S]", "[E]", "[?]")) for s in home["sources"])
    assert (car["cost_basis"], car["delay_basis"]) == ("assumption", "sourced")  # [?] fee; [S] 20 + 90 days
    assert (home["cost_basis"], home["delay_basis"]) == ("assumption", "estimate")  # [S] 20 + [E] 540 days


def test_a_title_without_its_conservation_says_so():
    step = propose(5_000, [HOME], TABLE, {"title:1/C": {"title_number": "TF 1/C"}}, {})["steps"][0]
    assert "does not name it" in step["needs"]


def test_indivision_adds_its_delay_and_cost():
    plain = propose(5_000, [HOME], TABLE, PROPS, {})["steps"][0]
    shared = propose(5_000, [asset("title:1/C", "land_title", 300_000, 1_500_000, flags=("indivision",), share="1/2")],
                     TABLE, PROPS, {})["steps"][0]
    assert shared["delay_days"] == plain["delay_days"] + TABLE.surcharge("indivision", "delay_days").value
    assert shared["cost_mad"] == plain["cost_mad"] + TABLE.surcharge("indivision", "cost_mad").value


def test_assets_that_cannot_be_steps_are_set_aside_with_a_reason():
    others = [asset("title:9/C", "land_title", 50_000, 90_000, held_by="company"),
              asset("vehicle:5-ب-6", "vehicle", 0, 0, flags=("leasing",)),
              asset("title:8/C", "land_title", 0, 0, flags=("mortgage",)),
              asset("company:1", "company_stake", 0, 120, flags=("nominal_only",))]
    proposal = propose(5_000, [CAR, *others], TABLE, PROPS, {})
    assert _ids(proposal) == ["vehicle:2-أ-6"]
    assert {s["asset"]: s["reason"] for s in proposal["set_aside"]} == {
        "title:9/C": "company_asset", "vehicle:5-ب-6": "not_owned", "title:8/C": "no_value",
        "company:1": "costs_more"}


def test_the_wording_says_a_person_decides():
    proposal = propose(5_000, [CAR], TABLE, PROPS, {})
    assert "for a person to examine and decide" in proposal["notice"]
    assert "09-08" in proposal["notice"]
    assert any("law 15-97" in a and "not verified" in a for a in proposal["assumptions"])


def test_a_table_file_replaces_the_shipped_one(tmp_path: Path):
    data = yaml.safe_load(Path("skiptrace/data/enforcement.yml").read_text(encoding="utf-8"))
    data["steps"]["vehicle"]["cost_mad"] = {"value": 700, "source": "[S] our agents' tariff 2026"}
    path = tmp_path / "enforcement.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    params = ProfileParams.load(enforcement=path)
    assert params.enforcement.step("vehicle", "cost_mad") == Figure(700.0, "[S] our agents' tariff 2026")
    assert params.describe()["enforcement"] == str(path)
    data["steps"]["vehicle"]["cost_mad"] = {"value": 700}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match="source"):
        load_table(path)


def test_profile_carries_the_proposal_deterministically():
    debtor, matches, statuses = realistic_case()
    first = build_profile(debtor, matches, statuses, as_of=AS_OF)
    again = build_profile(debtor, list(reversed(matches)), statuses, as_of=AS_OF)
    assert first["enforcement"] == again["enforcement"]
    steps = first["enforcement"]["steps"]
    assert [s["asset"] for s in steps] == ["vehicle:45871-أ-6", "title:12345/C"]
    title = steps[1]
    assert title["expected_net_mad"] == next(a for a in first["assets"] if a["asset_id"] == "title:12345/C")["value"]["mid"]
    assert "Casablanca-Anfa" in title["needs"]


kinds = st.sampled_from(["vehicle", "land_title", "company_stake"])
flag_sets = st.lists(st.sampled_from(["mortgage", "seizure", "indivision", "pledge", "leasing"]), max_size=2, unique=True)
asset_strategy = st.tuples(kinds, st.floats(0, 2_000_000), st.floats(0, 2_000_000), flag_sets)


def _assets(items: list[tuple[str, float, float, list[str]]]) -> list[dict[str, Any]]:
    return [asset(f"{kind}:{i}", kind, min(a, b), max(a, b), flags=tuple(flags))
            for i, (kind, a, b, flags) in enumerate(items)]


@settings(deadline=None)  # timing varies on a shared machine; the property is what is tested
@given(st.lists(asset_strategy, max_size=8), st.floats(0, 500_000), st.booleans())
def test_order_invariants(items, debt, movables_first):
    table = replace(TABLE, movables_first=Figure(float(movables_first), "test"))
    assets = _assets(items)
    proposal = propose(debt, assets, table, {}, {})
    steps = proposal["steps"]
    assert [s["rank"] for s in steps] == list(range(1, len(steps) + 1))
    seen = [s["asset"] for s in steps] + [s["asset"] for s in proposal["set_aside"]]
    assert sorted(seen) == sorted(a["asset_id"] for a in assets)  # each asset once
    if steps and any(not s["proportionate"] for s in steps):
        assert steps[0]["proportionate"]  # nothing disproportionate first
    covering_movable = [s for s in steps if s["movable"] and s["coverage"] == "low" and s["proportionate"]]
    if movables_first and covering_movable:
        assert steps[0]["movable"] and steps[0]["coverage"] == "low"
    if movables_first and proposal["parameters"]["movables_suffice"]:
        fair = [s["movable"] for s in steps if s["proportionate"]]
        assert fair == sorted(fair, reverse=True)  # every movable before every immovable
    assert propose(debt, list(reversed(assets)), table, {}, {}) == proposal  # input order is irrelevant
