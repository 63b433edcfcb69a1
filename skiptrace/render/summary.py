"""The batch summary as people read it: debtors done, partial, failed; segments; sources."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def render_summary(summary: dict[str, Any], console: Console) -> None:
    head = Table(title=f"Batch {summary['job_id']}", show_header=False)
    head.add_column("what")
    head.add_column("count", justify="right")
    for label, key in (
        ("debtors in portfolio", "debtors"), ("already done (resumed)", "already_done"),
        ("done", "done"), ("partial", "partial"), ("failed", "failed"),
        ("crashed (retried next run)", "crashed"), ("rows rejected", "rejected"), ("rows with warnings", "warned"),
        ("seconds", "seconds"), ("debtors / second", "debtors_per_second"),
    ):
        head.add_row(label, str(summary.get(key)))
    console.print(head)
    chain = summary.get("audit_head") or {}
    if chain:
        console.print(f"audit chain head: row {chain.get('id')} · {chain.get('hash')}")
    if summary.get("segments"):
        seg = Table(title="Segments")
        seg.add_column("segment")
        seg.add_column("debtors", justify="right")
        for name, count in summary["segments"].items():
            seg.add_row(name, str(count))
        console.print(seg)
    if summary.get("sources"):
        src = Table(title="Sources")
        for column in ("source", "ok", "partial", "failed", "requests", "p50 s", "p95 s",
                       "top reasons"):
            src.add_column(column, justify="left" if column in ("source", "top reasons")
                           else "right")
        for name, t in summary["sources"].items():
            reasons = "; ".join(f"{r} ({n})" for r, n in t["top_reasons"].items())
            src.add_row(name, str(t["ok"]), str(t["partial"]), str(t["failed"]),
                        str(t["requests"]), str(t["p50_seconds"]), str(t["p95_seconds"]),
                        reasons)
        console.print(src)
