"""The profile at a terminal (rich): the verdict, best contacts, assets with values, and the
sources that did not answer — what an investigator needs before picking up the phone."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

SEGMENT_STYLE = {"forced_recovery": "bold red", "amicable_contact": "bold green",
                 "further_search": "bold yellow", "irrecoverable_proposal": "bold white"}


def _mad(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", " ")


def _verdict(profile: dict[str, Any]) -> Panel:
    r, d = profile["recoverability"], profile["debtor"]
    s = r["seizable"]
    text = Text()
    text.append(f"{r['segment'].replace('_', ' ')}\n", style=SEGMENT_STYLE[r["segment"]])
    text.append(f"debt {_mad(r['debt_amount'])} MAD · seizable {_mad(s['low'])} / {_mad(s['mid'])} / {_mad(s['high'])} MAD (low/mid/high)"
                f" · reachable: {'yes' if r['reachable'] else 'no'}")
    if profile["partial"]:
        text.append("\npartial search: some sources did not answer", style="yellow")
    for reason in r["reasons"]:
        text.append(f"\n• {reason}")
    return Panel(text, title=f"{d['name']} ({profile['debtor_id']})", subtitle=profile["generated_at"])


def _contacts(profile: dict[str, Any], limit: int) -> Table:
    table = Table(title="Best contacts", expand=True)
    for column in ("kind", "#", "contact", "conf.", "why"):
        table.add_column(column, overflow="fold")
    for kind in ("addresses", "phones", "emails"):
        for c in profile["contacts"][kind][:limit]:
            flags = f" [{', '.join(c['flags'])}]" if c["flags"] else ""
            table.add_row(kind[:-1] if kind != "addresses" else "address", str(c["rank"]), c["value"] + flags,
                          f"{c['confidence']:.2f}", " ".join(c["why"][:2]))
    return table


def _assets(profile: dict[str, Any]) -> Table:
    table = Table(title="Assets (recoverable MAD)", expand=True)
    for column, justify in (("asset", "left"), ("held by", "left"), ("low", "right"), ("mid", "right"),
                            ("high", "right"), ("limits", "left")):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for a in profile["assets"]:
        holder = "debtor" if a["held_by"] == "debtor" else f"via {a['via']}"
        table.add_row(f"{a['label']} ({a['kind']})", holder, *(_mad(a["value"][k]) for k in ("low", "mid", "high")),
                      ", ".join(a["flags"]))
    return table


def _failed(profile: dict[str, Any]) -> Table | None:
    bad = [s for s in profile["sources"] if s["status"] != "ok"]
    if not bad:
        return None
    table = Table(title="Sources that did not answer fully", expand=True)
    table.add_column("source")
    table.add_column("status")
    table.add_column("reason", overflow="fold")
    for s in bad:
        table.add_row(s["source"], s["status"], s["reason"] or "")
    return table


def render(profile: dict[str, Any], console: Console | None = None, *, limit: int = 3) -> Console:
    """Print the profile; returns the console (pass ``Console(record=True)`` to capture it)."""
    console = console or Console()
    console.print(_verdict(profile))
    console.print(_contacts(profile, limit))
    if profile["assets"]:
        console.print(_assets(profile))
    failed = _failed(profile)
    if failed is not None:
        console.print(failed)
    return console
