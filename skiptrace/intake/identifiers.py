"""Checking the identifiers a portfolio row carries, with ``matching.identifiers`` rules.

The rules themselves (DOMAIN.md §0-1: ICE mod 97 with zero-padding, CIN letters + digits, RC
number + court, IF 7-8 digits, CNSS 7/9 digits) live in ``matching.identifiers``; this module
turns their verdict into what intake needs: an :class:`Identifier` that is never thrown away,
``valid=False`` with a masked reason when the value fails, and a note for plausible but
non-standard values (a CIN with 7 digits). It also gives the form under which the store indexes
identifiers, so that a debtor's and a record's spellings of one number meet.
"""

from __future__ import annotations

from matching.cities import normalize_city
from matching.identifiers import InvalidIdentifier, cin, get_format, rc
from matching.identifiers._base import clean
from skiptrace.model import Identifier, mask

SCHEMES: tuple[str, ...] = ("cin", "ice", "rc", "if", "cnss")

Check = tuple[Identifier, str | None]


def _invalid(scheme: str, raw: str, why: str, tribunal: str | None = None) -> Check:
    reason = f"{scheme.upper()} {mask(clean(raw)) or '(empty)'}: {why}"
    return Identifier(scheme, raw.strip(), valid=False, tribunal=tribunal, reason=reason), None


def check_rc(raw: str, tribunal: str | None = None) -> Check:
    """An RC number and its court (from ``tribunal`` or written beside the number): unique only
    within that court, so a number without one is kept as invalid."""
    court = (tribunal or "").strip() or None
    try:
        parsed = rc.parse(raw, court)
    except InvalidIdentifier as exc:
        return _invalid("rc", raw, str(exc), court)
    if parsed.tribunal is None:
        return _invalid("rc", raw, "tribunal missing (an RC number is unique only per court)")
    return Identifier("rc", parsed.number, tribunal=court or parsed.tribunal), None


def check(scheme: str, raw: str, tribunal: str | None = None) -> Check:
    """The identifier of ``scheme`` read from ``raw``, valid or not, and an optional note."""
    if scheme == "rc":
        return check_rc(raw, tribunal)
    try:
        value = get_format(scheme).validate(raw)
    except InvalidIdentifier as exc:
        return _invalid(scheme, raw, str(exc))
    note = None
    if scheme == "cin" and not cin.is_standard(value):
        note = f"CIN {mask(value)}: non-standard format (kept as valid)"
    return Identifier(scheme, value), note


def lookup_value(scheme: str, raw: str) -> str:
    """The form under which an identifier is indexed and looked up: canonical when it parses
    (an RC by its number alone; its court is compared separately), else compacted."""
    if scheme == "rc":
        try:
            return rc.parse(raw).number
        except InvalidIdentifier:
            return clean(raw)
    return get_format(scheme).normalize(raw) or clean(raw)


def court_key(tribunal: str | None) -> str | None:
    """A court (or city) as one canonical key: "Casa", "Casablanca" → "casablanca"."""
    return normalize_city(tribunal) if tribunal and tribunal.strip() else None


__all__ = ["SCHEMES", "check", "check_rc", "court_key", "lookup_value"]
