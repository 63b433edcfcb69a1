"""The generator's data files (skiptrace/sandbox/data/*.yml), each parsed once.

Its own module so that tables.py and spelling.py both read through it without importing each
other.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """One data file of skiptrace/sandbox/data, parsed."""
    text = resources.files("skiptrace.sandbox").joinpath("data").joinpath(f"{name}.yml").read_text("utf-8")
    return yaml.safe_load(text)
