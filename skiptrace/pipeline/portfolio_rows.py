"""The portfolio's rows as the operator wrote them, each with what the intake made of it.

The appended CSV (``enrich --csv``) gives every input row back with its own columns first, in
the file's order and spelling, so an agency can paste the result next to its export. The intake
(skiptrace/intake/) turns rows into debtors and forgets the cells; this module reads the file
through the same reader again, so a row here is exactly a row there: the same line numbers, the
same rejects (duplicate ids included), the same derived ids, and blank lines skipped alike.

A CSV row's cells are its raw text parsed again with the delimiter the intake sniffed, restored
as the intake restores them (``'+212…`` → ``+212…``; the writer neutralises them again). A JSON
Lines file has no header: its columns are its keys in the order they first appear, which takes
one pass more over the file (only the keys are held). A row that cannot be split (unreadable
CSV, not JSON) keeps empty cells; its reason says why and the rejects file keeps it as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skiptrace.csvsafe import restore
from skiptrace.intake import Accepted, PortfolioReader, Rejected
from skiptrace.intake.reader import json_cell


@dataclass(frozen=True)
class InputRow:
    """One data row of the portfolio: its cells under :attr:`PortfolioRows.columns`, and either
    the debtor id the intake gave it or the reason it was rejected."""

    line: int
    cells: tuple[str, ...]
    debtor_id: str | None
    rejected: str | None


class PortfolioRows:
    """Iterate :class:`InputRow` in file order; :attr:`columns` is known once iteration began
    (for JSON Lines, from the start: the keys are collected first)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.columns: list[str] = []
        self._keys: list[str] | None = None

    def __iter__(self) -> Iterator[InputRow]:
        reader = PortfolioReader(self.path)
        for event in reader:
            if not isinstance(event, Accepted | Rejected):
                continue  # notices are about the file, not a row
            if reader.format == "jsonl":
                cells = self._json_cells(event.raw)
            else:
                self.columns = reader.header
                cells = _csv_cells(event.raw, reader.delimiter or ";", len(reader.header))
            if isinstance(event, Accepted):
                yield InputRow(event.line, cells, event.debtor.debtor_id, None)
            else:
                yield InputRow(event.line, cells, None, event.reason)
        if reader.format == "csv":
            self.columns = reader.header  # a header and no rows: the columns all the same

    def _json_cells(self, raw: str) -> tuple[str, ...]:
        if self._keys is None:
            self._keys = json_keys(self.path)
            self.columns = self._keys
        data = _json_object(raw)
        return tuple(json_cell(data.get(key)) for key in self._keys)


def _csv_cells(raw: str, delimiter: str, width: int) -> tuple[str, ...]:
    """The row's cells padded or cut to the header's width (a row of the wrong width is a reject,
    kept whole in the rejects file)."""
    try:
        cells = next(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter), [])
    except csv.Error:
        cells = []
    cells = [restore(c) for c in cells[:width]]
    return tuple(cells + [""] * (width - len(cells)))


def _json_object(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def json_keys(path: Path) -> list[str]:
    """Every key of a JSON Lines portfolio's objects, in the order they first appear."""
    keys: dict[str, None] = {}
    for event in PortfolioReader(path):
        if isinstance(event, Accepted | Rejected):
            keys.update(dict.fromkeys(str(k) for k in _json_object(event.raw)))
    return list(keys)


__all__ = ["InputRow", "PortfolioRows", "json_keys"]
