"""Numbers, amounts, percentages, dates and times as a French-speaking reader writes them.

``1 538 362 MAD``, ``0,95``, ``126 %``, ``04/12/2026``, ``04/12/2026 18:05``: one module so that
every table, panel and report agrees. The thousands separator is a no-break space (U+00A0) in
every language — it never breaks a number across lines in HTML, every terminal font has it, and
it reads the same to French and English readers; never a comma, which French reads as the
decimal mark. The decimal mark and the percent sign follow the language (``0,95`` and ``12 %``
in French, ``0.95`` and ``12%`` in English). Dates are day first in every language (Morocco).
"""

from __future__ import annotations

import math
from datetime import date, datetime

from skiptrace.i18n import language

GROUP = "\u00a0"
DASH = "—"
_DECIMAL = {"en": "."}  # every other language: the comma


def decimal_mark() -> str:
    return _DECIMAL.get(language(), ",")


def number(value: float | None, decimals: int = 0) -> str:
    """``1538362.4`` → ``1 538 362`` (no-break spaces), ``0.954, 2`` → ``0,95``; None → "—"."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    text = f"{abs(value):,.{decimals}f}"
    whole, _, frac = text.partition(".")
    body = whole.replace(",", GROUP) + (decimal_mark() + frac if frac else "")
    negative = value < 0 and any(ch not in "0,." for ch in text)  # never "-0"
    return ("-" if negative else "") + body


def money(value: float | None, currency: str = "MAD") -> str:
    """An amount in whole units with its currency: ``1 538 362 MAD``; None → "—"."""
    return DASH if value is None else f"{number(value)}{GROUP}{currency}"


def percent(ratio: float | None, decimals: int = 0) -> str:
    """A ratio as a percentage, multiplied once: ``1.26`` → ``126 %`` (``126%`` in English)."""
    if ratio is None:
        return DASH
    sign = "%" if language() == "en" else GROUP + "%"
    return number(ratio * 100, decimals) + sign


def _as_datetime(value: str | date | datetime) -> datetime | date:
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
        except ValueError:
            return date.fromisoformat(text[:10])
    return value


def day(value: str | date | datetime | None) -> str:
    """``2026-12-04…`` → ``04/12/2026``; None or "" → "—"."""
    if value is None or value == "":
        return DASH
    return _as_datetime(value).strftime("%d/%m/%Y")


def moment(value: str | datetime | None, *, local: bool = True) -> str:
    """An instant to the minute, ``04/12/2026 18:05``, on this machine's clock (the reader's)
    unless ``local`` is False (then on the instant's own offset); a bare date stays a date."""
    if value is None or value == "":
        return DASH
    when = _as_datetime(value)
    if not isinstance(when, datetime):
        return when.strftime("%d/%m/%Y")
    if local and when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%d/%m/%Y %H:%M")
