"""One portfolio row enriched through the CLI on a (copied, edited) sandbox world, for the
integration tests that cut a world so that only the route under test reaches a record."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from skiptrace.cli import cli

AS_OF = "2026-11-27T09:00:00+00:00"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """A world's source file, its truth or a run's profiles: one JSON object a line."""
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def portfolio_rows(world: Path) -> list[dict[str, str]]:
    """The world's portfolio rows, by column name, to pick and edit one from."""
    with (world / "portfolio.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def enrich_one_row(world: Path, row: dict[str, str], run: Path, purpose: str) -> dict[str, Any]:
    """Write ``row`` as a one-row portfolio beside ``world``, enrich it against the sandbox
    serving ``world`` (store and outputs under ``run``), and return its one profile."""
    portfolio = world / "one.csv"
    with portfolio.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row), delimiter=";")
        writer.writeheader()
        writer.writerow(row)
    result = CliRunner().invoke(cli, [
        "enrich", str(portfolio), "--sandbox", str(world),
        "--db", str(run / "store.db"), "--out", str(run / "profiles.jsonl"),
        "--rejects", str(run / "rejects.csv"), "--operator", "tester",
        "--purpose", purpose, "--as-of", AS_OF, "--json", "--quiet",
    ], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [profile] = read_jsonl(run / "profiles.jsonl")
    return profile
