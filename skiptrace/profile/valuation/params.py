"""Valuation reference tables (VALUATION.md §9.4 and the price tables), loaded from data files.

The tables ship in ``skiptrace/data/valuation/``; a user points ``load_params`` at a directory
holding any of ``params.yml``, ``rates.yml``, ``vehicles.yml`` to override them (a file there
replaces the shipped file of the same name), so prices can be refreshed without a release.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from matching import fold as fold_text

Band = tuple[float, float, float]


@dataclass(frozen=True)
class ValuationParams:
    """The three reference tables, as parsed YAML mappings."""

    params: dict[str, Any]
    rates: dict[str, Any]
    vehicles: dict[str, Any]
    origin: str = "shipped"

    def band(self, *path: str) -> Band:
        """A [low, mid, high] triple found by key path in params.yml."""
        node: Any = self.params
        for key in path:
            node = node[key]
        return _band(node)

    def city_key(self, city: str | None) -> str | None:
        """A city name reduced to the tables' key (accents off, aliases resolved)."""
        if not city:
            return None
        key = fold(city)
        aliases: dict[str, str] = self.rates.get("city_aliases", {})
        return aliases.get(key, key)

    def describe(self) -> dict[str, str]:
        """Origin and date of each table, for the profile's parameters."""
        return {
            name: f"{table.get('origin', '?')} ({table.get('date', '?')})"
            for name, table in (("params", self.params), ("rates", self.rates), ("vehicles", self.vehicles))
        }


def fold(text: str) -> str:
    """The key form of the tables: matching's folding, apostrophes and hyphens kept as the keys
    write them ("Triangle d’Or" → "triangle d'or", "Mercedes-Benz" → "mercedes-benz")."""
    return fold_text(text, keep="'-")


def _band(value: Any) -> Band:
    low, mid, high = (float(v) for v in value)
    return (low, mid, high)


def _read(directory: Path | None, name: str) -> dict[str, Any]:
    if directory is not None and (directory / name).is_file():
        text = (directory / name).read_text(encoding="utf-8")
    else:
        text = resources.files("skiptrace").joinpath("data", "valuation", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def load_params(directory: str | Path | None = None) -> ValuationParams:
    """The valuation tables, shipped or overridden file by file from ``directory``."""
    if directory is None:
        return _shipped()
    path = Path(directory)
    return _load(path, origin=str(path))


@lru_cache(maxsize=1)
def _shipped() -> ValuationParams:
    return _load(None, origin="shipped")


def _load(directory: Path | None, origin: str) -> ValuationParams:
    return ValuationParams(params=_read(directory, "params.yml"), rates=_read(directory, "rates.yml"),
                           vehicles=_read(directory, "vehicles.yml"), origin=origin)
