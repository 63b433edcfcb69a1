"""docs/sandbox.md documents every field the world files carry (a docs-coverage test)."""

from __future__ import annotations

import json
from pathlib import Path

from skiptrace.model import SOURCE_NAMES

DOC = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"


def keys(value: object, prefix: str = "") -> set[str]:
    """Every key name in a JSON value, nested dicts and lists included."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            out.add(key)
            out |= keys(inner)
    elif isinstance(value, list):
        for inner in value:
            out |= keys(inner)
    return out


def test_every_world_field_is_documented(sandbox_world: Path) -> None:
    text = DOC.read_text("utf-8")
    fields: set[str] = set()
    for source in SOURCE_NAMES:
        for line in (sandbox_world / "sources" / f"{source}.jsonl").open(encoding="utf-8"):
            fields |= keys(json.loads(line))
    for line in (sandbox_world / "truth.jsonl").open(encoding="utf-8"):
        truth = json.loads(line)
        truth.pop("links")  # keyed by source name
        fields |= keys(truth)
        fields |= set(truth["portfolio_defects"])
    fields |= keys(json.loads((sandbox_world / "manifest.json").read_text("utf-8"))) - set(SOURCE_NAMES)
    header = (sandbox_world / "portfolio.csv").open(encoding="utf-8").readline().strip().split(";")
    fields |= set(header)
    undocumented = sorted(f for f in fields if f"`{f}`" not in text and f not in {"portfolio", "truth", "sources"})
    assert not undocumented, f"document these in docs/sandbox.md: {undocumented}"
