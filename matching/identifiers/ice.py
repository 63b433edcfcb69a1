"""ICE (Identifiant Commun de l'Entreprise), the 15-digit common company identifier.

Nine digits identify the enterprise, four the establishment (0000 = head office) and two are
check digits: the whole number is divisible by 97 (DOMAIN.md §1.2). The check itself is
python-stdnum's ``stdnum.ma.ice`` (docs/decisions/0012): the maintained reference, tested
upstream on real ICEs. This module is the layer our inputs need on top of it: leading labels
("ICE :", "I.C.E. N°"), Arabic-Indic digits and dots or dashes (``clean``), exports that dropped
leading zeros (left-padded before the check; a padded value that fails the check is reported
as a length error, since it most likely is not an ICE at all), the refusal of all zeros (which
stdnum accepts) and of digits of other scripts, and our error classes. ICE is the only Moroccan
identifier with a verifiable checksum: agreement on a valid ICE is decisive evidence of the
same company (STRONG).

>>> validate("000 000 101 000 086")
'000000101000086'
>>> validate("36794000036")
'000036794000036'
>>> is_valid("000123456000094")
False
>>> calc_check_digits("0001234560000")
'93'
>>> format("000999888000258")
'000999888000258'
"""

from __future__ import annotations

from functools import lru_cache

from stdnum import exceptions as stdnum_errors
from stdnum.ma import ice as stdnum_ice

from matching.identifiers._base import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
    clean,
    label_pattern,
    quietly,
)

NAME = "ice"
TITLE = "ICE"
STRONG = True
_LABEL = label_pattern("ice", "i c e", "identifiant commun de l entreprise")
LENGTH = 15


def compact(value: object) -> str:
    """The value without a label, spaces, dots and dashes (Arabic-Indic digits as 0-9)."""
    return clean(value, _LABEL)


def calc_check_digits(first13: str) -> str:
    """The two check digits that make the 15-digit number divisible by 97 (stdnum has none:
    tests/matching/test_ice_stdnum.py checks every result against its ``validate``)."""
    return f"{(-int(first13) * 100) % 97:02d}"


def validate(value: object) -> str:
    """Canonical 15-digit ICE, or raise InvalidFormat / InvalidLength / InvalidChecksum."""
    v = compact(value)
    if not v or not (v.isascii() and v.isdigit()):  # str.isdigit alone takes ० or ۳ too
        raise InvalidFormat("an ICE has only digits")
    if len(v) > LENGTH:
        raise InvalidLength("an ICE has 15 digits")
    padded = v.zfill(LENGTH)
    if int(padded) == 0:
        raise InvalidFormat("an ICE is not all zeros")
    try:
        return stdnum_ice.validate(padded)
    except stdnum_errors.InvalidChecksum:
        if len(v) < LENGTH:
            raise InvalidLength("an ICE has 15 digits (left-padding does not verify)") from None
        raise InvalidChecksum("ICE check digits do not verify (mod 97)") from None
    except stdnum_errors.ValidationError as exc:  # 15 ASCII digits: stdnum has no other verdict
        raise InvalidFormat(f"not an ICE ({exc})") from None


def is_valid(value: object) -> bool:
    """True when ``validate`` accepts the value."""
    return normalize(value) is not None


def normalize(value: object) -> str | None:
    """Canonical ICE or None; never raises. A text value is checked once and remembered: one
    company's ICE is printed on many records, and stdnum's check is the costliest part of
    reading a party's identifiers (issue 17)."""
    return _normalized(value) if isinstance(value, str) else quietly(validate, value)


@lru_cache(maxsize=1 << 14)
def _normalized(text: str) -> str | None:
    return quietly(validate, text)


def format(value: object) -> str:
    """Display form (15 digits, as printed on invoices); validated, unlike stdnum's."""
    return validate(value)
