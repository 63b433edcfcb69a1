"""The advice of a profile — its contact plan, its enforcement proposal, and what a person reads
about each asset — in the reader's language, for the HTML report and the terminal alike.

The profile stores English sentences for case systems; these are written again here from the
same fields through the profile's own sentence functions (skiptrace.profile.wording), with the
reader's words: gettext, French numbers, source names in words. A profile written before
schema 1.1.0 has no plan and no proposal: both views are then empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skiptrace.humanize import money, number, percent
from skiptrace.i18n import N_, _, ngettext
from skiptrace.labels import label
from skiptrace.profile import asset_text
from skiptrace.profile import enforcement_text as text
from skiptrace.profile.contact_plan import plan_why
from skiptrace.profile.wording import Words


def reader_words() -> Words:
    """The profile's sentence functions writing for the reader (language read at call time)."""
    return Words(translate=_, number=number, money=money, source=lambda s: label("source", s),
                 plural=ngettext, percent=percent)


@dataclass(frozen=True)
class PlanRow:
    rank: int
    channel: str
    value: str
    confidence: float
    why: str
    household: bool


@dataclass(frozen=True)
class StepRow:
    rank: int
    label: str
    kind: str
    expected_net: float
    coverage: str
    obstacles: list[str]
    needs: str
    cost: float
    delay_days: int
    cost_basis: str
    delay_basis: str


def _contacts_by_node(profile: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["node_id"]: c for kind in ("addresses", "phones", "emails")
            for c in profile["contacts"].get(kind, [])}


def plan(profile: dict[str, Any]) -> list[PlanRow]:
    """The contact plan's steps with their reasons in the reader's language."""
    contacts, words = _contacts_by_node(profile), reader_words()
    rows = []
    for item in profile.get("contact_plan") or []:
        contact = contacts.get(item["node_id"])
        why = plan_why(item, contact, words) if contact else item["why"]
        rows.append(PlanRow(item["rank"], item["channel"], item["value"], item["confidence"], why,
                            item["household"]))
    return rows


def node_props(profile: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Graph node id → its properties (a title's number, conservation, city, zone; a plate)."""
    return {n["id"]: n.get("properties") or {} for n in profile["graph"]["nodes"]}


def steps(profile: dict[str, Any]) -> list[StepRow]:
    """The enforcement proposal's steps, obstacles and needs in the reader's language."""
    proposal = profile.get("enforcement")
    if not proposal:
        return []
    words, props = reader_words(), node_props(profile)
    assets = {a["asset_id"]: a for a in profile["assets"]}
    target = proposal["parameters"].get("amount_to_recover_mad") or 0.0
    rows = []
    for s in proposal["steps"]:
        asset = assets.get(s["asset"], {"label": s["label"], "parameters": [], "share": None})
        times = s["expected_net_mad"] / target if target else 0.0
        rows.append(StepRow(
            s["rank"], s["label"], s["kind"], s["expected_net_mad"], s["coverage"],
            [text.obstacle(code, asset, words, times=times) for code in s["obstacle_codes"]],
            text.needs(s["kind"], asset, props.get(s["asset"], {}), words,
                       company=s["label"] if s["kind"] == "company_stake" else None),
            s["cost_mad"], s["delay_days"], s.get("cost_basis", "assumption"),
            s.get("delay_basis", "assumption")))
    return rows


def notice() -> str:
    return text.notice(reader_words())


def assumptions(profile: dict[str, Any]) -> list[str]:
    proposal = profile.get("enforcement")
    return text.assumptions(proposal["parameters"], reader_words()) if proposal else []


def set_aside(profile: dict[str, Any]) -> list[tuple[str, str]]:
    """(asset label, why it is not a step) for each asset left out of the proposal."""
    proposal = profile.get("enforcement") or {}
    words = reader_words()
    return [(s["label"], text.set_aside(s["reason"], words)) for s in proposal.get("set_aside", [])]


def coverage(code: str) -> str:
    return {"low": _("covers the amount even at its low value"),
            "mid": _("covers the amount at its mid value"),
            "partial": _("covers part of the amount")}[code]


BASIS = {"sourced": N_("sourced"), "estimate": N_("estimate"), "assumption": N_("assumption")}


def basis(step: StepRow) -> str:
    """Where the step's cost and delay come from, in words (the weakest source of each sum)."""
    return _("cost: {cost} · delay: {delay}").format(cost=_(BASIS[step.cost_basis]),
                                                     delay=_(BASIS[step.delay_basis]))


def delay(days: int) -> str:
    return ngettext("{n} day", "{n} days", days).format(n=number(days))


def asset_notes(profile: dict[str, Any], asset: dict[str, Any]) -> tuple[list[str], list[str]]:
    """A title's location lines, and why the value's range is wide."""
    words = reader_words()
    props = node_props(profile).get(asset["asset_id"], {})
    where = asset_text.location(asset, props, words) if asset["kind"] == "land_title" else []
    return where, asset_text.spread(asset, words)


def methods(profile: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(kind, the method in words) for each kind of asset the profile values."""
    words = reader_words()
    kinds = dict.fromkeys(a["kind"] for a in profile["assets"])
    return [(kind, asset_text.method(kind, [a for a in profile["assets"] if a["kind"] == kind], words))
            for kind in kinds]
