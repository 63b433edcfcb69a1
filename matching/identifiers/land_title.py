"""Land-title (titre foncier) and réquisition numbers: a serial plus a conservation suffix.

Cited as "TF n° 12345/C" (DOMAIN.md §2.3); newer references show numeric suffixes ("/04");
Arabic records write "الرسم العقاري عدد 12345/…". No authoritative suffix table exists, so the
suffix is kept as written, uppercased. Canonical form: ``"12345/C"`` for a title and
``"R12345/C"`` for a réquisition (a request still in progress, a different number space). A
value without suffix normalizes to the bare number but does not ``validate``. STRONG is False:
a title number identifies a property, not its owner — agreement links assets, not people.

>>> validate("TF n° 12345/C")
'12345/C'
>>> validate("titre foncier 012345 / c")
'12345/C'
>>> validate("Réquisition n° 6789/04")
'R6789/04'
>>> normalize("TF 12345")
'12345'
>>> is_valid("TF 12345")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matching.identifiers._base import InvalidFormat, InvalidLength, quietly
from matching.text import fold

NAME = "land_title"
TITLE = "Titre foncier"
STRONG = False

_REQUISITIONS = frozenset({"requisition", "req", "r", "مطلب التحفيظ", "مطلب"})
_TITLE = re.compile(
    r"^(?:(titre foncier|titre|tf|t f|الرسم العقاري|رسم عقاري|requisition|req|r|مطلب التحفيظ"
    r"|مطلب)\s*)?(?:(?:n|no|num|numero|عدد|رقم)\s*)?(\d{1,9})(?:\s*([0-9a-z]{1,3}))?$")


@dataclass(frozen=True, slots=True)
class LandTitle:
    """A parsed title reference."""

    number: str
    suffix: str | None
    requisition: bool = False


def parse(value: object) -> LandTitle:
    """Read number, suffix and kind; raise InvalidFormat / InvalidLength."""
    text = fold(str(value)) if value is not None else ""
    m = _TITLE.match(text)
    if m is None:
        raise InvalidFormat("a land title reads 'TF <number>/<suffix>'")
    number = m.group(2).lstrip("0") or "0"
    if len(number) > 7:
        raise InvalidLength("a title number has at most 7 digits")
    suffix = m.group(3).upper() if m.group(3) else None
    return LandTitle(number, suffix, m.group(1) in _REQUISITIONS)


def compact(value: object) -> str:
    """Canonical form, suffix optional (raises like ``parse``)."""
    t = parse(value)
    body = f"{t.number}/{t.suffix}" if t.suffix else t.number
    return ("R" + body) if t.requisition else body


def validate(value: object) -> str:
    """Canonical ``number/suffix`` (``R`` prefix for réquisitions) or raise."""
    if parse(value).suffix is None:
        raise InvalidFormat("the conservation suffix is missing")
    return compact(value)


def is_valid(value: object) -> bool:
    """True when ``validate`` accepts the value."""
    return quietly(validate, value) is not None


def normalize(value: object) -> str | None:
    """Canonical form (bare number when the suffix is missing) or None; never raises."""
    return quietly(compact, value)


def format(value: object) -> str:
    """Display form: "TF 12345/C" or "Réquisition 6789/04"."""
    t = parse(value)
    body = f"{t.number}/{t.suffix}" if t.suffix else t.number
    return f"Réquisition {body}" if t.requisition else f"TF {body}"
