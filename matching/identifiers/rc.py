"""RC (Registre du commerce) numbers, unique only within the court that keeps the register.

Always store the pair (tribunal, number) (DOMAIN.md §1.3; Kausate models it as "court name
followed by RC number"). The canonical form is ``"<tribunal>:<number>"`` with the tribunal as
a canonical city key, or the bare number when the court is unknown. STRONG only as a pair:
the scorer should treat a bare number (``has_tribunal`` False) as weak evidence, since the
same number exists at every court.

>>> validate("RC n° 400001 - Casablanca")
'casablanca:400001'
>>> validate("90002", tribunal="Tribunal de commerce de Marrakech")
'marrakech:90002'
>>> normalize("400001")
'400001'
>>> parse("Casa 400001")
RCNumber(number='400001', tribunal='casablanca')
>>> is_valid("RC Casablanca")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matching.cities import normalize_city
from matching.identifiers._base import InvalidFormat, InvalidLength, quietly
from matching.text import fold

NAME = "rc"
TITLE = "RC"
STRONG = True

_NUMBER = re.compile(r"(?<![\w])(\d{1,9})(?:\s?([a-z]))?(?![\w])")
_CANONICAL = re.compile(r"^([^:\d]+):(\d{1,9}[A-Za-z]?)$")
_LABELS = re.compile(r"\b(?:r\s?c|registre du commerce|n|no|num|numero|sous le)\b")


@dataclass(frozen=True, slots=True)
class RCNumber:
    """An RC number and the court city that keeps it (None when unknown)."""

    number: str
    tribunal: str | None


def _split(value: object, tribunal: str | None) -> tuple[str, str | None]:
    canonical = _CANONICAL.match(str(value).strip()) if value is not None else None
    if canonical and tribunal is None:
        value, tribunal = canonical.group(2), canonical.group(1)
    text = fold(str(value)) if value is not None else ""
    m = _NUMBER.search(text)
    if m is None:
        raise InvalidFormat("no RC number in the value")
    digits = m.group(1).lstrip("0") or "0"
    number = digits + (m.group(2) or "").upper()
    if len(digits) > 7:
        raise InvalidLength("an RC number has at most 7 digits")
    rest = _LABELS.sub(" ", text[:m.start()] + " " + text[m.end():])
    court = tribunal if tribunal is not None else rest
    words = " ".join(w for w in fold(court or "").split() if w.isalpha())
    return number, normalize_city(words) if words else None


def parse(value: object, tribunal: str | None = None) -> RCNumber:
    """Split an RC reference into number and court; raise InvalidFormat / InvalidLength."""
    number, court = _split(value, tribunal)
    return RCNumber(number, court)


def compact(value: object) -> str:
    """The number alone, without labels or the court."""
    return parse(value).number


def validate(value: object, tribunal: str | None = None) -> str:
    """Canonical ``tribunal:number`` (or bare number), or raise."""
    rc = parse(value, tribunal)
    return f"{rc.tribunal}:{rc.number}" if rc.tribunal else rc.number


def has_tribunal(value: object, tribunal: str | None = None) -> bool:
    """True when the court is known (the RC is then a strong identifier)."""
    return ":" in (normalize(value, tribunal) or "")


def is_valid(value: object, tribunal: str | None = None) -> bool:
    """True when a number can be read."""
    return normalize(value, tribunal) is not None


def normalize(value: object, tribunal: str | None = None) -> str | None:
    """Canonical form or None; never raises."""
    return quietly(validate, value, tribunal)


def format(value: object, tribunal: str | None = None) -> str:
    """Display form: "RC 400001 (casablanca)"."""
    rc = parse(value, tribunal)
    return f"RC {rc.number} ({rc.tribunal})" if rc.tribunal else f"RC {rc.number}"
