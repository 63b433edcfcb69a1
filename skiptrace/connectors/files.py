"""Bulk extract files (CSV with ``;`` or ``,``, or JSON Lines) read into rows.

Agencies receive registry extracts under agreements; they arrive as files, not APIs. Every row
keeps the line it started on, and a bad row never stops an import: it goes to the rejects with its
line number and the reason, the rest goes on. extract_formats.py turns the rows of each layout
(land titles, vehicles, CNSS affiliates) into Records (``read_extract``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..csvsafe import restore
from ..errors import RejectedRow

MAX_FIELD = 1_000_000
csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True)
class Row:
    """One data row: its first physical line number and its values by column."""

    line: int
    values: dict[str, Any]


def read_rows(path: Path) -> Iterator[Row | RejectedRow]:
    """Rows of a CSV (delimiter sniffed from the header) or JSON Lines file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.lstrip().startswith("{") or path.suffix.lower() in (".jsonl", ".ndjson"):
            yield from _json_lines(handle)
        else:
            yield from _csv_rows(handle, _delimiter(head))


def _delimiter(head: str) -> str:
    header = head.splitlines()[0] if head else ""
    return ";" if header.count(";") >= header.count(",") else ","


def _csv_rows(handle: io.TextIOBase, delimiter: str) -> Iterator[Row | RejectedRow]:
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RejectedRow(line, f"unreadable CSV: {exc}")
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield RejectedRow(line, f"expected {len(header)} fields, got {len(cells)}")
            continue
        # csvsafe.restore: extracts we exported (and spreadsheets' own) prefix formula-like cells
        # with an apostrophe; the record holds the value, not the prefix
        yield Row(line, {h: _blank_to_none(restore(c)) for h, c in zip(header, cells, strict=True)})


def _json_lines(handle: io.TextIOBase) -> Iterator[Row | RejectedRow]:
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as exc:
            yield RejectedRow(line, f"invalid JSON: {exc.args[0][:80]}")
            continue
        if not isinstance(value, dict):
            yield RejectedRow(line, f"expected a JSON object, got {type(value).__name__}")
            continue
        yield Row(line, {k.lower(): v for k, v in value.items()})


def _blank_to_none(cell: str) -> str | None:
    cell = cell.strip()
    return cell or None
