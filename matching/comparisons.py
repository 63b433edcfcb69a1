"""The generic column comparisons, for any table (a CSV, Febrl): exact, Jaro-Winkler at
thresholds, edit distance at thresholds, and dates (``matching.dates``).

Each compares one column of two tables over whole arrays of candidate pairs with rapidfuzz
``process.cpdist``; what a comparison is (a ladder of levels) is in ``matching.levels``, the
comparisons of Descriptions in ``matching.domain_comparisons``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from matching.columns import text_column
from matching.dates import DateComparison
from matching.levels import Comparison, LevelDef, Levels, Pairs, ladder, pairwise

Column = NDArray[np.object_]  # a prepared text column: strings, None where missing


class ExactMatch(Comparison):
    """The two values are identical, or they are not."""

    type_name = "exact"

    def __init__(self, name: str, *, tf: bool = False) -> None:
        self.name, self.tf = name, tf
        self.levels = (
            LevelDef("exact", f"the {name} values are identical", tf=tf),
            LevelDef("different", f"the {name} values differ"),
        )

    def prepare(self, rows: Sequence[Any]) -> Column:
        return text_column(rows, self.name)

    def compare(self, left: Column, right: Column, i: Pairs, j: Pairs) -> Levels:
        a, b = left[i], right[j]
        return ladder(a, b, [a == b])

    def display(self, prepared: Column, index: int) -> str | None:
        return _text(prepared[index])

    def tf_keys(self, prepared: Column, index: Pairs) -> dict[str, list[str | None]]:
        return {self.name: list(prepared[index])} if self.tf else {}

    def options(self) -> dict[str, Any]:
        return {"name": self.name, "tf": self.tf}


class StringAtThresholds(ExactMatch):
    """Exact, then (optionally) swapped with another column, then Jaro-Winkler at or above each
    threshold, then different. ``swap_with`` catches given name and surname written in each
    other's place, frequent in registries that print "NOM Prénom"."""

    type_name = "string"

    def __init__(self, name: str, thresholds: Sequence[float] = (0.92, 0.8), *, tf: bool = False,
                 swap_with: str | None = None) -> None:
        super().__init__(name, tf=tf)
        self.thresholds = tuple(float(t) for t in thresholds)
        self.swap_with = swap_with
        swapped = (LevelDef("swapped", f"the {name} of one is the {swap_with} of the other"),) if swap_with else ()
        fuzzy = tuple(
            LevelDef(f"jaro_winkler>={t:g}", f"the {name} values are close (Jaro-Winkler >= {t:g})")
            for t in self.thresholds
        )
        self.levels = (self.levels[0], *swapped, *fuzzy, self.levels[1])

    def prepare(self, rows: Sequence[Any]) -> Column:
        if not self.swap_with:
            return text_column(rows, self.name)
        return np.stack([text_column(rows, self.name), text_column(rows, self.swap_with)])

    def compare(self, left: Column, right: Column, i: Pairs, j: Pairs) -> Levels:
        if self.swap_with:
            a, b = left[0][i], right[0][j]
            tests = [a == b, (a == right[1][j]) & (left[1][i] == b) & (a != None)]  # noqa: E711
        else:
            a, b = left[i], right[j]
            tests = [a == b]
        sim = pairwise(a, b, JaroWinkler.normalized_similarity)
        return ladder(a, b, [*tests, *(sim >= t for t in self.thresholds)])

    def display(self, prepared: Column, index: int) -> str | None:
        return _text(prepared[0][index] if self.swap_with else prepared[index])

    def tf_keys(self, prepared: Column, index: Pairs) -> dict[str, list[str | None]]:
        if not self.tf:
            return {}
        return {self.name: list((prepared[0] if self.swap_with else prepared)[index])}

    def options(self) -> dict[str, Any]:
        return {"name": self.name, "thresholds": list(self.thresholds), "tf": self.tf, "swap_with": self.swap_with}


class EditDistanceAtThresholds(ExactMatch):
    """Exact, then Damerau-Levenshtein distance at or below each bound (typos in numbers)."""

    type_name = "edit_distance"

    def __init__(self, name: str, distances: Sequence[int] = (1, 2), *, tf: bool = False) -> None:
        super().__init__(name, tf=tf)
        self.distances = tuple(int(d) for d in distances)
        fuzzy = tuple(
            LevelDef(f"edits<={d}", f"the {name} values differ by at most {d} typing errors")
            for d in self.distances
        )
        self.levels = (self.levels[0], *fuzzy, self.levels[1])

    def compare(self, left: Column, right: Column, i: Pairs, j: Pairs) -> Levels:
        a, b = left[i], right[j]
        dist = pairwise(a, b, DamerauLevenshtein.distance, null=np.inf)
        return ladder(a, b, [a == b, *(dist <= d for d in self.distances)])

    def options(self) -> dict[str, Any]:
        return {"name": self.name, "distances": list(self.distances), "tf": self.tf}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def column_types() -> dict[str, type[Comparison]]:
    """Every generic column comparison by its JSON type name."""
    classes = (ExactMatch, StringAtThresholds, EditDistanceAtThresholds, DateComparison)
    return {cls.type_name: cls for cls in classes}


__all__ = ["Comparison", "DateComparison", "EditDistanceAtThresholds", "ExactMatch", "LevelDef",
           "StringAtThresholds", "column_types"]
