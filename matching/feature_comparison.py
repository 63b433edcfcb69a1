"""The base of every comparison of Descriptions: it compares the cached ``Features`` of both sides
(``matching.description``) pair by pair, one level from its ladder per pair."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from matching.description import Features, describe
from matching.levels import Comparison, LevelDef, Levels, Pairs


class FeatureComparison(Comparison):
    """Base: ``prepare`` gives each row's Features; ``level`` compares two of them."""

    prepared_from_rows = True  # the rows' Features: one list for every comparison of a model

    def __init__(self, name: str, levels: Sequence[LevelDef]) -> None:
        self.name = name
        self.levels = tuple(levels)
        self.index = {level.label: k for k, level in enumerate(self.levels, start=1)}

    def prepare(self, rows: Sequence[Any]) -> list[Features]:
        return [describe(row).features for row in rows]

    def compare(self, left: list[Features], right: list[Features], i: Pairs, j: Pairs) -> Levels:
        return np.fromiter((self.level(left[a], right[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)),
                           dtype=np.int8, count=len(i))

    def level(self, a: Features, b: Features) -> int:
        raise NotImplementedError

    def display(self, prepared: list[Features], index: int) -> str | None:
        value = getattr(prepared[index], self.name, None)
        return None if value is None else str(value)

    def options(self) -> dict[str, Any]:
        return {}


def ladder_of(pairs: Sequence[tuple[str, str]], tf: Sequence[str] = ()) -> list[LevelDef]:
    """Levels from (label, sentence) pairs; those labelled in ``tf`` take term frequencies."""
    return [LevelDef(label, sentence, tf=label in tf) for label, sentence in pairs]
