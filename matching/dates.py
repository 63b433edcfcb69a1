"""Dates (birth dates above all): exact, a typo, day and month swapped, same month, same year.

Dates arrive as ``datetime.date``, ISO strings or YYYYMMDD digits (Febrl); anything else that does
not give eight digits is null (no evidence), never a disagreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import Levenshtein

from matching.columns import raw_column
from matching.levels import Comparison, LevelDef, Levels, Pairs, ladder, pairwise

DateKeys = tuple[NDArray[np.object_], NDArray[np.int64]]  # YYYYMMDD strings; the same as integers


def date_key(value: Any) -> str | None:
    """A date as YYYYMMDD digits (date objects, ISO strings and YYYYMMDD strings accepted)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return digits if len(digits) == 8 else None


class DateComparison(Comparison):
    """Birth dates: exact, one typo or day/month swapped, same year and month, same year, else."""

    type_name = "date"

    def __init__(self, name: str) -> None:
        self.name = name
        self.levels = (
            LevelDef("exact", f"the {name} values are the same day"),
            LevelDef("typo", f"the {name} values differ by one digit or by day and month swapped"),
            LevelDef("year_month", f"the {name} values share year and month only"),
            LevelDef("year", f"the {name} values share the year only"),
            LevelDef("different", f"the {name} values are different dates"),
        )

    def prepare(self, rows: Sequence[Any]) -> DateKeys:
        """(YYYYMMDD keys, integer YYYYMMDD with -1 for null) so that compare stays vectorised."""
        keys = np.empty(len(rows), dtype=object)
        keys[:] = [date_key(v) if v is not None and v == v else None for v in raw_column(rows, self.name)]
        ints = np.array([int(k) if k else -1 for k in keys], dtype=np.int64)
        return keys, ints

    def compare(self, left: DateKeys, right: DateKeys, i: Pairs, j: Pairs) -> Levels:
        a, b = left[0][i], right[0][j]
        x, y = left[1][i], right[1][j]
        exact: NDArray[np.bool_] = x == y
        typed = a.copy()
        typed[exact] = None  # the distance is only needed where the dates differ
        edits = pairwise(typed, b, Levenshtein.distance, null=99.0)
        year = x // 10_000 == y // 10_000
        swapped = year & (x // 100 % 100 == y % 100) & (x % 100 == y // 100 % 100)
        typo = (edits <= 1) & self.typo_positions(x, y)
        return ladder(a, b, [exact, typo | swapped, x // 100 == y // 100, year])

    def typo_positions(self, x: NDArray[np.int64], y: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Where a one-digit difference may be a typo: anywhere for a generic date (Febrl)."""
        return np.ones(len(x), dtype=bool)

    def display(self, prepared: DateKeys, index: int) -> str | None:
        key: str | None = prepared[0][index]
        return f"{key[:4]}-{key[4:6]}-{key[6:]}" if key else None
