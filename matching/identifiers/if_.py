"""IF (Identifiant fiscal), the DGI tax number: 8 digits, older ones 7 (left-padded).

No public check digit (DOMAIN.md §1.4). Beware: python-stdnum's ``ma.vat`` is an alias of ICE,
not IF. STRONG: one IF per taxpayer, so agreement is strong evidence, but format-only.

>>> validate("0400002")
'00400002'
>>> validate("40 000 001")
'40000001'
>>> is_valid("4000000100")
False
"""

from __future__ import annotations

from matching.identifiers._base import InvalidFormat, InvalidLength, clean, label_pattern, quietly

NAME = "if"
TITLE = "IF"
STRONG = True
_LABEL = label_pattern("if", "i f", "identifiant fiscal")


def compact(value: object) -> str:
    """The value without spaces, dots and dashes."""
    return clean(value, _LABEL)


def validate(value: object) -> str:
    """Canonical 8-digit IF or raise InvalidFormat / InvalidLength."""
    v = compact(value)
    if not v.isdigit():
        raise InvalidFormat("an IF has only digits")
    if len(v) not in (7, 8):
        raise InvalidLength("an IF has 8 digits (7 for older ones)")
    return v.zfill(8)


def is_valid(value: object) -> bool:
    """True when ``validate`` accepts the value."""
    return normalize(value) is not None


def normalize(value: object) -> str | None:
    """Canonical IF or None; never raises."""
    return quietly(validate, value)


def format(value: object) -> str:
    """Display form (8 digits)."""
    return validate(value)
