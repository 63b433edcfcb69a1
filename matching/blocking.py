"""Blocking: only pairs that share at least one key are compared; several keys are unioned.

A rule maps a row to zero or more keys (an identifier, a name key with the city, a phone, a
birth date with the surname initial ...). Two rows become a candidate pair when any rule gives them
a common key. Pair generation is vectorised (sort by key code, expand ranges), and oversized blocks
(a key shared by thousands of rows says nothing) are dropped rather than exploding the pair count.
``report`` gives pairs completeness and reduction ratio against known true pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.columns import text_column
from matching.levels import Pairs

KeyFunction = Callable[[Any], "str | Iterable[str] | None"]
Keyed = tuple[Pairs, list[str]]  # (row position, key) for every key of every row
_SPEC = re.compile(r"^(?P<col>[^\[]+)(?:\[:(?P<n>\d+)\])?$")


class ColumnsRule:
    """A rule from column specs, ``"surname"`` or ``"surname[:3]"`` (a prefix); all must be present.

    Callable on one row like any rule; ``keys`` computes a whole table at once from its columns.
    """

    def __init__(self, *specs: str) -> None:
        found = [_SPEC.match(spec) for spec in specs]
        self.parsed = [(m.group("col"), int(m.group("n")) if m.group("n") else None) for m in found if m]
        self.__name__ = "+".join(specs)

    def __call__(self, row: Any) -> str | None:
        _, keys = self.keys([row])
        return keys[0] if keys else None

    def keys(self, rows: Sequence[Any]) -> Keyed:
        columns = [(text_column(rows, column), n) for column, n in self.parsed]
        idx, keys = [], []
        for k in range(len(rows)):
            parts = [values[k] for values, _ in columns]
            if any(p is None for p in parts):
                continue
            idx.append(k)
            keys.append("\x1f".join(p[:n] if n else p for p, (_, n) in zip(parts, columns, strict=True)))
        return np.asarray(idx, dtype=np.int64), keys


def columns_rule(*specs: str) -> ColumnsRule:
    """A rule keyed on columns (see ``ColumnsRule``)."""
    return ColumnsRule(*specs)


@dataclass
class Blocking:
    """A union of blocking rules; ``max_block`` caps the pairs one key may generate."""

    rules: Sequence[KeyFunction | str | tuple[str, ...]]
    max_block: int = 5_000

    def functions(self) -> list[KeyFunction]:
        out = []
        for rule in self.rules:
            if callable(rule):
                out.append(rule)
            else:
                out.append(columns_rule(*((rule,) if isinstance(rule, str) else rule)))
        return out

    def pairs(self, left: Sequence[Any], right: Sequence[Any] | None = None) -> tuple[Pairs, Pairs]:
        """Candidate pairs (i, j) with no repeats; for one table (``right`` None) only i < j."""
        n_right = len(left) if right is None else len(right)
        found: list[Pairs] = []
        for rule in self.functions():
            lk = _keys(rule, left)
            rk = lk if right is None else _keys(rule, right)
            i, j = _join(lk, rk, self.max_block)
            if right is None:
                keep = i < j
                i, j = i[keep], j[keep]
            found.append(i.astype(np.int64) * n_right + j)
        code = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
        return code // n_right, code % n_right


def _keys(rule: KeyFunction, rows: Sequence[Any]) -> Keyed:
    """(row index, key) for every key a rule gives every row."""
    if isinstance(rule, ColumnsRule):
        return rule.keys(rows)
    idx, keys = [], []
    for k, row in enumerate(rows):
        value = rule(row)
        if value is None:
            continue
        for key in (value,) if isinstance(value, str) else value:
            if key:
                idx.append(k)
                keys.append(key)
    return np.asarray(idx, dtype=np.int64), keys


def _join(left: Keyed, right: Keyed, max_block: int) -> tuple[Pairs, Pairs]:
    """All (i, j) whose keys are equal: a vectorised sort-merge on integer key codes."""
    codes: dict[str, int] = {}
    lc = np.fromiter((codes.setdefault(k, len(codes)) for k in left[1]), dtype=np.int64, count=len(left[1]))
    rc = np.array([codes.get(k, -1) for k in right[1]], dtype=np.int64)
    order = np.argsort(rc, kind="stable")
    rc_sorted, r_rows = rc[order], right[0][order]
    start = np.searchsorted(rc_sorted, lc, side="left")
    stop = np.searchsorted(rc_sorted, lc, side="right")
    size = stop - start
    block = np.bincount(lc, weights=size, minlength=len(codes))  # pairs per key
    size[block[lc] > max_block] = 0
    total = int(size.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    i = np.repeat(left[0], size)
    offsets = np.repeat(start - np.cumsum(size) + size, size) + np.arange(total)
    return i, r_rows[offsets]


def report(pairs: tuple[Pairs, Pairs], true_pairs: Iterable[tuple[int, int]],
           n_left: int, n_right: int | None = None) -> dict[str, float]:
    """Pairs completeness (share of true pairs kept) and reduction ratio (share of pairs avoided)."""
    truth = {(min(a, b), max(a, b)) if n_right is None else (a, b) for a, b in true_pairs}
    got = set(zip(pairs[0].tolist(), pairs[1].tolist(), strict=True))
    total = n_left * (n_left - 1) // 2 if n_right is None else n_left * n_right
    return {
        "pairs": float(len(got)),
        "pairs_completeness": len(truth & got) / len(truth) if truth else 1.0,
        "reduction_ratio": 1.0 - len(got) / total if total else 0.0,
    }
