"""Phone numbers through libphonenumber (default region MA), with Morocco's legacy plans.

Old debtor files keep numbers from before the 2009 move to 10 digits (DOMAIN.md §5.1): fixed
02x/03x became 052x/053x, mobile 0[14567]x became 06[14567]x, 08/09 became 088/089. A 9-digit
value starting with 0 is rewritten that way and flagged ``legacy`` and ``ambiguous`` (it may
also be a modern number with a digit lost). Morocco has number portability: ``carrier`` is the
operator the range was allocated to, not necessarily today's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from matching.refdata import load

DEFAULT_REGION = "MA"

_LEGACY = re.compile(r"^0([1-9])(\d{7})$")
_OPENING = re.compile(r"^\s*(?:\+|00)\s*212\s*\(\s*0\s*\)")
_LINE_TYPES = {
    PhoneNumberType.MOBILE: "mobile", PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_or_mobile", PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll_free", PhoneNumberType.PREMIUM_RATE: "premium",
    PhoneNumberType.SHARED_COST: "shared_cost", PhoneNumberType.UAN: "uan",
    PhoneNumberType.PAGER: "pager", PhoneNumberType.PERSONAL_NUMBER: "personal",
}


@dataclass(frozen=True, slots=True)
class PhoneInfo:
    """What a phone number says: E.164 form, validity, line type, range holder, place hint."""

    e164: str | None
    valid: bool
    line_type: str  # mobile | fixed | fixed_or_mobile | voip | toll_free | premium | ... | unknown
    carrier: str | None
    region_hint: str | None  # geocoder description of fixed lines, a weak hint
    legacy: bool = False
    ambiguous: bool = False


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _modernise(s: str) -> str | None:
    """Rewrite a 9-digit pre-2009 national number (0 + 8 digits) to today's 10 digits."""
    m = _LEGACY.match(_digits(s)) if not s.strip().startswith("+") else None
    if m is None:
        return None
    return "0" + str(load("phones")["legacy_prefix"][m.group(1)]) + m.group(1) + m.group(2)


def _parse(s: str) -> phonenumbers.PhoneNumber | None:
    text = _OPENING.sub("+212 ", s)
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=1 << 15)
def _parsed(s: str) -> tuple[phonenumbers.PhoneNumber | None, bool]:
    """(the number, whether it was a legacy form rewritten), or (None, False)."""
    number = _parse(s)
    if number is not None:
        return number, False
    modern = _modernise(s)
    number = _parse(modern) if modern else None
    return number, number is not None


def _usable(s: str | None) -> bool:
    return bool(s and s.strip() and len(s) <= 64)


@lru_cache(maxsize=1 << 15)
def phone_info(s: str | None) -> PhoneInfo:
    """Parse, validate and describe a phone number written in any usual Moroccan way."""
    number, legacy = _parsed(s) if _usable(s) else (None, False)
    if number is None:
        return PhoneInfo(None, False, "unknown", None, None)
    return PhoneInfo(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        valid=True,
        line_type=_LINE_TYPES.get(phonenumbers.number_type(number), "unknown"),
        carrier=_carrier(number),
        region_hint=_region_hint(number),
        legacy=legacy,
        ambiguous=legacy,
    )


@lru_cache(maxsize=1 << 15)
def normalize_phone(s: str | None) -> str | None:
    """E.164 form of a valid number (legacy 9-digit forms rewritten), else None.

    Without the carrier and region look-ups of ``phone_info``: every match normalises phones,
    and those tables take a second to load and describe, not identify, a number."""
    number, _ = _parsed(s) if _usable(s) else (None, False)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=1 << 15)
def unambiguous_phone(s: str | None) -> str | None:
    """E.164 form of a number that parses as written, else None: a 9-digit value read as a
    pre-2009 number may as well be a modern number missing its last digit (DOMAIN §5.1), so it
    is no evidence for matching — never another subscriber's number (issue 14)."""
    number, legacy = _parsed(s) if _usable(s) else (None, False)
    if number is None or legacy:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _carrier(number: phonenumbers.PhoneNumber) -> str | None:
    # imported on first use: the carrier and geocoder data take a second to load, and only
    # phone_info needs them, not the normalisation every match does
    from phonenumbers import carrier

    return carrier.name_for_number(number, "fr") or None


def _region_hint(number: phonenumbers.PhoneNumber) -> str | None:
    from phonenumbers import geocoder

    return geocoder.description_for_number(number, "fr") or None
