"""Linking two whole tables, or deduplicating one: block, compare vectorised, score, threshold.

Rows are either ``Description`` objects (the Moroccan path: domain comparisons and the shipped
default model) or plain mappings of columns (the generic path: comparisons configured by the
caller, the model fit on the data itself, u from random pairs and m by EM, as Splink does).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.api import default_model
from matching.blocking import Blocking
from matching.description import DESCRIPTION_BLOCKING, Description
from matching.em import fit_prepared
from matching.levels import Comparison, Floats, Pairs
from matching.model import Model


@dataclass(frozen=True)
class ScoredPair:
    """One linked pair: row positions in the left and right tables, and how sure."""

    left: int
    right: int
    probability: float
    match_weight: float


@dataclass
class Links:
    """Pairs scored at or above the threshold, as arrays, plus how many pairs were compared."""

    left: Pairs
    right: Pairs
    match_weight: Floats
    probability: Floats
    candidates: int
    model: Model

    def __len__(self) -> int:
        return len(self.left)

    def __iter__(self) -> Iterator[ScoredPair]:
        for k in range(len(self.left)):
            yield ScoredPair(int(self.left[k]), int(self.right[k]), float(self.probability[k]), float(self.match_weight[k]))


def link(
    left: Sequence[Any], right: Sequence[Any], *, model: Model | None = None,
    comparisons: Sequence[Comparison] | None = None, blocking: Blocking | None = None,
    threshold: float = 0.5, fit: bool | None = None, keep_all: bool = False,
) -> Links:
    """Pairs across two tables that match with probability >= ``threshold``.

    >>> rows = [{"name": "atlas btp", "city": "rabat"}, {"name": "nour trading", "city": "fes"}]
    >>> from matching.comparisons import StringAtThresholds, ExactMatch
    >>> m = Model([StringAtThresholds("name"), ExactMatch("city")], m=[[.9, .05, .03, .02], [.9, .1]],
    ...           u=[[.01, .01, .01, .97], [.1, .9]], prior=.3)
    >>> [(p.left, p.right) for p in link(rows, rows, model=m, blocking=Blocking(["city"]))]
    [(0, 0), (1, 1)]
    """
    return _run(left, right, model, comparisons, blocking, threshold, fit, keep_all)


def dedupe(
    rows: Sequence[Any], *, model: Model | None = None, comparisons: Sequence[Comparison] | None = None,
    blocking: Blocking | None = None, threshold: float = 0.5, fit: bool | None = None, keep_all: bool = False,
) -> Links:
    """Pairs of distinct rows (i < j) of one table that match with probability >= ``threshold``."""
    return _run(rows, None, model, comparisons, blocking, threshold, fit, keep_all)


def _run(left: Sequence[Any], right: Sequence[Any] | None, model: Model | None,
         comparisons: Sequence[Comparison] | None, blocking: Blocking | None,
         threshold: float, fit: bool | None, keep_all: bool) -> Links:
    descriptions = _are_descriptions(left)
    if model is None:
        if comparisons is not None:
            model, fit = Model(comparisons), True if fit is None else fit
        elif descriptions:
            model = default_model()
        else:
            raise ValueError("generic rows need comparisons=[...] or a model")
    if blocking is None:
        blocking = _default_blocking(model, descriptions)
    i, j = blocking.pairs(left, right)
    lp = model.prepare(left)
    rp = lp if right is None else model.prepare(right)
    gamma = model.levels(lp, rp, i, j)
    if fit:
        n_right = None if right is None else len(right)
        fit_prepared(model, lp, rp, len(left), n_right, i, j, gamma=gamma)
    weight, prob = model.score_levels(gamma, lp, i)
    keep = np.ones(len(i), dtype=bool) if keep_all else prob >= threshold
    return Links(i[keep], j[keep], weight[keep], prob[keep], len(i), model)


def _are_descriptions(rows: Sequence[Any]) -> bool:
    return bool(rows) and isinstance(rows[0], Description)


def _default_blocking(model: Model, descriptions: bool) -> Blocking:
    if descriptions:
        return DESCRIPTION_BLOCKING
    return Blocking([comp.name for comp in model.comparisons])
