"""Checks of the Moroccan identifiers a portfolio carries (rules from shared DOMAIN.md §0-1).

Only the ICE has a checksum; the others are format checks. A check never throws a debtor away:
it returns the :class:`Identifier` with ``valid=False`` and a reason, plus an optional note for
values that are plausible but non-standard (a CIN with 7 digits). Values in reasons are masked.
"""

from __future__ import annotations

import re
import unicodedata

from skiptrace.model import Identifier, mask

SCHEMES: tuple[str, ...] = ("cin", "ice", "rc", "if", "cnss")
_SEPARATORS = re.compile(r"[\s.\-_/]+")
_CIN_LENIENT = re.compile(r"^[A-Z]{1,3}\d{1,7}$")
_CIN_STRICT = re.compile(r"^[A-Z]{1,2}\d{5,6}$")
_RC_NUMBER = re.compile(r"^\d{1,7}[A-Z]{0,2}$")
_RC_NOISE = {"RC", "R.C", "N", "NO", "N°", "NUM", "NUMERO", "TRIBUNAL", "DE", "DU", "COMMERCE"}

Check = tuple[Identifier, str | None]


def compact(value: str) -> str:
    """Upper case without spaces, dots, dashes, slashes or underscores."""
    return _SEPARATORS.sub("", value).upper()


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a court or city name, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _invalid(scheme: str, raw: str, why: str, tribunal: str | None = None) -> Check:
    reason = f"{scheme.upper()} {mask(compact(raw)) or '(empty)'}: {why}"
    return Identifier(scheme, raw.strip(), valid=False, tribunal=tribunal, reason=reason), None


def check_ice(raw: str) -> Check:
    """15 digits (exports drop leading zeros: pad) whose whole number is divisible by 97."""
    digits = compact(raw)
    if not digits.isdigit():
        return _invalid("ice", raw, "not all digits")
    if len(digits) > 15:
        return _invalid("ice", raw, f"{len(digits)} digits, an ICE has 15")
    digits = digits.zfill(15)
    if int(digits) % 97 != 0:
        return _invalid("ice", raw, "fails the mod 97 check")
    return Identifier("ice", digits), None


def check_cin(raw: str) -> Check:
    """1-3 letters then 1-7 digits; outside 1-2 letters + 5-6 digits it is kept with a note."""
    value = compact(raw)
    if not _CIN_LENIENT.match(value):
        return _invalid("cin", raw, "not letters followed by digits")
    note = None
    if not _CIN_STRICT.match(value):
        note = f"CIN {mask(value)}: non-standard format (kept as valid)"
    return Identifier("cin", value), note


def check_if(raw: str) -> Check:
    """7 or 8 digits, normalised to 8."""
    digits = compact(raw)
    if not digits.isdigit() or not 7 <= len(digits) <= 8:
        return _invalid("if", raw, "an IF has 7 or 8 digits")
    return Identifier("if", digits.zfill(8)), None


def check_cnss(raw: str) -> Check:
    """7 digits (employer affiliation) or 9 digits (insured person's immatriculation)."""
    digits = compact(raw)
    if not digits.isdigit() or len(digits) not in (7, 9):
        return _invalid("cnss", raw, "a CNSS number has 7 or 9 digits")
    return Identifier("cnss", digits), None


def split_rc(raw: str) -> tuple[str | None, str | None]:
    """"RC n° 123456 Casablanca" → ("123456", "Casablanca"); either part may be missing."""
    number = None
    words = []
    for token in re.split(r"[\s,;/:\-–]+", raw.strip()):
        upper = token.upper().rstrip(".")
        if not upper or upper in _RC_NOISE:
            continue
        if number is None and upper[0].isdigit():
            number = upper
        elif token.isalpha() or "'" in token:
            words.append(token)
    return number, (" ".join(words) or None)


def check_rc(raw: str, tribunal: str | None = None) -> Check:
    """A number of up to 7 digits (maybe a letter suffix) and its court: unique only per court."""
    number, court = split_rc(raw)
    court = (tribunal or "").strip() or court
    if number is None or not _RC_NUMBER.match(number):
        return _invalid("rc", raw, "no RC number of 1-7 digits", tribunal=court)
    if not court:
        return _invalid("rc", raw, "tribunal missing (an RC number is unique only per court)")
    return Identifier("rc", number, tribunal=court), None


def check(scheme: str, raw: str, tribunal: str | None = None) -> Check:
    """Dispatch to the check of ``scheme``."""
    if scheme == "rc":
        return check_rc(raw, tribunal)
    return _CHECKS[scheme](raw)


_CHECKS = {"ice": check_ice, "cin": check_cin, "if": check_if, "cnss": check_cnss}


def lookup_value(scheme: str, raw: str) -> str:
    """The form under which an identifier is indexed and looked up: canonical when it parses."""
    if scheme == "rc":
        number, _ = split_rc(raw)
        return number or compact(raw)
    ident, _ = check(scheme, raw) if scheme in _CHECKS else (None, None)
    return ident.value if ident is not None and ident.valid else compact(raw)


__all__ = [
    "SCHEMES",
    "check",
    "check_cin",
    "check_cnss",
    "check_ice",
    "check_if",
    "check_rc",
    "compact",
    "fold",
    "lookup_value",
    "split_rc",
]
