"""CIN / CNIE, the national identity card number: 1–2 letters then up to 6 digits.

No check digit is documented anywhere (DOMAIN.md §1.1). Community validators disagree, so a
lenient grammar ``^[A-Z]{1,3}\\d{1,7}$`` is accepted and anything outside the usual
``^[A-Z]{1,2}\\d{5,6}$`` is flagged by ``is_standard`` (never rejected: leading zeros are real).

How the scorer should treat it (STRONG): agreement on a standard CIN is near-decisive for the
same person (the number follows the holder across renewals), but it is format-checked only —
a typo can make two people agree or one person disagree. Disagreement between two standard
CINs is strong evidence against; a non-standard value should weigh like a weak identifier.
The letter prefix hints at the issuing office, not at the current residence.

>>> validate("bk 100001")
'BK100001'
>>> is_standard("BE1234567")
False
>>> is_valid("123456")
False
>>> format("j-345678")
'J345678'
>>> issuing_city("JM300003")
'ait melloul'
"""

from __future__ import annotations

import re

from matching.identifiers._base import InvalidFormat, InvalidLength, clean, label_pattern
from matching.refdata import load

NAME = "cin"
TITLE = "CIN"
STRONG = True
_LABEL = label_pattern("cin", "c i n", "cnie", "c n i e", "carte nationale", "cin n", number_word=False)

_LENIENT = re.compile(r"^[A-Z]{1,3}\d{1,7}$")
_STRICT = re.compile(r"^[A-Z]{1,2}\d{5,6}$")
_SHAPE = re.compile(r"^[A-Z]+\d+$")


def compact(value: object) -> str:
    """Uppercase value without spaces, dashes or dots."""
    return clean(value, _LABEL)


def validate(value: object) -> str:
    """Canonical CIN or raise InvalidFormat / InvalidLength."""
    v = compact(value)
    if _LENIENT.match(v):
        return v
    if _SHAPE.match(v):
        raise InvalidLength("a CIN has 1-3 letters and 1-7 digits")
    raise InvalidFormat("a CIN is letters followed by digits")


def is_valid(value: object) -> bool:
    """True when the value fits the lenient grammar."""
    return bool(_LENIENT.match(compact(value)))


def is_standard(value: object) -> bool:
    """True for the usual shape (1–2 letters, 5–6 digits); False flags a non-standard CIN."""
    return bool(_STRICT.match(compact(value)))


def normalize(value: object) -> str | None:
    """Canonical CIN or None; never raises."""
    v = compact(value)
    return v if _LENIENT.match(v) else None


def format(value: object) -> str:
    """Display form (BK123456)."""
    return validate(value)


def prefix(value: object) -> str | None:
    """The letter prefix (issuing office), or None for an invalid value."""
    v = normalize(value)
    letters = re.match(r"[A-Z]+", v) if v else None
    return letters.group() if letters else None


def issuing_city(value: object) -> str | None:
    """Office of first issuance from the prefix (community table; a weak hint), or None.

    Two-letter prefixes are looked up first, then the first letter; "mre" means issued to a
    Moroccan abroad.
    """
    letters = prefix(value)
    if letters is None:
        return None
    table = load("cin_prefixes")
    city: str | None = table["two_letters"].get(letters[:2]) or table["letters"].get(letters[:1])
    return city
