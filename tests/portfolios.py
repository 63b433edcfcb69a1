"""Small portfolios cut from a sandbox world, for tests that run real enrichments."""

from __future__ import annotations

from pathlib import Path


def first_rows(world: Path, tmp: Path, n: int, ids: list[str] | None = None) -> Path:
    """The world's first ``n`` debtors as ``tmp/portfolio.csv``; with ``ids``, under those ids
    (the rest of each row unchanged)."""
    lines = (world / "portfolio.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    rows = lines[1:n + 1]
    if ids is not None:
        rows = [new + ";" + row.split(";", 1)[1] for new, row in zip(ids, rows, strict=True)]
    path = tmp / "portfolio.csv"
    path.write_text(lines[0] + "".join(rows), encoding="utf-8")
    return path
