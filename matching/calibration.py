"""Measuring calibration: does "0.9" come true nine times in ten?

``reliability`` bins predicted probabilities and reports, per bin, the mean prediction against the
observed match rate (a reliability table); ``brier`` is the mean squared error of the
probabilities. Both take labelled pairs; ``Model.calibrate`` uses such pairs to fit a correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

DEFAULT_BINS = (0.0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0)


def reliability(probs: ArrayLike, labels: ArrayLike,
                bins: Sequence[float] = DEFAULT_BINS) -> list[dict[str, Any]]:
    """Per bin [lo, hi): count, mean predicted probability and observed match rate."""
    p, y = np.asarray(probs, dtype=float), np.asarray(labels, dtype=float)
    rows = []
    for k, (lo, hi) in enumerate(zip(bins[:-1], bins[1:], strict=True)):
        last = k == len(bins) - 2
        inside = (p >= lo) & ((p <= hi) if last else (p < hi))
        n = int(inside.sum())
        rows.append({
            "bin": f"[{lo:g}, {hi:g}{']' if last else ')'}",
            "n": n,
            "mean_predicted": float(p[inside].mean()) if n else float("nan"),
            "observed": float(y[inside].mean()) if n else float("nan"),
        })
    return rows


def brier(probs: ArrayLike, labels: ArrayLike) -> float:
    """Mean squared difference between probability and outcome (0 is perfect)."""
    p, y = np.asarray(probs, dtype=float), np.asarray(labels, dtype=float)
    return float(np.mean((p - y) ** 2)) if len(p) else 0.0


def calibration_error(rows: list[dict[str, Any]]) -> float:
    """Expected calibration error: |observed - predicted| per bin, weighted by the bin's pairs."""
    total = sum(r["n"] for r in rows)
    gaps = sum(r["n"] * abs(r["observed"] - r["mean_predicted"]) for r in rows if r["n"])
    return gaps / total if total else 0.0


def markdown(rows: list[dict[str, Any]]) -> str:
    """A reliability table as Markdown, for docs/matching.md."""
    lines = ["| predicted | pairs | mean predicted | observed |", "|---|---:|---:|---:|"]
    for r in rows:
        if r["n"]:
            lines.append(f"| {r['bin']} | {r['n']} | {r['mean_predicted']:.3f} | {r['observed']:.3f} |")
    return "\n".join(lines)
