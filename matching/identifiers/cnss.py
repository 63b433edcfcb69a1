"""CNSS numbers: employer affiliation (7 digits) and insured-person immatriculation (9 digits).

Neither has a public check digit (DOMAIN.md §1.5). One module serves both: pass ``kind`` when
the field says which one it holds, otherwise the length decides. STRONG: an affiliation
number identifies one employer in CNSS's own file (the debt itself is keyed on it), an
immatriculation one insured person for life; format-only, so treat agreement as strong, not
as proof.

>>> validate("7000001")
'7000001'
>>> kind("100 000 001")
'immatriculation'
>>> is_valid("700000")
False
>>> validate("100000001", kind="affiliation")
Traceback (most recent call last):
...
matching.identifiers._base.InvalidLength: a CNSS affiliation number has 7 digits
"""

from __future__ import annotations

from matching.identifiers._base import InvalidFormat, InvalidLength, clean, label_pattern, quietly

NAME = "cnss"
TITLE = "CNSS"
STRONG = True
_LABEL = label_pattern("cnss", "affiliation", "n affiliation", "immatriculation", "n immatriculation", "affiliation cnss", "immatriculation cnss")
LENGTHS = {"affiliation": 7, "immatriculation": 9}


def compact(value: object) -> str:
    """The value without spaces, dots and dashes."""
    return clean(value, _LABEL)


def kind(value: object) -> str | None:
    """"affiliation", "immatriculation" or None, from the length of a valid value."""
    v = compact(value)
    if not v.isdigit():
        return None
    return {7: "affiliation", 9: "immatriculation"}.get(len(v))


def validate(value: object, kind: str | None = None) -> str:
    """Canonical number or raise InvalidFormat / InvalidLength."""
    v = compact(value)
    if not v.isdigit():
        raise InvalidFormat("a CNSS number has only digits")
    if kind is not None:
        if len(v) != LENGTHS[kind]:
            raise InvalidLength(f"a CNSS {kind} number has {LENGTHS[kind]} digits")
    elif len(v) not in LENGTHS.values():
        raise InvalidLength("a CNSS number has 7 (affiliation) or 9 (immatriculation) digits")
    return v


def is_valid(value: object, kind: str | None = None) -> bool:
    """True when ``validate`` accepts the value."""
    return normalize(value, kind) is not None


def normalize(value: object, kind: str | None = None) -> str | None:
    """Canonical number or None; never raises."""
    return quietly(validate, value, kind)


def format(value: object) -> str:
    """Display form (digits)."""
    return validate(value)
