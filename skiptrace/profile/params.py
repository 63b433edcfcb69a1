"""Everything the profile is built with that a user may change: thresholds, source reliability,
half-lives (skiptrace/data/reliability.yml), the valuation tables (skiptrace/data/valuation/) and
the enforcement proposal's order rule, costs and delays (skiptrace/data/enforcement.yml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from skiptrace.errors import ConfigError
from skiptrace.profile.enforcement_table import EnforcementTable, load_table
from skiptrace.profile.valuation.params import ValuationParams, load_params


@dataclass(frozen=True)
class ProfileParams:
    """Reporting threshold, reliabilities, half-lives, and the valuation tables."""

    reporting_threshold: float
    contact_threshold: float
    contradiction: float
    default_reliability: float
    reliability: dict[str, dict[str, float]]
    half_life_days: dict[str, float]
    valuation: ValuationParams = field(default_factory=load_params)
    origin: str = "shipped"
    enforcement: EnforcementTable = field(default_factory=load_table)

    def reliability_of(self, source: str, fact_kind: str) -> float:
        """How far ``source`` is believed on ``fact_kind`` (default when not listed)."""
        return float(self.reliability.get(source, {}).get(fact_kind, self.default_reliability))

    def half_life(self, fact_kind: str) -> float:
        return float(self.half_life_days.get(fact_kind, 730))

    def describe(self) -> dict[str, Any]:
        """What the profile records about the parameters it was built with."""
        return {
            "reporting_threshold": self.reporting_threshold,
            "contact_threshold": self.contact_threshold,
            "contradiction": self.contradiction,
            "reliability": self.origin,
            "valuation": self.valuation.origin,
            "enforcement": self.enforcement.origin,
        }

    @classmethod
    def load(cls, reliability: str | Path | None = None, valuation: str | Path | None = None,
             enforcement: str | Path | None = None) -> ProfileParams:
        """Parameters from a reliability.yml, a valuation directory and an enforcement.yml
        (shipped ones when None)."""
        if reliability is None and valuation is None and enforcement is None:
            return default_params()
        if reliability is None:
            text = resources.files("skiptrace").joinpath("data", "reliability.yml").read_text(encoding="utf-8")
        else:
            text = Path(reliability).read_text(encoding="utf-8")
        return _from_mapping(yaml.safe_load(text), load_params(valuation), str(reliability or "shipped"),
                             load_table(enforcement))


def _from_mapping(data: Any, valuation: ValuationParams, origin: str,
                  enforcement: EnforcementTable | None = None) -> ProfileParams:
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: reliability file must be a mapping")
    try:
        return ProfileParams(
            reporting_threshold=float(data["reporting_threshold"]),
            contact_threshold=float(data["contact_threshold"]),
            contradiction=float(data.get("contradiction", 0.5)),
            default_reliability=float(data.get("default_reliability", 0.5)),
            reliability={s: {k: float(v) for k, v in kinds.items()} for s, kinds in data["reliability"].items()},
            half_life_days={k: float(v) for k, v in data["half_life_days"].items()},
            valuation=valuation,
            origin=origin,
            enforcement=enforcement or load_table(),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{origin}: bad reliability file ({exc!r})") from exc


@lru_cache(maxsize=1)
def default_params() -> ProfileParams:
    """The shipped parameters, read once."""
    text = resources.files("skiptrace").joinpath("data", "reliability.yml").read_text(encoding="utf-8")
    return _from_mapping(yaml.safe_load(text), load_params(), "shipped")
