"""Load the reference tables in matching/data once per process.

Reference data (name variants, legal forms, street types, cities...) lives in YAML files that
cite their sources; code reads them here so that no table is duplicated as literals.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Parsed content of ``matching/data/<name>.yml`` (cached: the files never change at run time)."""
    text = resources.files("matching.data").joinpath(f"{name}.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
