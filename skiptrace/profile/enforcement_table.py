"""The enforcement proposal's reference table (skiptrace/data/enforcement.yml): the order rule
and the fixed cost and delay of each step, every figure with its source.

A data file rather than constants because the figures are assumptions a recovery office will
replace with its own (fees of its execution agents, delays of its courts) without a release.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from skiptrace.errors import ConfigError

STEP_KINDS = ("vehicle", "land_title", "company_stake")


@dataclass(frozen=True)
class Figure:
    """One number of the table and where it comes from ("[S] …", "[E] …", "[?] assumption …")."""

    value: float
    source: str


@dataclass(frozen=True)
class EnforcementTable:
    """Order rule, the commandement's fee and delay, per-kind step figures, obstacle surcharges."""

    movables_first: Figure
    disproportion_ratio: Figure
    commandement_fee: Figure
    commandement_delay: Figure
    steps: dict[str, dict[str, Figure]]
    obstacles: dict[str, dict[str, Figure]]
    origin: str = "shipped"

    def step(self, kind: str, what: str) -> Figure:
        """The ``cost_mad`` or ``delay_days`` figure of a kind of step."""
        return self.steps[kind][what]

    def surcharge(self, obstacle: str, what: str) -> Figure | None:
        """What an obstacle adds to a step's cost or delay, None when nothing."""
        return self.obstacles.get(obstacle, {}).get(what)


def _figure(node: Any, where: str) -> Figure:
    if not isinstance(node, dict) or "value" not in node or not node.get("source"):
        raise ConfigError(f"{where}: a figure needs a value and its source")
    value = node["value"]
    return Figure(float(value), str(node["source"]).strip())


def _figures(node: Any, where: str) -> dict[str, Figure]:
    if not isinstance(node, dict):
        raise ConfigError(f"{where}: expected a mapping")
    return {name: _figure(value, f"{where}.{name}") for name, value in node.items()}


def parse_table(data: Any, origin: str) -> EnforcementTable:
    """The table from a parsed YAML mapping; every figure must name its source."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: the enforcement table must be a mapping")
    try:
        steps = {kind: _figures(data["steps"][kind], f"{origin}: steps.{kind}") for kind in STEP_KINDS}
        for kind, figures in steps.items():
            if {"cost_mad", "delay_days"} - set(figures):
                raise ConfigError(f"{origin}: steps.{kind} needs cost_mad and delay_days")
        return EnforcementTable(
            movables_first=_figure(data["ordering"]["movables_first"], f"{origin}: ordering.movables_first"),
            disproportion_ratio=_figure(data["ordering"]["disproportion_ratio"],
                                        f"{origin}: ordering.disproportion_ratio"),
            commandement_fee=_figure(data["commandement"]["fee_rate"], f"{origin}: commandement.fee_rate"),
            commandement_delay=_figure(data["commandement"]["delay_days"], f"{origin}: commandement.delay_days"),
            steps=steps,
            obstacles={code: _figures(node, f"{origin}: obstacles.{code}")
                       for code, node in (data.get("obstacles") or {}).items()},
            origin=origin,
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{origin}: bad enforcement table ({exc!r})") from exc


def load_table(path: str | Path | None = None) -> EnforcementTable:
    """The shipped table, or the one at ``path``."""
    if path is None:
        return _shipped()
    return parse_table(yaml.safe_load(Path(path).read_text(encoding="utf-8")), str(path))


@lru_cache(maxsize=1)
def _shipped() -> EnforcementTable:
    text = resources.files("skiptrace").joinpath("data", "enforcement.yml").read_text(encoding="utf-8")
    return parse_table(yaml.safe_load(text), "shipped")
