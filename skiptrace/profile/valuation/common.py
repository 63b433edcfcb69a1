"""What every valuation returns, and the small arithmetic the methods share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

Band = tuple[float, float, float]
SCENARIOS = ("low", "mid", "high")

# Flags that limit a seizure (enum in schema/profile.schema.json).
FLAGS = (
    "mortgage",
    "seizure",
    "commandement",
    "usufruct",
    "prenotation",
    "indivision",
    "indivision_many",
    "pledge",
    "leasing",
    "not_owned",
    "company_asset",
    "review_area",
    "nominal_only",
)


@dataclass
class AssetValue:
    """Low / mid / high recoverable value of one asset, with the method and what it used."""

    low: float
    mid: float
    high: float
    method: str
    parameters: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    market_value_share: Band | None = None
    nominal: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": {"low": money(self.low), "mid": money(self.mid), "high": money(self.high)},
            "market_value_share": None
            if self.market_value_share is None
            else dict(zip(SCENARIOS, (money(v) for v in self.market_value_share), strict=True)),
            "nominal": None if self.nominal is None else money(self.nominal),
            "method": self.method,
            "parameters": [
                {"name": key, "value": _param(value)} for key, value in sorted(self.parameters.items())
            ],
            "flags": sorted(set(self.flags)),
            "missing": sorted(set(self.missing)),
        }


def money(value: float) -> float:
    """MAD rounded to the dirham: estimates carry no centimes."""
    return float(round(value))


def _param(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_param(v) for v in value]
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def to_number(value: Any) -> float | None:
    """A number from a source field: 85, 85.0, "85", "100 000,00 MAD" → float; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = re.sub(r"[^\d,.\-]", "", str(value).replace("\u202f", "").replace("\xa0", ""))
    if "," in text and ("." not in text or text.rindex(",") > text.rindex(".")):
        text = text.replace(".", "").replace(",", ".")  # French: "1.234,5" or "100 000,00"
    text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


_SHARE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_share(text: str | None) -> Fraction | None:
    """A share as written ("1/3", "13/40", "100%", "0.5") as a fraction in (0, 1], else None."""
    if text is None:
        return None
    raw = str(text).strip().replace(",", ".")
    match = _SHARE.match(raw)
    try:
        if match:
            value = Fraction(int(match.group(1)), int(match.group(2)))
        elif raw.endswith("%"):
            value = Fraction(raw[:-1].strip()) / 100
        else:
            value = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        return None
    return value if 0 < value <= 1 else None


def times(band: Band, factor: float | Band) -> Band:
    """Scenario-wise product of a band by a number or another band."""
    other = factor if isinstance(factor, tuple) else (factor, factor, factor)
    return (band[0] * other[0], band[1] * other[1], band[2] * other[2])
