"""Per-field explanations: the level reached, its weight, and a sentence a person can read.

A weight is a log2 Bayes factor: +3 means the observation is 2^3 = 8 times more likely among
matches than among non-matches. Sentences never contain the compared values (they may be
identifiers); callers that print values mask them (skiptrace.model.mask).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

_IDENTIFYING = frozenset({"cin", "ice", "rc", "if", "phones"})


@dataclass(frozen=True, slots=True)
class FieldResult:
    """How one field compared: its level, its weight in bits, both values and a sentence."""

    field: str
    level: str
    weight: float
    left: str | None
    right: str | None
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def factor_phrase(weight: float) -> str:
    """ "6.2 times more likely to be a match" for weight log2(6.2), "no evidence" near 0."""
    if abs(weight) < 0.05:
        return "no evidence either way"
    factor = 2.0 ** abs(weight)
    shown = f"{factor:.1f}" if factor < 100 else f"{factor:,.0f}"
    return f"{shown} times {'more' if weight > 0 else 'less'} likely to be a match"


@lru_cache(maxsize=1 << 12)
def sentence(level_sentence: str, weight: float, tf_bits: float = 0.0) -> str:
    """The field's sentence: what was observed, then what it is worth. Remembered: every
    candidate party gets one a field, and most fields weigh a level's fixed weight, so a
    batch writes the same few hundred sentences again and again (issue 17)."""
    text = f"{level_sentence}: {factor_phrase(weight)}"
    if abs(tf_bits) >= 0.05:
        text += f" ({'a rare' if tf_bits > 0 else 'a common'} value, {tf_bits:+.1f} bits)"
    return text


def masked(field: str, value: str | None) -> str | None:
    """A value as an explanation may print it: identifiers and phones keep 2 characters."""
    if value is None or field not in _IDENTIFYING:
        return value
    return value[:2] + "*" * max(len(value) - 2, 0)
