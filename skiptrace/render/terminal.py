"""The profile at a terminal (rich): the verdict, the contact plan, best contacts, assets with
values, the enforcement proposal, and the sources that did not answer — what an investigator
needs before picking up the phone.

Tables fit the terminal's width: long text wraps (``overflow="fold"`` only cuts a word longer
than its column), numbers and confidences never wrap, and key columns keep a minimum width.
"""

from __future__ import annotations

import textwrap
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from skiptrace.humanize import moment, money, number
from skiptrace.i18n import _
from skiptrace.labels import label, labels, reason
from skiptrace.render import advice
from skiptrace.render.sentences import contact_why, verdict_reasons

SEGMENT_STYLE = {"forced_recovery": "bold red", "amicable_contact": "bold green",
                 "further_search": "bold yellow", "irrecoverable_proposal": "bold white"}
CONTACT_KIND = {"addresses": "address", "phones": "phone", "emails": "email"}


def _lines(text: str, width: int, indent: str = "") -> str:
    """``text`` wrapped to ``width`` at ordinary spaces only: rich would also break at the
    no-break spaces inside ``1 489 436 MAD`` (Python counts them as whitespace); textwrap
    does not."""
    return "\n".join(textwrap.wrap(text, max(width, 20), subsequent_indent=indent))


def _verdict(profile: dict[str, Any], width: int) -> Panel:
    r, d = profile["recoverability"], profile["debtor"]
    s = r["seizable"]
    inner = width - 4  # the panel's borders and padding
    text = Text()
    text.append(label("segment", r["segment"]) + "\n", style=SEGMENT_STYLE[r["segment"]])
    text.append(_lines(_("debt {debt} · seizable {low} / {mid} / {high} (low/mid/high) · "
                         "reachable: {reachable}").format(
        debt=money(r["debt_amount"]), low=money(s["low"]), mid=money(s["mid"]),
        high=money(s["high"]), reachable=_("yes") if r["reachable"] else _("no")), inner))
    if profile["partial"]:
        text.append("\n" + _("partial search: some sources did not answer"), style="yellow")
    for why in verdict_reasons(profile):
        text.append("\n" + _lines(f"• {why}", inner, indent="  "))
    subtitle = _("profile of {when}").format(when=moment(profile["generated_at"]))
    return Panel(text, title=f"{d['name'] or ''} ({profile['debtor_id']})", subtitle=subtitle)


def _contacts(profile: dict[str, Any], limit: int) -> Table:
    table = Table(title=_("Best contacts"), expand=True)
    table.add_column(_("kind"), no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("contact"), overflow="fold", min_width=24, ratio=3)
    table.add_column(_("conf."), justify="right", no_wrap=True)
    table.add_column(_("why"), overflow="fold", min_width=20, ratio=4)
    for kind in ("addresses", "phones", "emails"):
        for c in profile["contacts"][kind][:limit]:
            flags = f" [{labels('flag', c['flags'])}]" if c["flags"] else ""
            table.add_row(label("kind", CONTACT_KIND[kind]), str(c["rank"]), c["value"] + flags,
                          number(c["confidence"], 2), " ".join(contact_why(c)[:2]))
    return table


def _assets(profile: dict[str, Any]) -> Table:
    table = Table(title=_("Assets (recoverable, MAD)"), expand=True)
    table.add_column(_("asset"), overflow="fold", min_width=16, ratio=3)
    table.add_column(_("held by"), overflow="fold", min_width=10, ratio=2)
    for column in (_("low"), _("mid"), _("high")):
        table.add_column(column, justify="right", no_wrap=True, min_width=9)
    table.add_column(_("limits"), overflow="fold", min_width=12, ratio=3)
    for a in profile["assets"]:
        holder = _("debtor") if a["held_by"] == "debtor" else _("via {company}").format(
            company=_company_name(profile, a.get("via")))
        table.add_row(f"{a['label']} ({label('kind', a['kind'])})", holder,
                      *(number(a["value"][k]) for k in ("low", "mid", "high")),
                      labels("flag", a["flags"]))
    return table


def _plan(profile: dict[str, Any]) -> Table | None:
    rows = advice.plan(profile)
    if not rows:
        return None
    shared = _("A line shared with someone else: to locate the debtor only, never to speak of "
               "the debt.")
    table = Table(title=_("Contact plan"), expand=True,
                  caption=shared if any(r.household for r in rows) else None)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("channel"), no_wrap=True)
    table.add_column(_("contact"), overflow="fold", min_width=20, ratio=3)
    table.add_column(_("conf."), justify="right", no_wrap=True)
    table.add_column(_("why"), overflow="fold", min_width=20, ratio=4)
    for r in rows:
        channel = label("kind", r.channel) + ("\n" + _("locating only") if r.household else "")
        table.add_row(str(r.rank), channel, r.value, number(r.confidence, 2), r.why,
                      style="dim" if r.household else None)
    return table


def _enforcement(profile: dict[str, Any], width: int) -> Panel | None:
    """The proposal for the recovery office, headed by the notice that a person decides; each
    step as a short paragraph wrapped at ordinary spaces only (an amount never cut)."""
    steps, aside = advice.steps(profile), advice.set_aside(profile)
    if not steps and not aside:
        return None
    inner = width - 4
    text = Text(_lines(advice.notice(), inner) + "\n" if steps else "", style="bold")
    if not steps:
        text.append(_lines(_("No asset of the debtor to pursue."), inner) + "\n")
    for s in steps:
        text.append("\n" + _lines(f"{s.rank}. {s.label} — {advice.coverage(s.coverage)}", inner,
                                   indent="   ") + "\n", style="bold")
        figures = _("expected net {net} · cost {cost} · {delay} ({basis})").format(
            net=money(s.expected_net), cost=money(s.cost), delay=advice.delay(s.delay_days),
            basis=advice.basis(s))
        lines = [figures] + [f"• {x}" for x in s.obstacles] + [_("needs: {what}").format(what=s.needs)]
        text.append("\n".join(_lines("   " + x, inner, indent="     ") for x in lines) + "\n")
    for name, why in aside:
        text.append("\n" + _lines(_("Left out: {asset}: {why}").format(asset=name, why=why), inner),
                    style="dim")
    return Panel(text, title=_("Enforcement proposal"))


def _company_name(profile: dict[str, Any], node_id: str | None) -> str:
    company = next((c for c in profile.get("companies") or [] if c["node_id"] == node_id), None)
    return str(company["name"]) if company else _("a company of the debtor")


def _failed(profile: dict[str, Any]) -> Table | None:
    bad = [s for s in profile["sources"] if s["status"] != "ok"]
    if not bad:
        return None
    table = Table(title=_("Sources that did not answer fully"), expand=True)
    table.add_column(_("source"), min_width=12)
    table.add_column(_("status"), min_width=10)
    table.add_column(_("reason"), overflow="fold", ratio=1)
    for s in bad:
        table.add_row(label("source", s["source"]), label("status", s["status"]), reason(s["reason"]))
    return table


def render(profile: dict[str, Any], console: Console | None = None, *, limit: int = 3) -> Console:
    """Print the profile; returns the console (pass ``Console(record=True)`` to capture it)."""
    console = console or Console()
    console.print(_verdict(profile, console.width))
    for part in (_plan(profile), _contacts(profile, limit)):
        if part is not None:
            console.print(part)
    if profile["assets"]:
        console.print(_assets(profile))
    proposal = _enforcement(profile, console.width)
    if proposal is not None:
        console.print(proposal)
    failed = _failed(profile)
    if failed is not None:
        console.print(failed)
    return console
