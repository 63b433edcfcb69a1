"""The most a candidate could score whatever some of its fields say: a bound from the fields
that are cheap to compare, without preparing the costly ones.

A debtor's name searches bring hundreds of candidate parties at 10^5 (issue 17), and most of
them share no word of the debtor's name; preparing every party's address (the costliest
normal form after the name) and comparing it is wasted on a party whose name and identifiers
already keep it far below any threshold. :func:`upper_bounds` compares everything but the
fields left out, and adds for each left-out group the largest weight any of its levels can
give (a term-frequency level: plus the adjustment's cap). The model's total is a sum of
per-field weights, so the bound is never below the probability the full comparison gives
(a property test says so); the caller decides what is worth scoring in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.api import default_model
from matching.description import Description
from matching.model import Model
from matching.tf import MAX_ADJUSTMENT

#: comparisons left out by default, in groups of which at most one gives a level for a pair:
#: the city is compared only when the two addresses are not (matching.contact_comparisons)
LEFT_OUT: tuple[tuple[str, ...], ...] = (("address", "city"), ("father",))
#: the Description field each left-out comparison reads
_FIELD = {"address": "address", "city": "city", "father": "father_name"}


@dataclass(frozen=True)
class Bound:
    """The highest probability a candidate can reach, and the levels of what was compared."""

    probability: float
    weight: float  # bits, prior included, the left-out fields' part not counted
    row: tuple[int, ...]  # the compared levels, one per comparison of the model (0: null)
    labels: tuple[tuple[str, tuple[str, ...]], ...]  # (comparison, its level labels)

    def level(self, comparison: str) -> str | None:
        """The level one comparison gave, None when it was not compared (null or left out)."""
        for (name, labels), k in zip(self.labels, self.row, strict=True):
            if name == comparison:
                return labels[k] if k else None
        return None

    @property
    def levels(self) -> dict[str, str]:
        """Every compared field's level (a dict is built only when asked: a bound is made
        for hundreds of parties a debtor, and screening reads one level of each)."""
        return {name: labels[k] for (name, labels), k in zip(self.labels, self.row, strict=True)
                if k}


def upper_bounds(a: Description, others: Sequence[Description], model: Model | None = None,
                 left_out: tuple[tuple[str, ...], ...] = LEFT_OUT) -> list[Bound]:
    """For each of ``others``, the highest probability ``score(a, other)`` can give, computed
    without preparing ``other``'s fields in ``left_out`` (their normal forms are never made)."""
    model = model or default_model()
    if not others:
        return []
    blank = {_FIELD[name]: None for group in left_out for name in group}
    stripped = [_without(other, blank) for other in others]
    left, right = model.prepare([a]), model.prepare(stripped)
    i = np.zeros(len(others), dtype=np.int64)
    j = np.arange(len(others), dtype=np.int64)
    gamma = model.levels(left, right, i, j)
    # the left-out comparisons' columns are dropped, not only their fields emptied: a father
    # the name itself writes ("… fille de Omar") is compared even with no father field
    out = {name for group in left_out for name in group}
    kept = np.array([comp.name not in out for comp in model.comparisons])
    gamma[:, ~kept] = 0
    totals = model.prior_weight() + model.field_weights(gamma, left, i)[:, kept].sum(axis=1)
    probabilities = model.probability(totals + slack(model, left_out)).tolist()
    labels = tuple((comp.name, comp.labels) for comp in model.comparisons)
    return [Bound(probability, weight, tuple(row), labels)
            for probability, weight, row in zip(probabilities, totals.tolist(), gamma.tolist(),
                                                strict=True)]


def _without(description: Description, blank: dict[str, None]) -> Description:
    """The description with the ``blank`` fields emptied. Neither ``dataclasses.replace`` nor
    the frozen ``__init__`` (one ``object.__setattr__`` a field): this runs for hundreds of
    parties a debtor, and a Description has no ``__post_init__`` to skip. Its memo of normal
    forms is not carried over, since they change."""
    copy = object.__new__(Description)
    copy.__dict__.update({k: v for k, v in description.__dict__.items() if not k.startswith("_")},
                         **blank)
    return copy


def slack(model: Model, left_out: tuple[tuple[str, ...], ...] = LEFT_OUT) -> float:
    """The most the left-out comparisons can add, in bits: per group, the largest weight one
    of its comparisons' levels gives (never below 0: a null level gives 0)."""
    weights = model.level_weights()
    by_name = {comp.name: c for c, comp in enumerate(model.comparisons)}
    total = 0.0
    for group in left_out:
        best = 0.0
        for name in group:
            c = by_name.get(name)
            if c is None:
                continue
            comp = model.comparisons[c]
            for k, level in enumerate(comp.levels, start=1):
                best = max(best, float(weights[c][k]) + (MAX_ADJUSTMENT if level.tf else 0.0))
        total += best
    return total
