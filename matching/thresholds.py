"""The comparisons' cut-offs, from matching/data/thresholds.yml, overridable as a whole file.

One documented place for every threshold (issue 14); ``MATCHING_THRESHOLDS`` names a YAML file
of the same shape whose values replace the shipped ones (read once, at import).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from matching.refdata import load


@cache
def thresholds() -> dict[str, Any]:
    """The shipped thresholds, with the override file's values on top."""
    values: dict[str, Any] = dict(load("thresholds"))
    override = os.environ.get("MATCHING_THRESHOLDS")
    if override:
        extra = yaml.safe_load(Path(override).read_text(encoding="utf-8")) or {}
        for section, items in extra.items():
            if not isinstance(items, dict) or section not in values:
                raise ValueError(f"{override}: unknown thresholds section {section!r}")
            values[section] = _merged(values[section], items, f"{override}: {section}")
    return values


def _merged(base: dict[str, Any], extra: dict[str, Any], where: str) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if key not in base:
            raise ValueError(f"{where}: unknown threshold {key!r}")
        out[key] = _merged(base[key], value, f"{where}.{key}") if isinstance(value, dict) else float(value)
    return out


def value(section: str, name: str) -> float:
    """One threshold, e.g. ``value("person_name", "fuzzy_high")``."""
    return float(thresholds()[section][name])
