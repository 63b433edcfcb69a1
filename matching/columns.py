"""Reading one column of a table whose rows are mappings (a CSV, a DataFrame's records) or objects
with attributes (Descriptions): what the generic comparisons and blocking rules work on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray


def raw_column(rows: Sequence[Any], column: str) -> list[Any]:
    """A column's values, whether rows are mappings or objects with attributes."""
    if rows and isinstance(rows[0], Mapping):
        return [row.get(column) for row in rows]
    return [getattr(row, column, None) for row in rows]


def text_column(rows: Sequence[Any], column: str) -> NDArray[np.object_]:
    """A column as an object array of stripped lower-case strings, None where missing (or NaN)."""
    out = np.empty(len(rows), dtype=object)
    out[:] = [
        (v.strip().lower() if isinstance(v, str) else str(v).strip().lower()) or None
        if v is not None and v == v else None  # v != v: NaN
        for v in raw_column(rows, column)
    ]
    return out
