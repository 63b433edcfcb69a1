"""Term frequencies: how common a value is, so that agreeing on "Alaoui" says less than on a rare name.

Splink's adjustment: at a level flagged ``tf``, the level's average u is replaced by the frequency
of the value itself, i.e. the weight moves by log2(u_level / frequency). Tables are computed from the
data a model is fit on; a value never seen counts as seen once (frequency 1/N), and the adjustment
is bounded so that one field can never decide a match on rarity alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

MAX_ADJUSTMENT = 4.0  # bits, either way: rarity alone never decides


@dataclass
class TermFrequencies:
    """Frequency tables by name (a column, or e.g. "surname" and "given" for person names)."""

    tables: dict[str, dict[str, float]] = field(default_factory=dict)
    minimum: dict[str, float] = field(default_factory=dict)  # frequency of an unseen value

    @classmethod
    def from_values(cls, values: Mapping[str, Iterable[str | None]], *, keep: int = 50_000) -> TermFrequencies:
        """Tables from raw values per table (None ignored); only the ``keep`` commonest are stored."""
        tf = cls()
        for name, column in values.items():
            counts = Counter(v for v in column if v)
            total = sum(counts.values())
            if not total:
                continue
            tf.tables[name] = {k: c / total for k, c in counts.most_common(keep)}
            tf.minimum[name] = 1.0 / total
        return tf

    def frequency(self, name: str, keys: list[str | None]) -> NDArray[np.float64]:
        """Frequency of each key in table ``name``; NaN where the key is None or the table unknown."""
        table = self.tables.get(name)
        if table is None:
            return np.full(len(keys), np.nan)
        floor = self.minimum.get(name, min(table.values(), default=1.0))
        return np.array([np.nan if k is None else max(table.get(k, floor), floor) for k in keys])

    def adjustment(self, keys: dict[str, list[str | None]], u_level: float, n: int) -> NDArray[np.float64]:
        """Weight change in bits for pairs agreeing on ``keys`` (product of the tables' frequencies)."""
        freq = np.ones(n)
        used = np.zeros(n, dtype=bool)
        for name, column in keys.items():
            f = self.frequency(name, column)
            ok = ~np.isnan(f)
            freq[ok] *= f[ok]
            used |= ok
        adj = np.zeros(n)
        adj[used] = np.clip(np.log2(u_level / freq[used]), -MAX_ADJUSTMENT, MAX_ADJUSTMENT)
        return adj

    def to_dict(self) -> dict[str, Any]:
        return {"tables": self.tables, "minimum": self.minimum}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> TermFrequencies:
        data = data or {}
        return cls(
            tables={k: dict(v) for k, v in data.get("tables", {}).items()},
            minimum=dict(data.get("minimum", {})),
        )

    def merged(self, other: TermFrequencies) -> TermFrequencies:
        """These tables, with ``other``'s replacing any of the same name."""
        return TermFrequencies({**self.tables, **other.tables}, {**self.minimum, **other.minimum})
