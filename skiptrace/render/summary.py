"""The batch summary as people read it: debtors done, partial, failed; segments; sources."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from skiptrace.humanize import number
from skiptrace.i18n import N_, _
from skiptrace.labels import label, reason

HEAD = ((N_("debtors in portfolio"), "debtors", 0), (N_("already done (resumed)"), "already_done", 0),
        (N_("done"), "done", 0), (N_("partial"), "partial", 0), (N_("failed"), "failed", 0),
        (N_("crashed (retried next run)"), "crashed", 0), (N_("rows rejected"), "rejected", 0),
        (N_("rows with warnings"), "warned", 0), (N_("seconds"), "seconds", 1),
        (N_("debtors / second"), "debtors_per_second", 2))


def _count(value: Any, decimals: int = 0) -> str:
    return number(value, decimals) if isinstance(value, int | float) else str(value or "—")


def render_summary(summary: dict[str, Any], console: Console) -> None:
    head = Table(title=_("Batch {job}").format(job=summary["job_id"]), show_header=False)
    head.add_column(_("what"), overflow="fold")
    head.add_column(_("count"), justify="right", no_wrap=True)
    for text, key, decimals in HEAD:
        head.add_row(_(text), _count(summary.get(key), decimals))
    console.print(head)
    chain = summary.get("audit_head") or {}
    if chain:
        console.print(_("audit chain head: row {id} · {hash}").format(
            id=chain.get("id"), hash=chain.get("hash")), overflow="fold")
    if summary.get("segments"):
        seg = Table(title=_("Segments"))
        seg.add_column(_("segment"), overflow="fold")
        seg.add_column(_("debtors"), justify="right", no_wrap=True)
        for name, count in summary["segments"].items():
            seg.add_row(label("segment", name), _count(count))
        console.print(seg)
    if summary.get("sources"):
        console.print(_sources(summary["sources"]))


def _sources(sources: dict[str, dict[str, Any]]) -> Table:
    src = Table(title=_("Sources"))
    src.add_column(_("source"), overflow="fold", min_width=10)
    for column in (_("ok"), _("too broad"), _("partial"), _("failed"), _("requests"),
                   _("from cache"), _("p50 s"), _("p95 s")):
        src.add_column(column, justify="right", no_wrap=True)
    src.add_column(_("top reasons"), overflow="fold", ratio=1)
    for name, t in sources.items():
        reasons = "; ".join(f"{reason(r)} ({number(n)})" for r, n in t["top_reasons"].items())
        src.add_row(label("source", name), _count(t["ok"]), _count(t.get("too_broad", 0)),
                    _count(t["partial"]),
                    _count(t["failed"]), _count(t["requests"]), _count(t.get("cached", 0)),
                    _count(t["p50_seconds"], 2),
                    _count(t["p95_seconds"], 2), reasons)
    return src
