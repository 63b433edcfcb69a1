"""The Fellegi-Sunter model: m and u per comparison level, a prior, term frequencies, calibration.

A pair's match weight is log2 of the prior odds plus, for every comparison, log2(m/u) of the
level it reached (0 for null), plus the term-frequency adjustment at levels that use one. The
probability is the logistic of that weight, passed through a calibration (Platt scaling, identity
until ``calibrate`` has seen labelled pairs). Models round-trip through JSON (``save``/``load``).
``fit`` estimates m, u, the prior and term frequencies from unlabelled data (``matching.em``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from matching.blocking import Blocking
from matching.comparisons import column_types
from matching.domain_comparisons import domain_types
from matching.em import fit_model, platt
from matching.levels import Comparison, Floats, Gamma, Pairs
from matching.tf import TermFrequencies

FLOOR = 1e-9  # no probability is ever exactly 0: one field never forbids a match on its own


def comparison_types() -> dict[str, type[Comparison]]:
    """Every comparison a model's JSON may name, by its type name."""
    return {**column_types(), **domain_types()}


class Model:
    """Comparisons with their m/u probabilities; scores arrays of candidate pairs."""

    def __init__(
        self,
        comparisons: Sequence[Comparison],
        *,
        m: Sequence[ArrayLike] | None = None,
        u: Sequence[ArrayLike] | None = None,
        prior: float = 0.01,
        tf: TermFrequencies | None = None,
        calibration: tuple[float, float] = (1.0, 0.0),
        name: str = "",
    ) -> None:
        self.comparisons = list(comparisons)
        sizes = [len(c.levels) for c in self.comparisons]
        self.m = [_probs(m[k] if m else _default_m(n)) for k, n in enumerate(sizes)]
        self.u = [_probs(u[k] if u else _default_u(n)) for k, n in enumerate(sizes)]
        self.prior = float(prior)
        self.tf = tf or TermFrequencies()
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.name = name

    # -- scoring -------------------------------------------------------------------------------
    def level_weights(self) -> list[Floats]:
        """log2(m/u) per level of every comparison, with 0 for the null level in front (cached
        until m or u are replaced, as fitting does)."""
        token = tuple(id(a) for a in (*self.m, *self.u))
        cached = getattr(self, "_weights", None)
        if cached is None or cached[0] != token:
            table = [np.concatenate(([0.0], np.log2(m / u))) for m, u in zip(self.m, self.u, strict=True)]
            self._weights = cached = (token, table)
        return cached[1]

    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1.0 - self.prior)))

    def prepare(self, rows: Sequence[Any]) -> list[Any]:
        """Every comparison's prepared table. Comparisons whose class says their preparation
        depends on the rows alone (``Comparison.prepared_from_rows``) and that share one prepare
        function share its table: the seven comparisons of a Description all read the same
        normal forms, and asking each for them was a twentieth of a person debtor's CPU at
        10^5 (issue 17)."""
        shared: dict[Any, Any] = {}
        tables = []
        for comparison in self.comparisons:
            kind = type(comparison)
            if not kind.prepared_from_rows:
                tables.append(comparison.prepare(rows))
                continue
            key = kind.prepare
            if key not in shared:
                shared[key] = comparison.prepare(rows)
            tables.append(shared[key])
        return tables

    def levels(self, left: list[Any], right: list[Any], i: Pairs, j: Pairs) -> Gamma:
        """The comparison vector (pairs x comparisons) of level indices, 0 for null."""
        gamma = np.zeros((len(i), len(self.comparisons)), dtype=np.int8)
        for c, comp in enumerate(self.comparisons):
            gamma[:, c] = comp.compare(left[c], right[c], i, j)
        return gamma

    def field_weights(self, gamma: Gamma, left: list[Any], i: Pairs) -> Floats:
        """Weight contributed by every comparison to every pair, term frequencies included."""
        table = self.level_weights()
        out = np.zeros(gamma.shape, dtype=np.float64)
        for c, comp in enumerate(self.comparisons):
            out[:, c] = table[c][gamma[:, c]]
            for k, level in enumerate(comp.levels, start=1):
                if not level.tf:
                    continue
                rows = np.nonzero(gamma[:, c] == k)[0]
                if len(rows):
                    keys = comp.tf_keys(left[c], i[rows])
                    out[rows, c] += self.tf.adjustment(keys, float(self.u[c][k - 1]), len(rows))
        return out

    def probability(self, weight: ArrayLike) -> Floats:
        """Calibrated P(match) from total match weights (bits, prior included)."""
        a, b = self.calibration
        z = a * np.asarray(weight, dtype=np.float64) * np.log(2.0) + b
        probability: Floats = 1.0 / (1.0 + np.exp(-np.clip(z, -700, 700)))
        return probability

    def score_pairs(self, left: list[Any], right: list[Any], i: Pairs, j: Pairs) -> tuple[Floats, Floats]:
        """(match weights, probabilities) for arrays of pairs of prepared tables."""
        return self.score_levels(self.levels(left, right, i, j), left, i)

    def score_levels(self, gamma: Gamma, left: list[Any], i: Pairs) -> tuple[Floats, Floats]:
        """(match weights, probabilities) from comparison vectors already computed."""
        weight = self.prior_weight() + self.field_weights(gamma, left, i).sum(axis=1)
        return weight, self.probability(weight)

    # -- fitting (see matching.em) --------------------------------------------------------------
    def fit(self, left: Sequence[Any], right: Sequence[Any] | None = None, *,
            pairs: tuple[ArrayLike, ArrayLike] | None = None, blocking: Blocking | None = None,
            u_samples: int = 200_000, seed: int = 0, max_iter: int = 100) -> Model:
        """Estimate u from random pairs, m and the prior by EM, tf tables from the data; in place.
        Candidate pairs come from ``pairs`` (i, j) or from a ``Blocking``."""
        return fit_model(self, left, right, pairs=pairs, blocking=blocking, u_samples=u_samples,
                         seed=seed, max_iter=max_iter)

    def calibrate(self, weights: ArrayLike, labels: ArrayLike) -> Model:
        """Fit the Platt scaling on labelled pairs' weights; in place."""
        self.calibration = platt(np.asarray(weights, float), np.asarray(labels, float))
        return self

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        comparisons = []
        for comp, m, u in zip(self.comparisons, self.m, self.u, strict=True):
            levels = [
                {"label": lv.label, "m": float(mk), "u": float(uk)}
                for lv, mk, uk in zip(comp.levels, m, u, strict=True)
            ]
            comparisons.append({**comp.to_dict(), "levels": levels})
        return {
            "format": "skiptrace-matching-model/1",
            "name": self.name,
            "prior": self.prior,
            "calibration": list(self.calibration),
            "comparisons": comparisons,
            "tf": self.tf.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        registry = comparison_types()
        comparisons, m, u = [], [], []
        for spec in data["comparisons"]:
            options = {k: v for k, v in spec.items() if k not in ("type", "levels")}
            comp = registry[spec["type"]](**options)
            labels = [lv["label"] for lv in spec["levels"]]
            if labels != [lv.label for lv in comp.levels]:
                raise ValueError(f"model levels for {comp.name} do not match the code: {labels}")
            comparisons.append(comp)
            m.append([lv["m"] for lv in spec["levels"]])
            u.append([lv["u"] for lv in spec["levels"]])
        a, b = data.get("calibration", (1.0, 0.0))
        return cls(
            comparisons, m=m, u=u, prior=data["prior"], name=data.get("name", ""),
            tf=TermFrequencies.from_dict(data.get("tf")), calibration=(float(a), float(b)),
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as JSON (no personal data beyond value frequencies; mode 0600 anyway)."""
        target = Path(path)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.to_dict(), fh, ensure_ascii=False, indent=1)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Model:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _probs(values: ArrayLike) -> Floats:
    arr = np.maximum(np.asarray(values, dtype=np.float64), FLOOR)
    total = arr.sum()
    return arr if abs(total - 1.0) < 1e-12 else arr / total


def _default_m(n: int) -> Floats:
    """Starting m for EM: matches mostly agree exactly, rarely disagree outright. A start this
    pointed keeps EM on the "same entity" class rather than a cluster blocking created."""
    if n == 1:
        return np.ones(1)
    middle = [0.2 * 0.5**k for k in range(n - 2)]
    return np.array([0.8 - sum(middle) + 0.2 - 0.02, *middle, 0.02]) if n > 2 else np.array([0.95, 0.05])


def _default_u(n: int) -> Floats:
    """Starting u: most mass on the last ("different") level."""
    return np.array([0.01] * (n - 1) + [1.0]) if n > 1 else np.ones(1)
