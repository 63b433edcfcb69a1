"""The one CSV writer of the product: no cell it writes is a formula when a spreadsheet opens it.

Every CSV skiptrace writes (intake rejects and warnings, import rejects, sandbox portfolios and
extracts, and any later one) goes through :func:`writer` or :func:`dict_writer`; a test
(tests/security/test_csv_writers.py) fails when code under ``skiptrace/``, ``spiders/`` or
``matching/`` calls ``csv.writer``/``csv.DictWriter`` itself.

CSV (formula) injection: Excel, LibreOffice Calc and Google Sheets read a cell whose first
character is ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``, ``=cmd|'/c calc'!A1``),
and a leading tab or carriage return can be dropped by the import before that test is made.
Following the OWASP guidance (https://owasp.org/www-community/attacks/CSV_Injection, and ASVS 5.0
requirement 1.2.10, which adds NUL), a text cell is *neutralised* by prefixing one apostrophe
``'`` when:

- its first character is ``=`` ``+`` ``-`` ``@``, tab, CR, LF or NUL, or
- its first character that is not whitespace or NUL is ``=`` ``+`` ``-`` ``@`` (``"  =1+1"``:
  some imports trim leading spaces, so leading whitespace does not make a cell safe), or
- it already starts with apostrophes followed by such a cell (``'=x`` is written ``''=x``), so
  that :func:`restore` gives back exactly the original text.

What the writer emits, by value type:

- ``int``, ``float`` and ``Decimal`` (finite; not ``bool``) are numbers, written as-is and never
  prefixed: a negative amount stays ``-1200.5``, which a spreadsheet reads as a number, not a
  formula that could call anything. An amount held as *text* (``"-1200,50"``) is text and gets
  the prefix: pass numbers as numbers.
- ``None`` is an empty cell; ``nan``/``inf`` and anything else are written as their ``str`` and
  neutralised like text.
- Phones are text. An E.164 number ``+212661234567`` is written ``'+212661234567``: the OWASP
  form. Written bare, a spreadsheet would evaluate it (the ``+`` starts a formula) and show
  ``2,12661E+11``, losing the ``+`` and the digits' grouping; with the apostrophe no spreadsheet
  evaluates it. What a consumer sees: Excel and LibreOffice opening the CSV show the cell as
  ``'+212661234567`` (the apostrophe is a visible character of the file, readable, digits intact);
  a program reading the file gets ``'+212661234567`` and recovers ``+212661234567`` with
  :func:`restore` (the intake does this for every CSV cell it reads, so the product's own files
  read back unchanged).

Residual risks, not handled here: a file opened in Excel, edited and saved again as CSV loses
the apostrophes (OWASP/www-community#517), so the saved copy is no longer safe; and a spreadsheet that opens a ``;``-separated file with another
delimiter (``,`` in an English locale) can split a cell at an inner comma, and the piece after it
may start with ``=``. skiptrace's files are ``;``-separated for French Excel, whose list
separator is ``;``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any

PREFIX = "'"
TRIGGERS = frozenset("=+-@")
LEADING_CONTROLS = frozenset("\t\r\n\0")


def _risky(text: str) -> bool:
    if not text:
        return False
    if text[0] in TRIGGERS or text[0] in LEADING_CONTROLS:
        return True
    body = text.lstrip().lstrip("\0").lstrip()
    return bool(body) and body[0] in TRIGGERS


def neutralise(text: str) -> str:
    """``text`` with one apostrophe prefixed when a spreadsheet could read it as a formula."""
    return PREFIX + text if _risky(text.lstrip(PREFIX)) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given: one prefixed apostrophe removed, when it is one."""
    if text.startswith(PREFIX) and _risky(text.lstrip(PREFIX)):
        return text[1:]
    return text


def cell(value: Any) -> str | int | float | Decimal:
    """What the writer puts in the file for ``value``: numbers as-is, everything else as safe
    text (``None`` → empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return value if math.isfinite(value) else neutralise(str(value))
    return neutralise(value if isinstance(value, str) else str(value))


class CsvWriter:
    """``csv.writer`` with every cell through :func:`cell`."""

    def __init__(self, handle: IO[str], *, delimiter: str = ";", **fmtparams: Any) -> None:
        self._writer = csv.writer(handle, delimiter=delimiter, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictCsvWriter:
    """``csv.DictWriter`` with every cell through :func:`cell`; missing keys are empty cells,
    unknown keys are an error (as ``csv.DictWriter`` does by default)."""

    def __init__(self, handle: IO[str], fieldnames: Sequence[str], *, delimiter: str = ";",
                 **fmtparams: Any) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = CsvWriter(handle, delimiter=delimiter, **fmtparams)

    def writeheader(self) -> None:
        self._writer.writerow(self.fieldnames)

    def writerow(self, row: Mapping[str, Any]) -> None:
        extra = row.keys() - set(self.fieldnames)
        if extra:
            raise ValueError(f"dict contains fields not in fieldnames: {sorted(extra)!r}")
        self._writer.writerow(row.get(name) for name in self.fieldnames)

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: IO[str], *, delimiter: str = ";", **fmtparams: Any) -> CsvWriter:
    """A safe CSV writer on an open text handle (open it with ``newline=""``); ``;`` by default,
    what a French Excel opens. ``fmtparams`` as for ``csv.writer`` (``lineterminator``...)."""
    return CsvWriter(handle, delimiter=delimiter, **fmtparams)


def dict_writer(handle: IO[str], fieldnames: Sequence[str], *, delimiter: str = ";",
                **fmtparams: Any) -> DictCsvWriter:
    """A safe ``DictWriter`` on an open text handle."""
    return DictCsvWriter(handle, fieldnames, delimiter=delimiter, **fmtparams)


__all__ = ["CsvWriter", "DictCsvWriter", "cell", "dict_writer", "neutralise", "restore", "writer"]
