"""What every comparison is: an ordered ladder of agreement levels, and the vectorised helpers that
assign them.

As in Splink, a comparison is a ladder of levels, strongest agreement first; level 0 is always
"null" (one side has no value: no evidence either way). The model attaches m and u
probabilities to every other level. Comparisons work on whole arrays of candidate pairs at once
(``compare(left, right, i, j)``) so that linking two tables stays vectorised. The generic column
comparisons are in ``matching.comparisons`` and ``matching.dates``; the comparisons of
Descriptions in ``matching.domain_comparisons`` and its neighbours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process

NULL = 0
Prepared = Any  # what ``Comparison.prepare`` returns for one table
Levels = NDArray[np.int8]  # one level index per pair, 0 for null
Gamma = NDArray[np.int8]  # comparison vectors: pairs x comparisons, a level index in each cell
Pairs = NDArray[np.int64]  # row positions of the pairs' left (``i``) or right (``j``) sides
Floats = NDArray[np.float64]  # weights, probabilities, m and u


@dataclass(frozen=True)
class LevelDef:
    """One rung of a comparison: its label, and the sentence that explains it to a person."""

    label: str
    sentence: str
    tf: bool = False  # the term-frequency adjustment applies at this level


class Comparison:
    """A field comparison: prepare a table once, then assign levels to many pairs at once."""

    type_name: ClassVar[str] = ""
    #: ``prepare`` reads the rows alone, never the comparison's settings, and its table is only
    #: read afterwards: comparisons with the same prepare function may share one table
    prepared_from_rows: ClassVar[bool] = False
    name: str
    levels: tuple[LevelDef, ...]  # non-null levels, strongest first; index k+1 in level arrays

    def prepare(self, rows: Sequence[Any]) -> Prepared:
        raise NotImplementedError

    def compare(self, left: Prepared, right: Prepared, i: Pairs, j: Pairs) -> Levels:
        raise NotImplementedError

    def display(self, prepared: Prepared, index: int) -> str | None:
        """The value of one record as the explanation shows it."""
        return None

    def tf_keys(self, prepared: Prepared, index: Pairs) -> dict[str, list[str | None]]:
        """Keys into term-frequency tables, per table, for the given records (none by default)."""
        return {}

    def options(self) -> dict[str, Any]:
        return {"name": self.name}

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type_name, **self.options()}

    @property
    def labels(self) -> tuple[str, ...]:
        return ("null",) + tuple(level.label for level in self.levels)


def ladder(a: NDArray[Any], b: NDArray[Any], tests: Sequence[NDArray[np.bool_]]) -> Levels:
    """Level per pair: 0 where a side is null, else 1 + the first test that holds (last = else)."""
    levels = np.full(len(a), len(tests) + 1, dtype=np.int8)
    for k in range(len(tests) - 1, -1, -1):
        levels[tests[k]] = k + 1
    levels[(a == None) | (b == None)] = NULL  # noqa: E711 (elementwise on object arrays)
    return levels


def _workers(n: int) -> int:
    """All cores for big arrays; one thread for small ones, where starting threads costs more."""
    return -1 if n >= 20_000 else 1


def pairwise(a: NDArray[Any], b: NDArray[Any], scorer: Callable[..., float],
             null: float = 0.0) -> NDArray[np.float64]:
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
