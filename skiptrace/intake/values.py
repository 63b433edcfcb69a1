"""Parsing the values of portfolio cells as agencies write them (French conventions first)."""

from __future__ import annotations

import re
from datetime import date, datetime

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")  # thin, narrow and non-breaking spaces, 1'000
_CURRENCY = re.compile(r"(?i)\b(?:mad|dhs?|dirhams?)\b|[€$]")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_MULTI = re.compile(r"\s*[/;,|]\s*|\s+-\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _ungroup(integer: str, sep: str) -> str:
    """"1.234.567" → "1234567" when the separator really groups thousands, else ValueError."""
    if sep in integer and not re.match(rf"^[+-]?\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+$", integer):
        raise ValueError(f"misplaced thousands separator in {integer!r}")
    return integer.replace(sep, "")


def parse_amount(text: str) -> float | None:
    """"12 345,67" → 12345.67; "1.234.567,5 DH", "12,345.67", "12345" too; "" → None.

    A lone comma is a decimal comma (French usage); a separator that appears several times, or
    before the other one, groups thousands. Raises ValueError when the text is not an amount.
    """
    value = _SPACES.sub("", _CURRENCY.sub("", text))
    if not value:
        return None
    commas, dots = value.count(","), value.count(".")
    if commas and dots:
        decimal = "," if value.rfind(",") > value.rfind(".") else "."
        integer, fraction = value.rsplit(decimal, 1)
        value = _ungroup(integer, "." if decimal == "," else ",") + "." + fraction
    elif commas == 1:
        value = value.replace(",", ".")
    elif commas > 1 or dots > 1:
        value = _ungroup(value, "," if commas else ".")
    if not _NUMBER.match(value):
        raise ValueError(f"not an amount: {text!r}")
    return float(value)


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy (also with - or .), ISO yyyy-mm-dd (time ignored), yyyy/mm/dd; "" → None.

    Raises ValueError when the text is not one of these or not a real day.
    """
    value = text.strip()
    if not value:
        return None
    if m := _DMY.match(value):
        day, month, year = (int(g) for g in m.groups())
    elif m := (_YMD.match(value) or _YMD_SLASH.match(value)):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(f"not a date: {text!r}")
    return datetime(year, month, day).date()


def split_multi(text: str) -> list[str]:
    """A cell holding several phones or e-mails: "0661 00 10 20 / 0522 00 10 20"."""
    return [part for part in (p.strip() for p in _MULTI.split(text)) if part]


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def clean(text: str | None) -> str:
    """Trimmed text with inner runs of whitespace (incl. non-breaking) collapsed."""
    return " ".join(text.split()) if text else ""


__all__ = ["clean", "is_email", "parse_amount", "parse_date", "split_multi"]
