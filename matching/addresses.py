"""Addresses: parse into parts, render a canonical form, compare as ordered levels.

Levels of ``compare_addresses`` (``AddressComparison(level, score)``, a named tuple so it
unpacks): ``exact`` (every part present on both sides agrees, down to the apartment),
``same_street_number`` (same street and number, or same residence and building; a numbered
house in the same lotissement / derb when neither side names a street),
``same_street``, ``same_quarter``, ``same_city``, ``different_city`` (both cities known and
different) and ``unknown`` (not enough on one side to say). Street and quarter names agree when
equal after folding and dropping articles, when their consonant skeletons agree (Latin against
Arabic, "Serkof" / "Sarcof" are not caught: different skeletons), or at Jaro-Winkler ≥ 0.9.
A shared address is weak evidence of identity: families and domiciliation centres share them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz.distance import JaroWinkler

from matching.address_parse import AddressParts, parse_address
from matching.cities import city_display, city_from_postcode, normalize_city
from matching.refdata import load
from matching.text import fold, is_arabic, skeleton, vowels_compatible

__all__ = ["AddressParts", "AddressComparison", "parse_address", "normalize_address",
           "normalize_city", "compare_addresses", "city_display", "city_from_postcode"]

_LABELS = (("quarter", "quartier"), ("residence", "residence"), ("building", "immeuble"),
           ("apartment", "appartement"), ("floor", "etage"))
_SCORES = {"exact": 1.0, "same_street_number": 0.9, "same_street": 0.7, "same_quarter": 0.5,
           "same_city": 0.3, "different_city": 0.0, "unknown": 0.0}


class AddressComparison(NamedTuple):
    """An address comparison level and its similarity in 0..1."""

    level: str
    score: float


def render(p: AddressParts) -> str:
    """Canonical text of parsed parts, labelled so that it parses back to the same parts."""
    out = []
    if p.number:
        out.append(f"km {p.number[2:]}" if p.number.startswith("km") else f"n {p.number}")
    if p.street:
        out.append(f"{p.street_type} {p.street}" if p.street_type else p.street)
    out += [f"{label} {getattr(p, field)}" for field, label in _LABELS if getattr(p, field)]
    place = " ".join(x for x in (p.postcode, p.city) if x)
    if place:
        out.append(place)
    return ", ".join(out)


@lru_cache(maxsize=1 << 15)
def normalize_address(s: str | None) -> str:
    """Canonical address text: labelled parts in a fixed order, city as its canonical key.

    The text is re-parsed until it no longer changes (a part moved to the end can read as a
    city the second time), so the result is a fixed point.
    """
    text = render(parse_address(s))
    for _ in range(4):
        again = render(parse_address(text))
        if again == text:
            break
        text = again
    return text


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(load("address_words")["stopwords"])


def _name_key(text: str) -> str:
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in fold(text).split()]
    return " ".join(w for w in words if w not in _stopwords())


def same_name(a: str | None, b: str | None) -> bool:
    """Street or quarter names that denote the same place."""
    if not a or not b:
        return False
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return True
    da, db = re.findall(r"\d+", ka), re.findall(r"\d+", kb)
    if da and db and da != db:
        return False  # Hay Nahda 1 / Hay Nahda 2, Rue 7 / Rue 9
    sa, sb = skeleton(ka), skeleton(kb)
    latin = not is_arabic(ka) and not is_arabic(kb)
    if sa and sa == sb and (len(sa) >= 3 or ka.isdigit() == kb.isdigit()):
        return any(c.isalpha() for c in ka) and (not latin or vowels_compatible(ka, kb))
    return JaroWinkler.normalized_similarity(ka, kb) >= 0.9 and not (ka.isdigit() or kb.isdigit())


def _city(p: AddressParts) -> str | None:
    return p.city or (city_from_postcode(p.postcode) if p.postcode else None)


def _agree(a: str | None, b: str | None) -> bool | None:
    return None if not a or not b else a == b


def _level(a: AddressParts, b: AddressParts) -> str:
    ca, cb = _city(a), _city(b)
    if ca and cb and ca != cb:
        return "different_city"
    street = same_name(a.street, b.street) and _agree(a.street_type, b.street_type) is not False
    # a numbered house in a lotissement, derb or douar, with no street on either side
    house = not a.street and not b.street and same_name(a.quarter, b.quarter)
    building = same_name(a.residence, b.residence) and _agree(a.building, b.building) is not False
    if ((street or house) and _agree(a.number, b.number)) or (building and _agree(a.building, b.building)):
        fields = ("number", "building", "apartment", "floor")
        details = [_agree(getattr(a, f), getattr(b, f)) for f in fields]
        same_shape = all(bool(getattr(a, f)) == bool(getattr(b, f)) for f in fields[:3])
        quarter_ok = not (a.quarter and b.quarter and not same_name(a.quarter, b.quarter))
        if False not in details and same_shape and quarter_ok:
            return "exact"
        return "same_street_number" if False not in details[:2] else "same_street"
    if street or building or (house and a.number and b.number):
        return "same_street"
    if same_name(a.quarter, b.quarter):
        return "same_quarter"
    if ca and cb:
        return "same_city"
    return "unknown"


@lru_cache(maxsize=1 << 16)
def compare_addresses(a: str | None, b: str | None) -> AddressComparison:
    """Compare two addresses written any usual way (levels in the module docstring)."""
    level = _level(parse_address(a), parse_address(b))
    return AddressComparison(level, _SCORES[level])
