"""docs/portfolio.md documents every header alias and every kind value the intake accepts."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

DOC = (Path(__file__).resolve().parents[2] / "docs" / "portfolio.md").read_text("utf-8")


def _data(name: str) -> dict[str, list[str]]:
    text = resources.files("skiptrace.intake").joinpath("data", name).read_text("utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def test_every_header_alias_is_documented() -> None:
    missing = [a for aliases in _data("columns.json").values() for a in aliases
               if f"`{a}`" not in DOC]
    assert missing == []


def test_example_portfolio_reads_cleanly() -> None:
    from skiptrace.intake import load_portfolio

    example = Path(__file__).resolve().parents[2] / "examples" / "portfolio.csv"
    result = load_portfolio(example)
    assert (result.rows, result.accepted, result.warned, result.rejected) == (12, 12, 0, 0)
    kinds = [d.kind for d in result.debtors]
    assert kinds.count("company") == 6 and kinds.count("person") == 6
    assert result.derived_ids == 2
