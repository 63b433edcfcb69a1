"""Streaming a portfolio file (CSV or JSON Lines) into debtors, rejects and notices.

Nothing is held beyond the current row but one small entry per debtor id seen (the duplicate
check: about 200 bytes each, some 200 MB for a 10^6-row portfolio). Line numbers are the file's
physical lines (the header is line 1), as an operator opening the file in an editor would count
them.

One debtor id, one row: a later row with an id already read (given or derived) is rejected with
the line of the first, whether it repeats that row exactly or describes someone else.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from skiptrace.csvsafe import restore
from skiptrace.errors import RejectedRow
from skiptrace.intake.refdata import field_for_header
from skiptrace.intake.rows import build_debtor
from skiptrace.intake.text import LineSource, PortfolioError, sniff_delimiter
from skiptrace.model import Debtor

MULTI_FIELDS = frozenset({"phone", "email"})
NAMING_FIELDS = frozenset({"name", "company_name", "last_name", "first_name", "cin", "ice", "rc",
                           "if", "cnss"})
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class Accepted:
    """A debtor read from ``line``, with the warnings about it (invalid identifiers...)."""

    line: int
    debtor: Debtor
    warnings: tuple[str, ...]
    raw: str


@dataclass(frozen=True)
class Rejected:
    """A row that could not be used, and why."""

    line: int
    reason: str
    raw: str


@dataclass(frozen=True)
class Notice:
    """Something about the file rather than a row (an unknown column, a repeated column)."""

    line: int
    reason: str
    raw: str = ""


IntakeEvent = Accepted | Rejected | Notice


def _merge(fields: dict[str, str], field: str, value: str) -> None:
    if not value.strip():
        return
    if field in MULTI_FIELDS and fields.get(field):
        fields[field] += " / " + value
    else:
        fields.setdefault(field, value)


def _unusable(fields: dict[str, str]) -> str | None:
    """Why a row's values cannot be text the outputs hold (a NUL, a lone surrogate), if so."""
    for field, value in fields.items():
        if "\0" in value:
            return f"NUL byte in {field}: the row is unreadable"
        if any("\ud800" <= c <= "\udfff" for c in value):
            return f"unpaired surrogate in {field}: not text"
    return None


def json_cell(value: Any) -> str:
    """A JSON Lines value as a cell's text: lists joined with " / ", objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " / ".join(json_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class PortfolioReader:
    """Iterate a portfolio's events; ``format``, ``encoding`` and ``delimiter`` are known once
    iteration has started."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = "jsonl" if self.path.suffix.lower() in JSON_SUFFIXES else "csv"
        self.encoding = ""
        self.delimiter: str | None = None
        self.header: list[str] = []  # a CSV's column names as written (BOM off): outputs echo them
        # debtor id → (content hash << 32) | first line: the duplicate check, one int per id
        self._seen: dict[str, int] = {}

    def __iter__(self) -> Iterator[IntakeEvent]:
        source = LineSource(self.path)
        try:
            first = next(source, None)
            while first is not None and not first.strip():
                source.take()
                first = next(source, None)
            if first is None:
                return
            if first.lstrip("\ufeff \t").startswith("{"):
                self.format = "jsonl"
            lines = chain([first], source)
            events = self._jsonl(lines, source) if self.format == "jsonl" else self._csv(
                first, lines, source)
            yield from events
        finally:
            self.encoding = source.encoding
            source.close()

    def _row(self, fields: dict[str, str], line: int, raw: str) -> IntakeEvent:
        reason = _unusable(fields)
        if reason:
            return Rejected(line, reason, raw)
        try:
            debtor, warnings = build_debtor(fields, line)
        except RejectedRow as exc:
            return Rejected(exc.line, exc.reason, raw)
        return self._first_of_its_id(Accepted(line, debtor, tuple(warnings), raw))

    def _first_of_its_id(self, event: Accepted) -> IntakeEvent:
        """``event``, or a reject naming the line that already gave this debtor id."""
        debtor = event.debtor
        content = hash(debtor) & 0xFFFFFFFF
        seen = self._seen.get(debtor.debtor_id)
        if seen is None:
            self._seen[debtor.debtor_id] = content << 32 | (event.line & 0xFFFFFFFF)
            return event
        first, same = seen & 0xFFFFFFFF, seen >> 32 == content
        kind = "derived debtor id (same identifier, or same name, birth date and city)" if (
            debtor.debtor_id_derived) else "duplicate debtor id"
        what = "the same row repeated" if same else "a different row: not read"
        return Rejected(event.line, f"{kind}, first seen at line {first} ({what})", event.raw)

    def _header(
        self, names: list[str], line: int, raw: str
    ) -> Iterator[Notice | tuple[int, str]]:
        """Notices about the header, then (column index, field) for each recognised column."""
        seen: dict[str, str] = {}
        for index, name in enumerate(names):
            field = field_for_header(name)
            if field is None:
                if name.strip():
                    yield Notice(line, f"column {name.strip()!r} not recognised, ignored", raw)
                continue
            if field in seen and field not in MULTI_FIELDS:
                yield Notice(line, f"columns {seen[field]!r} and {name.strip()!r} both read as "
                                f"{field}: the first non-empty value is used", raw)
            seen.setdefault(field, name.strip())
            yield index, field
        if not NAMING_FIELDS & seen.keys():
            yield Notice(line, "no name or identifier column: every row will be rejected", raw)

    def _csv(self, first: str, lines: Iterator[str], source: LineSource) -> Iterator[IntakeEvent]:
        hint = first.strip().lstrip("\ufeff")
        if hint.lower().startswith("sep=") and len(hint) == 5:  # Excel's "sep=;" first line
            next(lines)
            source.take()
            self.delimiter = hint[4]
        else:
            self.delimiter = sniff_delimiter(first.lstrip("\ufeff"))
        reader = csv.reader(lines, delimiter=self.delimiter)
        try:
            header = [h.lstrip("\ufeff") for h in next(reader, [])]
        except csv.Error as exc:  # no row can be read without it: the file as a whole is refused
            raise PortfolioError(f"{self.path.name}: the header line is unreadable CSV ({exc}); "
                                 "line ends must be \\n or \\r\\n") from None
        if not header:
            return
        self.header = header
        header_line, header_raw = source.take()
        columns: list[tuple[int, str]] = []
        for item in self._header(header, header_line, header_raw):
            if isinstance(item, Notice):
                yield item
            else:
                columns.append(item)
        width = len(header)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line, raw = source.take()
                yield Rejected(line, f"unreadable CSV: {exc}", raw)
                continue
            line, raw = source.take()
            cells = [restore(c) for c in cells]  # '+212… as csvsafe (or an Excel user) wrote it
            if not any(c.strip() for c in cells):
                continue  # blank line, or an Excel row of bare delimiters
            nul = next((i for i, c in enumerate(cells) if "\0" in c), None)
            if nul is not None:
                column = repr(header[nul].strip()) if nul < width else f"cell {nul + 1}"
                yield Rejected(line, f"NUL byte in column {column}: the row is unreadable", raw)
                continue
            if len(cells) != width and not (len(cells) > width and not "".join(cells[width:]).strip()):
                yield Rejected(line, f"{len(cells)} fields where the header has {width}", raw)
                continue
            fields: dict[str, str] = {}
            for index, field in columns:
                _merge(fields, field, cells[index])
            yield self._row(fields, line, raw)

    def _jsonl(self, lines: Iterator[str], source: LineSource) -> Iterator[IntakeEvent]:
        unknown: set[str] = set()
        for text in lines:
            line, raw = source.take()
            if not text.strip():
                continue
            try:
                data = json.loads(text.lstrip("\ufeff"))
            except json.JSONDecodeError as exc:
                yield Rejected(line, f"not JSON: {exc.msg} at column {exc.colno}", raw)
                continue
            except (ValueError, RecursionError) as exc:  # a 5000-digit number, [[[[... nesting
                yield Rejected(line, f"not usable JSON: {type(exc).__name__}", raw)
                continue
            if not isinstance(data, dict):
                yield Rejected(line, "a JSON Lines row must be an object", raw)
                continue
            fields: dict[str, str] = {}
            for key, value in data.items():
                field = field_for_header(str(key))
                if field is None:
                    if key not in unknown:
                        unknown.add(key)
                        yield Notice(line, f"key {key!r} not recognised, ignored", raw)
                    continue
                _merge(fields, field, json_cell(value))
            yield self._row(fields, line, raw)


def read_portfolio(path: str | Path) -> Iterator[IntakeEvent]:
    """Stream the events of a portfolio file: :class:`Accepted`, :class:`Rejected`,
    :class:`Notice`, in file order."""
    return iter(PortfolioReader(path))


__all__ = ["Accepted", "IntakeEvent", "Notice", "PortfolioReader", "Rejected", "read_portfolio"]
