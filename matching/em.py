"""Estimating a model from unlabelled data, as Splink does, and calibrating it on labelled pairs.

- u (how often non-matches agree at each level) from comparisons of random pairs: almost every
  random pair is a non-match, so level frequencies there are u.
- m by expectation-maximisation over the candidate pairs' comparison vectors, u held fixed. The
  prior the model keeps is the match rate among *all* pairs (expected matches / all pairs), as
  Splink's "probability two random records match": m and u describe all pairs, and agreement on a
  blocking key must count as evidence, not be absorbed into a prior inflated by blocking. Vectors are compressed to their distinct
  patterns first, so EM costs the same for 10^3 or 10^7 pairs.
- Platt scaling: a logistic fit of labels on match weights, for when labelled pairs exist.

The model is seen through ``Fittable`` (what fitting reads and sets), so that ``matching.model``
can call this module without this module importing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

import numpy as np
from numpy.typing import ArrayLike

from matching.blocking import Blocking
from matching.levels import Comparison, Floats, Gamma, Pairs
from matching.tf import TermFrequencies


class Fittable(Protocol):
    """What fitting reads and sets of a model (``matching.model.Model``)."""

    comparisons: list[Comparison]
    m: list[Floats]
    u: list[Floats]
    prior: float
    tf: TermFrequencies

    def prepare(self, rows: Sequence[Any]) -> list[Any]: ...

    def levels(self, left: list[Any], right: list[Any], i: Pairs, j: Pairs) -> Gamma: ...


F = TypeVar("F", bound=Fittable)


def random_pairs(n_left: int, n_right: int | None, size: int, seed: int = 0) -> tuple[Pairs, Pairs]:
    """Uniform random pairs across two tables, or of distinct rows of one (``n_right`` None)."""
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n_left, size)
    if n_right is None:
        j = rng.integers(0, n_left - 1, size)
        j[j >= i] += 1
    else:
        j = rng.integers(0, n_right, size)
    return i, j


def level_frequencies(gamma: Gamma, sizes: Sequence[int], weights: Floats | None = None, alpha: float = 0.5) -> list[Floats]:
    """Share of each non-null level per comparison, smoothed by ``alpha`` pseudo-counts."""
    w = np.ones(len(gamma)) if weights is None else weights
    out = []
    for c, n in enumerate(sizes):
        counts = np.bincount(gamma[:, c], weights=w, minlength=n + 1)[1:]
        out.append((counts + alpha) / (counts.sum() + alpha * n))
    return out


def expectation_maximisation(
    gamma: Gamma, m0: list[Floats], u: list[Floats], prior: float,
    *, max_iter: int = 100, tol: float = 1e-6, fix_u: bool = True,
) -> tuple[list[Floats], float]:
    """m per level and the match rate among the pairs; returns (m, prior).

    With ``fix_u`` False the non-match class is re-estimated too (starting from ``u``): then
    agreement that blocking itself created among the candidates (every pair blocked on birth year
    shares a birth year) is absorbed by the non-match class instead of passing for matches. The
    u kept for scoring is still the one from random pairs.
    """
    if len(gamma) == 0:
        return [x.copy() for x in m0], prior
    patterns, counts = np.unique(gamma, axis=0, return_counts=True)
    sizes = [len(x) for x in u]
    m, lam, uu = [x.copy() for x in m0], prior, [x.copy() for x in u]
    for _ in range(max_iter):
        logit = np.log(lam) - np.log1p(-lam) + _pattern_log(patterns, m) - _pattern_log(patterns, uu)
        post = counts / (1.0 + np.exp(-np.clip(logit, -700, 700)))
        new_lam = float(np.clip(post.sum() / counts.sum(), 1e-9, 1 - 1e-9))
        new_m = level_frequencies(patterns, sizes, weights=post, alpha=1e-3)
        if not fix_u:
            uu = level_frequencies(patterns, sizes, weights=np.maximum(counts - post, 0.0), alpha=1e-3)
        delta = max(abs(new_lam - lam), *(float(np.abs(a - b).max()) for a, b in zip(new_m, m, strict=True)))
        m, lam = new_m, new_lam
        if delta < tol:
            break
    return m, lam


def _pattern_log(patterns: Gamma, probs: list[Floats]) -> Floats:
    total = np.zeros(len(patterns))
    for c, p in enumerate(probs):
        table = np.concatenate(([0.0], np.log(p)))
        total += table[patterns[:, c]]
    return total


def without_matches(u: Floats, m: Floats, rate: float) -> Floats:
    """u with the true matches that random sampling also drew taken out (they are a share
    ``rate`` of random pairs); matters in small tables, where one person's own pair is 1/N."""
    cleaned: Floats = np.maximum((u - rate * m) / (1.0 - rate), 0.05 * u)
    return cleaned / float(cleaned.sum())


def fit_prepared(
    model: F, left: list[Any], right: list[Any], n_left: int, n_right: int | None,
    i: Pairs, j: Pairs, *, u_samples: int = 200_000, seed: int = 0, max_iter: int = 100,
    gamma: Gamma | None = None,
) -> F:
    """Fit on prepared tables: u from random pairs, tf tables, then m and prior by EM on (i, j)."""
    sizes = [len(c.levels) for c in model.comparisons]
    ri, rj = random_pairs(n_left, n_right, u_samples, seed)
    model.u = level_frequencies(model.levels(left, right, ri, rj), sizes)
    model.tf = TermFrequencies.from_values(_tf_values(model, left, right, n_left, n_right))
    if gamma is None:
        gamma = model.levels(left, right, i, j)
    start = min(max(model.prior, 0.05), 0.5)  # the match rate among candidates, not all pairs
    model.m, lam = expectation_maximisation(gamma, model.m, model.u, start, max_iter=max_iter, fix_u=False)
    total = n_left * (n_left - 1) / 2 if n_right is None else n_left * n_right
    model.prior = float(min(max(lam * len(i) / total, 1e-12), 0.5))
    model.u = [without_matches(u, m, model.prior) for u, m in zip(model.u, model.m, strict=True)]
    return model


def fit_model(model: F, left: Sequence[Any], right: Sequence[Any] | None = None, *,
              pairs: tuple[ArrayLike, ArrayLike] | None = None, blocking: Blocking | None = None,
              u_samples: int = 200_000, seed: int = 0, max_iter: int = 100) -> F:
    """Fit from raw rows; candidate pairs come from ``pairs`` or from a ``Blocking``."""
    lp = model.prepare(left)
    rp = lp if right is None else model.prepare(right)
    if pairs is None:
        if blocking is None:
            raise ValueError("fit needs candidate pairs: pass pairs=(i, j) or blocking=Blocking(...)")
        pairs = blocking.pairs(left, right)
    i, j = (np.asarray(p, dtype=np.int64) for p in pairs)
    return fit_prepared(model, lp, rp, len(left), None if right is None else len(right), i, j,
                        u_samples=u_samples, seed=seed, max_iter=max_iter)


def _tf_values(model: Fittable, left: list[Any], right: list[Any], n_left: int, n_right: int | None) -> dict[str, list[str | None]]:
    values: dict[str, list[str | None]] = {}
    for c, comp in enumerate(model.comparisons):
        if not any(level.tf for level in comp.levels):
            continue
        sides = [(left[c], n_left)] + ([] if n_right is None else [(right[c], n_right)])
        for prepared, n in sides:
            for name, keys in comp.tf_keys(prepared, np.arange(n)).items():
                values.setdefault(name, []).extend(keys)
    return values


def platt(weights: Floats, labels: Floats, *, ridge: float = 1e-3, iters: int = 50) -> tuple[float, float]:
    """(a, b) such that sigmoid(a * weight * ln 2 + b) fits the labels (Newton's method)."""
    x = weights * np.log(2.0)
    X = np.column_stack([x, np.ones_like(x)])
    theta = np.array([1.0, 0.0])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ theta, -700, 700)))
        grad = X.T @ (p - labels) + ridge * theta
        hess = (X * (p * (1 - p))[:, None]).T @ X + ridge * np.eye(2)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(theta[0]), float(theta[1])
