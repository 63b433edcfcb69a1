"""Small text parsers shared by loaders and the notice parser: French amounts, dates, spaces.

They never raise on garbage: they return None, and the caller records the field as missing.
"""

from __future__ import annotations

import re
from datetime import date

_SPACES = re.compile(r"\s+")
_AMOUNT = re.compile(r"\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?")
_DATE_FR = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def clean_text(value: str | None) -> str | None:
    """Collapse runs of whitespace (incl. no-break spaces); empty becomes None."""
    if value is None:
        return None
    text = _SPACES.sub(" ", value.replace("\u00a0", " ").replace("\u202f", " ")).strip()
    return text or None


def parse_amount(text: str | None) -> float | None:
    """A French-written amount as a number: "100 000,00 MAD" → 100000.0, "1.000.000 DH" → 1e6.

    Dots and spaces group thousands, the comma is the decimal mark; a lone dot followed by one
    or two digits ("2500.50") is read as a decimal mark.
    """
    if not text:
        return None
    match = _AMOUNT.search(text)
    if match is None:
        return None
    raw = match.group(0)
    if re.fullmatch(r"\d+\.\d{1,2}", raw):
        return float(raw)
    digits = re.sub(r"[ .\u00a0\u202f]", "", raw).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def parse_int(text: str | int | None) -> int | None:
    """An integer written with French thousands separators ("1 000 parts" → 1000)."""
    if isinstance(text, int):
        return text
    amount = parse_amount(text)
    return int(amount) if amount is not None and amount == int(amount) else None


def parse_date(text: str | None) -> str | None:
    """A date as ISO ``YYYY-MM-DD`` from "11/04/2019", "11.04.2019" or an ISO string."""
    if not text:
        return None
    iso = _DATE_ISO.search(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        fr = _DATE_FR.search(text)
        if fr is None:
            return None
        day, month, year = (int(g) for g in fr.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
