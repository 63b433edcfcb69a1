"""Expected recovery, effort and the worklist's order (skiptrace/render/worklist.py,
docs/profile.md "Worklist"), on small hand-made profiles: with an enforcement proposal, and
without one (profiles stored before issue 16)."""

from __future__ import annotations

from typing import Any

from skiptrace.render.worklist import (
    DEFAULT_STEP_COST_MAD,
    HANDLING_MAD,
    best_contact,
    first_proposed,
    rank_key,
    sources_failed,
    worth,
)


def step(rank: int, label: str, net: float, cost: float, kind: str = "vehicle") -> dict[str, Any]:
    return {"rank": rank, "asset": f"a:{rank}", "kind": kind, "label": label,
            "expected_net_mad": net, "obstacles": [], "needs": "", "cost_mad": cost,
            "delay_days": 90}


def profile(debt: float | None, steps: list[dict[str, Any]] | None = None, *,
            assets: list[dict[str, Any]] | None = None, segment: str = "forced_recovery",
            debtor_id: str = "D-1") -> dict[str, Any]:
    p: dict[str, Any] = {
        "debtor_id": debtor_id, "assets": assets or [], "sources": [],
        "recoverability": {"debt_amount": debt, "segment": segment,
                           "seizable": {"low": 0, "mid": 0, "high": 0}},
    }
    if steps is not None:
        p["enforcement"] = {"notice": "advice", "assumptions": [], "steps": steps}
    return p


def asset(label: str, mid: float, kind: str = "land_title", held_by: str = "debtor"
          ) -> dict[str, Any]:
    return {"label": label, "kind": kind, "held_by": held_by,
            "value": {"low": 0.0, "mid": mid, "high": mid * 2}}


def test_steps_count_in_rank_order_until_the_debt_is_covered() -> None:
    got = worth(profile(50_000, [step(2, "TF 1/C", 400_000, 6000, "land_title"),
                                 step(1, "car", 30_000, 1500), step(3, "stake", 10_000, 5000)]))
    assert [s.label for s in got.steps] == ["car", "TF 1/C"]  # the stake is not needed
    assert got.recovery == 50_000  # capped at the debt
    assert got.effort == HANDLING_MAD + 1500 + 6000
    assert got.proposed


def test_a_step_worth_nothing_costs_nothing_and_an_unknown_debt_is_not_a_cap() -> None:
    got = worth(profile(None, [step(1, "pledged car", 0, 1500), step(2, "car", 20_000, 1500)]))
    assert [s.label for s in got.steps] == ["car"]
    assert got.recovery == 20_000 and got.effort == HANDLING_MAD + 1500


def test_an_empty_proposal_is_a_proposal_of_nothing_not_a_fallback() -> None:
    got = worth(profile(10_000, [], assets=[asset("TF 9/C", 80_000)]))
    assert got.recovery == 0 and got.effort == HANDLING_MAD and got.proposed
    assert first_proposed(profile(10_000, [])) == ""


def test_without_a_proposal_own_assets_count_by_mid_value_with_default_costs() -> None:
    old = profile(100_000, None, assets=[asset("car", 20_000, "vehicle"), asset("TF 1/C", 60_000),
                                         asset("their company's", 500_000, held_by="company")])
    got = worth(old)
    assert not got.proposed
    assert [s.label for s in got.steps] == ["TF 1/C", "car"]  # a company's asset is not theirs
    assert got.recovery == 80_000
    assert got.effort == HANDLING_MAD + DEFAULT_STEP_COST_MAD["land_title"] + \
        DEFAULT_STEP_COST_MAD["vehicle"]
    assert first_proposed(old) == ""  # nothing was proposed


def test_rank_puts_the_best_ratio_first_then_reachable_segments() -> None:
    rich = profile(100_000, [step(1, "car", 100_000, 1500)], debtor_id="rich")
    small = profile(5_000, [step(1, "car", 5_000, 1500)], debtor_id="small")
    amicable = profile(90_000, [], segment="amicable_contact", debtor_id="amicable")
    search = profile(900_000, [], segment="further_search", debtor_id="search")
    ranked = sorted([search, amicable, small, rich], key=lambda p: rank_key(p, worth(p)))
    assert [p["debtor_id"] for p in ranked] == ["rich", "small", "amicable", "search"]


def test_damaged_numbers_read_as_zero_not_an_error() -> None:
    got = worth(profile(1000, [step(1, "x", float("nan"), float("inf")),
                               {"rank": "?", "label": None, "expected_net_mad": "12"}]))
    assert got.recovery == 12 and got.effort == HANDLING_MAD


def test_best_contact_is_the_verdicts_and_failed_sources_are_named() -> None:
    p = profile(1000, [])
    p["recoverability"]["best_phone"] = "phone:+2126"
    p["contacts"] = {"phones": [{"node_id": "phone:+2125", "value": "A"},
                                {"node_id": "phone:+2126", "value": "B"}], "addresses": []}
    p["sources"] = [{"source": "land_registry", "status": "failed"},
                    {"source": "geocoder", "status": "ok"},
                    {"source": "company_register", "status": "partial"}]
    assert best_contact(p, "phone") == {"node_id": "phone:+2126", "value": "B"}
    assert best_contact(p, "address") is None
    assert sources_failed(p) == ["company_register", "land_registry"]
