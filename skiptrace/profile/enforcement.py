"""The enforcement proposal: the debtor's own assets in the order to pursue them, each with its
expected net value, obstacles, what the step needs, and its cost and delay.

Advice for the CNSS recovery office that a person decides (law 09-08: no decision by automated
processing alone); the profile says so in ``notice``. Values are the valuation's (assets.py,
VALUATION.md §9 mid); costs and delays come from skiptrace/data/enforcement.yml
(enforcement_table.py). The order, each rule a documented assumption (enforcement_text.py
ASSUMPTIONS, docs/profile.md):

1. an asset worth more than ``disproportion_ratio`` times what it must cover comes last when the
   others, smaller, cover the amount together at their mid values (proportionality: the
   expected case, not the worst, decides whether a smaller seizure is enough);
2. movables (vehicles, company parts) before immovables when the movables' low values cover the
   amount (DOMAIN.md §8.3, law 15-97 art. 67, marked uncertain there; ``movables_first``);
3. an asset that covers the amount alone at its low value, then at its mid value, then partial;
4. one without a heavy obstacle (an existing seizure, a commandement, indivision, usufruct,
   prénotation) before one with;
5. the smallest sufficient asset first, the largest partial one first; then cost, delay, id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skiptrace.profile import enforcement_text as text
from skiptrace.profile.enforcement_table import EnforcementTable

MOVABLE = frozenset({"vehicle", "company_stake"})
HEAVY = frozenset({"seizure", "commandement", "indivision", "usufruct", "prenotation"})
OBSTACLE_FLAGS = ("mortgage", "seizure", "commandement", "indivision", "indivision_many",
                  "pledge", "usufruct", "prenotation", "review_area", "nominal_only")
COVERAGE = ("low", "mid", "partial")


BASIS = (("[?]", "assumption"), ("[E]", "estimate"), ("[S]", "sourced"))


def basis(sources: list[str]) -> str:
    """The weakest kind of figure among ``sources``: a sum is no better sourced than its least
    sourced part (``assumption`` < ``estimate`` < ``sourced``)."""
    for marker, word in BASIS:
        if any(s.startswith(marker) for s in sources):
            return word
    return "assumption"  # a figure that does not say where it comes from is an assumption


@dataclass(frozen=True)
class Candidate:
    """One of the debtor's assets as a possible step, with the figures the order compares and
    where they come from."""

    asset: dict[str, Any]
    cost: float
    delay: int
    cost_sources: tuple[str, ...]
    delay_sources: tuple[str, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.delay_sources[:1] + self.cost_sources + self.delay_sources[1:]))

    @property
    def low(self) -> float:
        return float(self.asset["value"]["low"])

    @property
    def mid(self) -> float:
        return float(self.asset["value"]["mid"])

    @property
    def movable(self) -> bool:
        return self.asset["kind"] in MOVABLE

    @property
    def heavy(self) -> bool:
        return bool(HEAVY & set(self.asset["flags"]))


def _candidate(asset: dict[str, Any], table: EnforcementTable) -> Candidate:
    kind = asset["kind"]
    cost, delay = table.step(kind, "cost_mad"), table.step(kind, "delay_days")
    costs, delays = [cost], [table.commandement_delay, delay]
    for flag in sorted(set(asset["flags"])):
        extra_cost, extra_delay = table.surcharge(flag, "cost_mad"), table.surcharge(flag, "delay_days")
        costs += [extra_cost] if extra_cost is not None else []
        delays += [extra_delay] if extra_delay is not None else []
    return Candidate(asset, float(sum(f.value for f in costs)), int(sum(f.value for f in delays)),
                     tuple(f.source for f in costs), tuple(f.source for f in delays))


def _set_aside(asset: dict[str, Any], table: EnforcementTable) -> str | None:
    """Why an asset is not a step (a code), or None when it is one."""
    if asset["held_by"] != "debtor":
        return "company_asset"
    if {"leasing", "not_owned"} & set(asset["flags"]):
        return "not_owned"
    if asset["value"]["mid"] <= 0:
        return "no_value"
    if asset["value"]["mid"] <= table.step(asset["kind"], "cost_mad").value:
        return "costs_more"
    return None


def _suffice(group: list[Candidate], target: float, scenario: str = "low") -> bool:
    """The group's values (``low`` or ``mid``), less each step's cost, cover the amount."""
    return sum((c.low if scenario == "low" else c.mid) - c.cost for c in group) >= target


def _coverage(c: Candidate, target: float) -> str:
    need = target + c.cost
    return "low" if c.low >= need else "mid" if c.mid >= need else "partial"


def order(candidates: list[Candidate], target: float, table: EnforcementTable
          ) -> tuple[list[tuple[Candidate, str, bool]], bool]:
    """The candidates in the order to pursue them, each with its coverage and whether it is
    disproportionate; and whether the movables cover the amount (rule 2 applied or not)."""
    ratio = table.disproportion_ratio.value
    big = {id(c) for c in candidates if target > 0 and c.mid > ratio * (target + c.cost)}
    small = [c for c in candidates if id(c) not in big]
    disproportionate = {i for i in big if _suffice(small, target, "mid")}
    movables = [c for c in candidates if c.movable]
    movables_suffice = bool(movables) and _suffice(movables, target)
    first = bool(table.movables_first.value) and movables_suffice

    def key(c: Candidate) -> tuple[Any, ...]:
        coverage = _coverage(c, target)
        size = c.mid if coverage != "partial" else -c.mid
        return (id(c) in disproportionate, first and not c.movable, COVERAGE.index(coverage),
                c.heavy, size, c.cost, c.delay, c.asset["asset_id"])

    ranked = sorted(candidates, key=key)
    return [(c, _coverage(c, target), id(c) in disproportionate) for c in ranked], movables_suffice


def _step(rank: int, c: Candidate, coverage: str, disproportionate: bool, target: float,
          props: dict[str, Any], companies: dict[str, str]) -> dict[str, Any]:
    a = c.asset
    codes = [f for f in OBSTACLE_FLAGS if f in a["flags"]]
    if disproportionate:
        codes.append("disproportionate")
    times = c.mid / target if target else 0.0
    return {
        "rank": rank,
        "asset": a["asset_id"],
        "kind": a["kind"],
        "label": a["label"],
        "expected_net_mad": float(a["value"]["mid"]),
        "low_mad": float(a["value"]["low"]),
        "movable": c.movable,
        "coverage": coverage,
        "proportionate": not disproportionate,
        "obstacle_codes": codes,
        "obstacles": [text.obstacle(code, a, times=times) for code in codes],
        "needs": text.needs(a["kind"], a, props.get(a["asset_id"], {}),
                            company=companies.get(a["asset_id"])),
        "cost_mad": c.cost,
        "delay_days": c.delay,
        "cost_basis": basis(list(c.cost_sources)),
        "delay_basis": basis(list(c.delay_sources)),
        "sources": list(c.sources),
    }


def propose(debt: float | None, assets: list[dict[str, Any]], table: EnforcementTable,
            props: dict[str, dict[str, Any]], companies: dict[str, str]) -> dict[str, Any]:
    """The profile's ``enforcement`` block. ``props``: asset id → its graph node's properties
    (title number, conservation, plate); ``companies``: a stake's asset id → the company's name."""
    fee = table.commandement_fee.value
    target = round((debt or 0.0) * (1 + fee), 2)
    candidates, set_aside = [], []
    for asset in assets:
        why = _set_aside(asset, table)
        if why is None:
            candidates.append(_candidate(asset, table))
        else:
            set_aside.append({"asset": asset["asset_id"], "label": asset["label"], "reason": why})
    ranked, movables_suffice = order(candidates, target, table)
    parameters = {
        "amount_to_recover_mad": target if debt else None,
        "commandement_fee_rate": fee,
        "movables_first": bool(table.movables_first.value),
        "movables_suffice": movables_suffice,
        "disproportion_ratio": table.disproportion_ratio.value,
        "table": table.origin,
    }
    return {
        "notice": text.notice(),
        "assumptions": text.assumptions(parameters),
        "parameters": parameters,
        "steps": [_step(rank, c, coverage, disp, target, props, companies)
                  for rank, (c, coverage, disp) in enumerate(ranked, 1)],
        "set_aside": sorted(set_aside, key=lambda s: s["asset"]),
    }
