"""Load the YAML case tables in tests/matching/cases (nomenklatura MatchCase style)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[dict[str, Any]]:
    """The rows of ``cases/<name>.yml``."""
    return yaml.safe_load((CASES / f"{name}.yml").read_text(encoding="utf-8"))


def case_id(row: dict[str, Any]) -> str:
    """A readable pytest id for a pair row."""
    return f"{row.get('a', '')} ~ {row.get('b', '')}"
