"""Scoring one pair of Descriptions: a calibrated probability and a per-field explanation.

``score`` is the call the service makes per (debtor, candidate) pair, so it stays cheap: each
Description normalizes itself once (cached on the object) and the model's level weights are
computed once per model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from matching.description import Description
from matching.explain import FieldResult, masked, sentence
from matching.levels import Floats, Levels
from matching.model import Model


@dataclass(frozen=True, slots=True)
class MatchResult:
    """P(same entity), the total weight in bits (prior included) and each field's part in it."""

    probability: float
    match_weight: float
    fields: tuple[FieldResult, ...]
    prior_weight: float = 0.0

    def explain(self) -> list[str]:
        """One human sentence per compared field, strongest evidence first, values masked."""
        lines = []
        for f in sorted(self.fields, key=lambda f: -abs(f.weight)):
            values = f"{masked(f.field, f.left)!r} vs {masked(f.field, f.right)!r}"
            lines.append(f"{f.field} [{f.level}, {f.weight:+.1f}] {values}: {f.sentence}")
        lines.append(f"prior {self.prior_weight:+.1f} bits; total {self.match_weight:+.1f} bits "
                     f"→ P(match) = {self.probability:.3f}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"probability": self.probability, "match_weight": self.match_weight,
                "fields": [f.to_dict() for f in self.fields]}


@cache
def default_model() -> Model:
    """The shipped model (matching/data/model.json), loaded once per process."""
    path = resources.files("matching.data").joinpath("model.json")
    with resources.as_file(path) as real:
        return Model.load(real)


def score(a: Description, b: Description, model: Model | None = None) -> MatchResult:
    """Compare two descriptions of a person or a company.

    >>> a = Description(kind="person", name="EL ALAOUI Mohamed", cin="BK100001")
    >>> b = Description(kind="person", name="Mohammed Alaoui", cin="BK100001")
    >>> score(a, b).probability > 0.99
    True
    """
    return score_many(a, [b], model)[0]


def score_many(
    a: Description, others: Sequence[Description], model: Model | None = None
) -> list[MatchResult]:
    """``score(a, b)`` for every b at once: one vectorised pass over the candidates, which is
    how the service scores a debtor against all the parties its sources returned."""
    model = model or default_model()
    if not others:
        return []
    left, right = model.prepare([a]), model.prepare(list(others))
    i = np.zeros(len(others), dtype=np.int64)
    j = np.arange(len(others), dtype=np.int64)
    gamma = model.levels(left, right, i, j)
    weights = model.field_weights(gamma, left, i)
    totals = model.prior_weight() + weights.sum(axis=1)
    probabilities = model.probability(totals)
    base, prior = model.level_weights(), model.prior_weight()  # once, not once a candidate
    return [
        MatchResult(float(probabilities[n]), float(totals[n]),
                    _fields(model, base, gamma[n], weights[n], left, right, n), prior)
        for n in range(len(others))
    ]


def _fields(model: Model, base: list[Floats], gamma: Levels, weights: Floats, left: list[Any],
            right: list[Any], n: int) -> tuple[FieldResult, ...]:
    fields = []
    for c, comp in enumerate(model.comparisons):
        k = int(gamma[c])
        if k == 0:
            continue
        w = float(weights[c])
        level = comp.levels[k - 1]
        fields.append(FieldResult(
            comp.name, level.label, w, comp.display(left[c], 0), comp.display(right[c], n),
            sentence(level.sentence, w, w - float(base[c][k])),
        ))
    return tuple(fields)
