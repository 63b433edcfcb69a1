"""What a debtor is worth working on: expected recovery, effort, and the ratio that ranks them.

The operations desk works a portfolio from the top of a list; this module says what "the top"
means, from the profile alone (docs/profile.md, "Worklist"):

- **expected recovery** (MAD): the enforcement proposal's steps taken in their rank order, each
  counted at its ``expected_net_mad`` (VALUATION.md §9 mid, after charges and the debtor's
  share), until the debt is covered; capped at the debt. A profile without a proposal (built
  before issue 16) counts its own assets' mid values the same way. Amicable contact and further
  search are not forecast: they count 0, whatever they may bring.
- **effort** (MAD): what working the file costs the agency — a flat handling cost per file plus
  the cost of every step counted above (``cost_mad`` of the proposal; without one, a default per
  asset kind). Both are estimates [E] to replace with the agency's own figures.
- **ratio**: expected recovery per MAD of effort; the worklist sorts by it, then by expected
  recovery, then by segment (reachable debtors first), then by debt, then by id.

Everything here reads a profile dict and tolerates older profiles (no ``enforcement``, no
``contact_plan``): a missing part gives the fallback, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HANDLING_MAD = 300.0  # [E] opening a file: a letter, two calls, the desk's time
# Only for profiles without an enforcement proposal: the steps' fixed costs of
# skiptrace/data/enforcement.yml (its sources and assumptions there), copied so that a profile
# read back from an older store ranks like the rest.
DEFAULT_STEP_COST_MAD = {"land_title": 6000.0, "vehicle": 1500.0, "company_stake": 5000.0}
OTHER_STEP_COST_MAD = 5000.0
SEGMENT_ORDER = ("forced_recovery", "amicable_contact", "further_search",
                 "irrecoverable_proposal")


@dataclass(frozen=True)
class Step:
    """One enforcement step as the worklist counts it."""

    label: str
    kind: str
    expected_net: float
    cost: float


@dataclass(frozen=True)
class Worth:
    """A debtor's expected recovery, its effort and the steps behind both."""

    recovery: float
    effort: float
    steps: tuple[Step, ...]
    proposed: bool  # the steps come from an enforcement proposal (else from the assets)

    @property
    def ratio(self) -> float:
        return self.recovery / self.effort if self.effort > 0 else 0.0


def _number(value: Any) -> float:
    """A finite float from a profile field; anything else is 0 (older or damaged profiles)."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return 0.0
    return result if result == result and abs(result) != float("inf") else 0.0


def debt(profile: dict[str, Any]) -> float | None:
    value = (profile.get("recoverability") or {}).get("debt_amount")
    return None if value is None else _number(value)


def proposal_steps(profile: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The enforcement proposal's steps in rank order, or None when the profile has none."""
    enforcement = profile.get("enforcement")
    if not isinstance(enforcement, dict):
        return None
    steps = [s for s in enforcement.get("steps") or [] if isinstance(s, dict)]
    return sorted(steps, key=lambda s: _number(s.get("rank")))


def first_proposed(profile: dict[str, Any]) -> str:
    """The label of the proposal's first step; "" without a proposal or a step."""
    steps = proposal_steps(profile)
    return str(steps[0].get("label") or "") if steps else ""


def _candidate_steps(profile: dict[str, Any]) -> tuple[list[Step], bool]:
    steps = proposal_steps(profile)
    if steps is not None:
        return [Step(str(s.get("label") or ""), str(s.get("kind") or ""),
                     _number(s.get("expected_net_mad")), _number(s.get("cost_mad")))
                for s in steps], True
    own = [a for a in profile.get("assets") or []
           if isinstance(a, dict) and a.get("held_by") == "debtor"]
    found = [Step(str(a.get("label") or ""), str(a.get("kind") or ""),
                  _number((a.get("value") or {}).get("mid")),
                  DEFAULT_STEP_COST_MAD.get(str(a.get("kind")), OTHER_STEP_COST_MAD))
             for a in own]
    return sorted(found, key=lambda s: (-s.expected_net, s.label)), False


def worth(profile: dict[str, Any]) -> Worth:
    """Expected recovery and effort of one profile (module docstring)."""
    candidates, proposed = _candidate_steps(profile)
    owed = debt(profile)
    taken: list[Step] = []
    total = 0.0
    for step in candidates:
        if owed is not None and total >= owed:
            break
        if step.expected_net <= 0:
            continue
        taken.append(step)
        total += step.expected_net
    recovery = min(total, owed) if owed is not None else total
    effort = HANDLING_MAD + sum(s.cost for s in taken)
    return Worth(max(recovery, 0.0), effort, tuple(taken), proposed)


def segment_of(profile: dict[str, Any]) -> str:
    return str((profile.get("recoverability") or {}).get("segment") or "")


def rank_key(profile: dict[str, Any], value: Worth) -> tuple[float, float, int, float, str]:
    """Sort key of the worklist, best first (module docstring)."""
    segment = segment_of(profile)
    order = SEGMENT_ORDER.index(segment) if segment in SEGMENT_ORDER else len(SEGMENT_ORDER)
    return (-round(value.ratio, 6), -round(value.recovery, 2), order, -(debt(profile) or 0.0),
            str(profile.get("debtor_id", "")))


def best_contact(profile: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """The contact the verdict calls best (``recoverability.best_address``/``best_phone``: the
    first ranked one at or above the contact threshold), or None."""
    node = (profile.get("recoverability") or {}).get(f"best_{kind}")
    if not node:
        return None
    plural = "addresses" if kind == "address" else f"{kind}s"
    for contact in (profile.get("contacts") or {}).get(plural) or []:
        if isinstance(contact, dict) and contact.get("node_id") == node:
            return contact
    return None


def sources_failed(profile: dict[str, Any]) -> list[str]:
    """Sources that did not answer fully (failed or partial), by name."""
    return sorted(str(s.get("source")) for s in profile.get("sources") or []
                  if isinstance(s, dict) and s.get("status") in ("failed", "partial"))


__all__ = ["DEFAULT_STEP_COST_MAD", "HANDLING_MAD", "SEGMENT_ORDER", "Step", "Worth",
           "best_contact", "debt", "first_proposed", "proposal_steps", "rank_key",
           "segment_of", "sources_failed", "worth"]
