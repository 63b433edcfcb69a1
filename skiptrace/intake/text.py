"""Reading a portfolio file as text lines whatever its encoding, remembering each raw line.

CNSS extracts and agency spreadsheets come as UTF-8 (with or without BOM), cp1252 (Excel on
French Windows) and sometimes UTF-16 ("texte Unicode"). Without a BOM each line is decoded as
UTF-8 and, if that fails, as cp1252: a file pasted together from two exports still reads, and
memory stays bounded because nothing is read ahead.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

DELIMITERS = (";", ",", "\t", "|")


class LineSource:
    """Decoded lines of a file; ``pending`` holds the lines read since the last :meth:`take`."""

    def __init__(self, path: str | Path) -> None:
        self._file: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()
        head = self._file.read(4)
        self._file.seek(0)
        self._bom = ""
        self._text: io.TextIOWrapper | None = None
        if head.startswith(codecs.BOM_UTF8):
            self._file.seek(3)
            self._bom = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self._bom = "utf-16"
            self._text = io.TextIOWrapper(self._file, encoding="utf-16", newline="")
        self._utf8 = False  # a non-ASCII line decoded as UTF-8
        self._cp1252 = False  # a line that only cp1252 could decode
        self.consumed = 0
        self.pending: list[str] = []

    @property
    def encoding(self) -> str:
        """What was read so far: utf-8, utf-8-sig, utf-16, cp1252, or utf-8+cp1252 if mixed."""
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


__all__ = ["DELIMITERS", "LineSource", "sniff_delimiter"]
