"""Comparisons: each turns a pair of records into one of a few ordered agreement levels.

As in Splink, a comparison is a ladder of levels, strongest agreement first; level 0 is always
"null" (one side has no value: no evidence either way). The model attaches m and u
probabilities to every other level. Comparisons work on whole arrays of candidate pairs at once
(``compare(left, right, i, j)``) so that linking two tables stays vectorised: the generic column
comparisons here use rapidfuzz ``process.cpdist``; the Moroccan comparisons of a Description live
in ``matching.domain_comparisons``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

NULL = 0
Prepared = Any  # what ``Comparison.prepare`` returns for one table


@dataclass(frozen=True)
class LevelDef:
    """One rung of a comparison: its label, and the sentence that explains it to a person."""

    label: str
    sentence: str
    tf: bool = False  # the term-frequency adjustment applies at this level


class Comparison:
    """A field comparison: prepare a table once, then assign levels to many pairs at once."""

    type_name: ClassVar[str] = ""
    name: str
    levels: tuple[LevelDef, ...]  # non-null levels, strongest first; index k+1 in level arrays

    def prepare(self, rows: Sequence[Any]) -> Prepared:
        raise NotImplementedError

    def compare(self, left: Prepared, right: Prepared, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def display(self, prepared: Prepared, index: int) -> str | None:
        """The value of one record as the explanation shows it."""
        return None

    def tf_keys(self, prepared: Prepared, index: np.ndarray) -> dict[str, list[str | None]]:
        """Keys into term-frequency tables, per table, for the given records (none by default)."""
        return {}

    def options(self) -> dict[str, Any]:
        return {"name": self.name}

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type_name, **self.options()}

    @property
    def labels(self) -> tuple[str, ...]:
        return ("null",) + tuple(level.label for level in self.levels)


def cell(row: Any, column: str) -> Any:
    """A row's value for a column, whether the row is a mapping or an object with attributes."""
    value = row.get(column) if isinstance(row, Mapping) else getattr(row, column, None)
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return None
    return value


def raw_column(rows: Sequence[Any], column: str) -> list[Any]:
    """A column's values, whether rows are mappings or objects with attributes."""
    if rows and isinstance(rows[0], Mapping):
        return [row.get(column) for row in rows]
    return [getattr(row, column, None) for row in rows]


def text_column(rows: Sequence[Any], column: str) -> np.ndarray:
    """A column as an object array of stripped lower-case strings, None where missing (or NaN)."""
    out = np.empty(len(rows), dtype=object)
    out[:] = [
        (v.strip().lower() if isinstance(v, str) else str(v).strip().lower()) or None
        if v is not None and v == v else None  # v != v: NaN
        for v in raw_column(rows, column)
    ]
    return out


def _ladder(a: np.ndarray, b: np.ndarray, tests: list[np.ndarray]) -> np.ndarray:
    """Level per pair: 0 where a side is null, else 1 + the first test that holds (last = else)."""
    levels = np.full(len(a), len(tests) + 1, dtype=np.int8)
    for k in range(len(tests) - 1, -1, -1):
        levels[tests[k]] = k + 1
    levels[(a == None) | (b == None)] = NULL  # noqa: E711 (elementwise on object arrays)
    return levels


def _workers(n: int) -> int:
    """All cores for big arrays; one thread for small ones, where starting threads costs more."""
    return -1 if n >= 20_000 else 1


def _pairwise(a: np.ndarray, b: np.ndarray, scorer: Any, null: float = 0.0) -> np.ndarray:
    """Scorer applied pair by pair (not all against all); ``null`` where a side is missing."""
    ok = (a != None) & (b != None)  # noqa: E711
    scores = np.full(len(a), null, dtype=np.float64)
    if not ok.any():
        return scores
    if len(a) < 32:  # one pair at a time (``score``): a plain call beats the batch machinery
        scores[ok] = [scorer(x, y) for x, y in zip(a[ok], b[ok], strict=True)]
    else:
        scores[ok] = process.cpdist(list(a[ok]), list(b[ok]), scorer=scorer, workers=_workers(len(a)))
    return scores


class ExactMatch(Comparison):
    """The two values are identical, or they are not."""

    type_name = "exact"

    def __init__(self, name: str, *, tf: bool = False) -> None:
        self.name, self.tf = name, tf
        self.levels = (
            LevelDef("exact", f"the {name} values are identical", tf=tf),
            LevelDef("different", f"the {name} values differ"),
        )

    def prepare(self, rows: Sequence[Any]) -> np.ndarray:
        return text_column(rows, self.name)

    def compare(self, left: np.ndarray, right: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a, b = left[i], right[j]
        return _ladder(a, b, [a == b])

    def display(self, prepared: np.ndarray, index: int) -> str | None:
        return prepared[index]

    def tf_keys(self, prepared: np.ndarray, index: np.ndarray) -> dict[str, list[str | None]]:
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

    def prepare(self, rows: Sequence[Any]) -> np.ndarray:
        if not self.swap_with:
            return text_column(rows, self.name)
        return np.stack([text_column(rows, self.name), text_column(rows, self.swap_with)])

    def compare(self, left: np.ndarray, right: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if self.swap_with:
            a, b = left[0][i], right[0][j]
            tests = [a == b, (a == right[1][j]) & (left[1][i] == b) & (a != None)]  # noqa: E711
        else:
            a, b = left[i], right[j]
            tests = [a == b]
        sim = _pairwise(a, b, JaroWinkler.normalized_similarity)
        return _ladder(a, b, [*tests, *(sim >= t for t in self.thresholds)])

    def display(self, prepared: np.ndarray, index: int) -> str | None:
        return prepared[0][index] if self.swap_with else prepared[index]

    def tf_keys(self, prepared: np.ndarray, index: np.ndarray) -> dict[str, list[str | None]]:
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

    def compare(self, left: np.ndarray, right: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a, b = left[i], right[j]
        dist = _pairwise(a, b, DamerauLevenshtein.distance, null=np.inf)
        return _ladder(a, b, [a == b, *(dist <= d for d in self.distances)])

    def options(self) -> dict[str, Any]:
        return {"name": self.name, "distances": list(self.distances), "tf": self.tf}


def column_types() -> dict[str, type[Comparison]]:
    """Every generic column comparison by its JSON type name."""
    from matching.dates import DateComparison

    classes = (ExactMatch, StringAtThresholds, EditDistanceAtThresholds, DateComparison)
    return {cls.type_name: cls for cls in classes}


# Dates live in their own module; re-exported so that every column comparison imports from here.
from matching.dates import DateComparison, date_key  # noqa: E402

__all__ = ["Comparison", "DateComparison", "EditDistanceAtThresholds", "ExactMatch", "LevelDef",
           "StringAtThresholds", "cell", "column_types", "date_key", "raw_column", "text_column"]
