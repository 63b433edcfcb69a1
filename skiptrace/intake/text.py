"""Reading a portfolio file as text lines whatever its encoding, remembering each raw line.

CNSS extracts and agency spreadsheets come as UTF-8 (with or without BOM), cp1252 (Excel on
French Windows) and sometimes UTF-16 ("texte Unicode"), with a BOM or, from some tools, without
one: a file whose first 4 KB have NUL bytes at every other position is read as UTF-16-LE or -BE.
Otherwise each line is decoded as UTF-8 and, if that fails, as cp1252: a file pasted together
from two exports still reads, and memory stays bounded because nothing is read ahead.

A file that is not text at all (an Excel workbook, a zip, a file full of NUL bytes) raises
:class:`PortfolioError` with one line saying so, rather than giving one reject per "line".
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from skiptrace.errors import SkiptraceError

DELIMITERS = (";", ",", "\t", "|")
SNIFF_BYTES = 4096
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .ods: a workbook, not a CSV
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003)


class PortfolioError(SkiptraceError):
    """The portfolio file as a whole cannot be read (not text, a workbook...): nothing was read
    from it; the message says what to do."""


def sniff_utf16(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``head`` (a file's first bytes, no BOM) looks like
    UTF-16 text: NUL in at least a fifth of the odd (LE) or even (BE) positions and in hardly
    any of the others. Latin text (headers, digits, most names) has a NUL high byte in UTF-16;
    Arabic has 0x06 there, but a portfolio's header line and ids are Latin."""
    half = len(head) // 2
    if half < 2:
        return None
    even = head[0:half * 2:2].count(0)
    odd = head[1:half * 2:2].count(0)
    if odd >= 0.2 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.2 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _not_text(path: str | Path, head: bytes) -> PortfolioError | None:
    name = Path(path).name
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return PortfolioError(f"{name} is a spreadsheet workbook (xlsx/xls/ods), not a CSV file: "
                              "save it as \"CSV UTF-8\" and give that file")
    if head.count(0) > len(head) // 10:
        return PortfolioError(f"{name} is not a text file ({head.count(0)} NUL bytes in its first "
                              f"{len(head)} bytes, not UTF-16 text): a portfolio is CSV or JSON "
                              "Lines")
    return None


class LineSource:
    """Decoded lines of a file; ``pending`` holds the lines read since the last :meth:`take`."""

    def __init__(self, path: str | Path) -> None:
        self._file: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()
        head = self._file.read(SNIFF_BYTES)
        self._file.seek(0)
        self._bom = ""
        self._text: io.TextIOWrapper | None = None
        if head.startswith(codecs.BOM_UTF8):
            self._file.seek(3)
            self._bom = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self._bom = "utf-16"
        elif utf16 := sniff_utf16(head):
            self._bom = utf16
        elif error := _not_text(path, head):
            self._file.close()
            raise error
        if self._bom.startswith("utf-16"):
            # "replace": a lone surrogate in a damaged file becomes U+FFFD, as cp1252 does below
            self._text = io.TextIOWrapper(self._file, encoding=self._bom, errors="replace",
                                          newline="")
        self._utf8 = False  # a non-ASCII line decoded as UTF-8
        self._cp1252 = False  # a line that only cp1252 could decode
        self.consumed = 0
        self.pending: list[str] = []

    @property
    def encoding(self) -> str:
        """What was read so far: utf-8, utf-8-sig, utf-16 (with BOM), utf-16-le or utf-16-be
        (without), cp1252, or utf-8+cp1252 if mixed."""
        if self._cp1252:
            return "utf-8+cp1252" if self._utf8 or self._bom else "cp1252"
        return self._bom or "utf-8"

    def _decode(self, raw: bytes) -> str:
        if raw.isascii():
            return raw.decode("ascii")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._cp1252 = True
            return raw.decode("cp1252", errors="replace")
        self._utf8 = True
        return text

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._text) if self._text is not None else self._decode(next(self._file))
        self.consumed += 1
        self.pending.append(line)
        return line

    def take(self) -> tuple[int, str]:
        """(first line number, raw text without the final newline) of what was read since."""
        first = self.consumed - len(self.pending) + 1
        raw = "".join(self.pending).rstrip("\r\n")
        self.pending.clear()
        return first, raw

    def close(self) -> None:
        self._file.close()


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header line most (headers hold no decimal commas); ';'
    when nothing splits it."""
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


__all__ = ["DELIMITERS", "LineSource", "PortfolioError", "sniff_delimiter", "sniff_utf16"]
