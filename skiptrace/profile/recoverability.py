"""What the case system acts on: seizable value against the debt, reachability, and a segment.

Segments: ``forced_recovery`` (the debtor's own assets have a positive mid recoverable value),
``amicable_contact`` (no seizable value, but a ranked address or phone at or above the contact
threshold), ``irrecoverable_proposal`` (nothing seizable, not reachable, and the search was
thorough: every source answered ``ok``), else ``further_search``. A partial search never
proposes non-valeur.
"""

from __future__ import annotations

from typing import Any

from skiptrace.model import ANSWERED_STATES, Debtor, SourceStatus
from skiptrace.profile.params import ProfileParams

SEGMENTS = ("amicable_contact", "forced_recovery", "further_search", "irrecoverable_proposal")


def seizable(assets: list[dict[str, Any]]) -> dict[str, float]:
    """Sum of the debtor's own assets' recoverable values (companies' assets excluded)."""
    own = [a for a in assets if a["held_by"] == "debtor"]
    return {s: float(sum(a["value"][s] for a in own)) for s in ("low", "mid", "high")}


def _coverage(ratio: float) -> str:
    """The mid value against the debt, the ratio multiplied once: "covers 126% of it"; from ten
    times the debt, "covers it 14 times over" (it said "covers 9900%" when capped at 99 and
    then shown as a percentage)."""
    if ratio < 10:
        return f"mid seizable value covers {ratio:.0%} of it"
    return f"mid seizable value covers it {ratio:.0f} times over"


def summarize(
    debtor: Debtor,
    contacts: dict[str, list[dict[str, Any]]],
    assets: list[dict[str, Any]],
    statuses: list[SourceStatus],
    params: ProfileParams,
    steps: int | None = None,
) -> dict[str, Any]:
    """The recoverability block of the profile. ``steps``: how many steps the enforcement
    proposal found worth taking (profile/enforcement.py); seizable value that no step would
    recover (a company's asset, charges above the value, a step costing more than it brings)
    is no case for forced recovery. None: not known (no proposal made), the value decides."""
    value = seizable(assets)
    best = {k: next((c for c in contacts[k] if c["confidence"] >= params.contact_threshold), None) for k in ("addresses", "phones")}
    reachable = any(best.values())
    # a source asked nothing ("skipped": no key its route takes) did not fail to answer, but
    # the search was not thorough without it; one too broad answered, but not exhaustively
    failed = sorted(s.source for s in statuses if s.status not in ANSWERED_STATES)
    thorough = bool(statuses) and all(s.status == "ok" for s in statuses)
    debt = debtor.debt_amount
    reasons: list[str] = []
    limits = sorted({f for a in assets if a["held_by"] == "debtor" for f in a["flags"] if f not in ("nominal_only",)})
    if value["mid"] > 0 and steps != 0:
        segment = "forced_recovery"
        reasons.append(f"Seizable assets identified: {value['mid']:,.0f} MAD (mid; low {value['low']:,.0f}, high {value['high']:,.0f}).")
        if limits:
            words = ", ".join(f.replace("_", " ") for f in limits)
            reasons.append(f"Limits on seizure to check: {words}.")
    elif reachable:
        segment = "amicable_contact"
        reasons.append("No seizable value worth a step found, but the debtor is reachable: "
                       "pursue amicably." if value["mid"] > 0 else
                       "No seizable value found, but the debtor is reachable: pursue amicably.")
    elif thorough:
        segment = "irrecoverable_proposal"
        reasons.append(f"Every source answered ({', '.join(sorted(s.source for s in statuses))}); no seizable asset and no reliable contact: propose as non-valeur with this search as evidence.")
    else:
        segment = "further_search"
        reasons.append("Nothing seizable and no reliable contact yet.")
    if failed:
        reasons.append(f"Search incomplete: {', '.join(failed)} did not answer fully, so non-valeur cannot be proposed.")
    if reachable:
        shown = [c["value"] for c in best.values() if c]
        reasons.append(f"Reachable at: {'; '.join(shown)}.")
    if debt:
        reasons.append(f"Debt {debt:,.0f} MAD; {_coverage(value['mid'] / debt)}.")
    return {
        "debt_amount": debt,
        "currency": "MAD",
        "seizable": value,
        "coverage_mid": None if not debt else round(value["mid"] / debt, 4),
        "reachable": reachable,
        "best_address": best["addresses"]["node_id"] if best["addresses"] else None,
        "best_phone": best["phones"]["node_id"] if best["phones"] else None,
        "thorough": thorough,
        "sources_incomplete": failed,
        "segment": segment,
        "reasons": reasons,
    }
