"""Addresses: parse into parts, render a canonical form, compare as ordered levels.

Levels of ``compare_addresses`` (``AddressComparison(level, score)``, a named tuple so it
unpacks): ``exact`` (both sides name the same parts, down to the apartment, and they agree,
cities known), ``same_street_number`` (same number on the same street, or in the same
lotissement / cité when the street is missing on a side, or in the same derb / douar when
neither names a street; or same residence and building), ``same_street`` (the number is
missing on a side, or the building differs), ``same_street_other_number`` (both house numbers
known and different: a neighbour's door), ``same_quarter`` (same quarter or residence; different streets in one
lotissement), ``same_city``, ``different_city`` (both cities known and different) and
``unknown`` (not enough on one side to say). A part missing on one side never makes two
addresses different; it only keeps them from ``exact``. Street and quarter names agree when
equal after folding and dropping articles, when their consonant skeletons agree (Latin against
Arabic, "Serkof" / "Sarcof" are not caught: different skeletons), or at Jaro-Winkler ≥ 0.9;
street types agree when equal, missing, or compatible (شارع is both Boulevard and Avenue).
A shared address is weak evidence of identity: families and domiciliation centres share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz.distance import JaroWinkler

from matching.address_parse import AddressParts, parse_address
from matching.cities import city_display, city_from_postcode, lookup_city, normalize_city
from matching.refdata import load
from matching.text import fold, is_arabic, skeleton, vowels_compatible
from matching.thresholds import thresholds, value

__all__ = ["AddressParts", "AddressComparison", "parse_address", "normalize_address",
           "normalize_city", "compare_addresses", "city_display", "city_from_postcode",
           "address_with_city"]

_LABELS = (("subdivision", "lotissement"), ("quarter", "quartier"), ("residence", "residence"), ("building", "immeuble"),
           ("apartment", "appartement"), ("floor", "etage"))
_NUMERALS = re.compile(r"\d+|\b(?:i{1,3}|iv|vi{0,3})\b")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8"}
_SCORES: dict[str, float] = {level: float(score)
                             for level, score in thresholds()["address"]["scores"].items()}


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


@cache
def _ordinals() -> dict[str, str]:
    return {fold(k): v for k, v in load("address_words")["ordinals"].items()}


def _name_key(text: str) -> str:
    words = [_ordinals().get(w, w) for w in fold(text).split()]
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]
    return " ".join(w for w in words if w not in _stopwords())


def _numerals(key: str) -> list[str]:
    """Numbers in a name, Roman ones as digits (Hassan II = Hassan 2; Mohammed V ≠ Mohammed VI)."""
    return [_ROMAN.get(n, n) for n in _NUMERALS.findall(key)]


def same_name(a: str | None, b: str | None) -> bool:
    """Street or quarter names that denote the same place."""
    if not a or not b:
        return False
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return True
    da, db = _numerals(ka), _numerals(kb)
    if da and db and da != db:
        return False  # Hay Nahda 1 / Hay Nahda 2, Rue 7 / Rue 9, Mohammed V / Mohammed VI
    bare_a, bare_b = (" ".join(_NUMERALS.sub(" ", k).split()) for k in (ka, kb))
    if bare_a and bare_b and (da or db):  # numbers agree or one side is silent: compare the rest
        if bare_a == bare_b:
            return True
        ka, kb = bare_a, bare_b
    sa, sb = skeleton(ka), skeleton(kb)
    latin = not is_arabic(ka) and not is_arabic(kb)
    if sa and sa == sb and (len(sa) >= 3 or ka.isdigit() == kb.isdigit()):
        return any(c.isalpha() for c in ka) and (not latin or vowels_compatible(ka, kb))
    return (JaroWinkler.normalized_similarity(ka, kb) >= value("address", "same_name")
            and not (ka.isdigit() or kb.isdigit()))


def _city(p: AddressParts) -> str | None:
    return p.city or (city_from_postcode(p.postcode) if p.postcode else None)


def _agree(a: str | None, b: str | None) -> bool | None:
    return None if not a or not b else a == b


@cache
def _compatible_types() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in load("address_words")["compatible_street_types"])


def _same_street(a: AddressParts, b: AddressParts) -> bool:
    if not same_name(a.street, b.street):
        return False
    ta, tb = a.street_type, b.street_type
    return not ta or not tb or ta == tb or frozenset((ta, tb)) in _compatible_types()


def _same(x: str | None, y: str | None) -> bool | None:
    """Places named on both sides: do they agree? None when one side is silent."""
    return None if not x or not y else same_name(x, y)


def _locus(a: AddressParts, b: AddressParts) -> bool | None:
    """Is the place the house number belongs to the same on both sides?

    The street when both name one; else the lotissement / cité (a house numbered in it); else,
    when neither names a street or subdivision and both give a number, the derb / douar.
    """
    if a.street and b.street:
        return _same_street(a, b)
    if a.subdivision and b.subdivision:
        return same_name(a.subdivision, b.subdivision)
    if not (a.street or b.street or a.subdivision or b.subdivision) and a.number and b.number:
        return _same(a.quarter, b.quarter)  # a numbered house in a derb or douar
    return None


_SHAPE = ("number", "street", "subdivision", "quarter", "residence", "building", "apartment")


@dataclass(frozen=True, slots=True)
class _Facts:
    """What two parsed addresses say of each other: each level of the ladder is a predicate on
    these (``_LADDER``), evaluated in order, the first that holds wins."""

    cities_known: bool  # both sides name (or imply by postcode) a city
    other_city: bool  # … and they differ
    locus: bool | None  # the place the number belongs to (street, subdivision, derb): agrees?
    residence: bool | None
    building: bool  # the same residence, buildings not contradicting
    building_agrees: bool | None
    number: bool | None
    details: tuple[bool | None, ...]  # number, building, apartment, floor
    places_ok: bool  # quarter, subdivision, residence: none contradicts
    same_shape: bool  # both sides give the same kinds of parts
    quarter: bool | None
    subdivision: bool | None
    street_named: bool

    @property
    def door(self) -> bool:
        """The same door is named: a number at the same place, or the same building."""
        return bool((self.locus and self.number) or (self.building and self.building_agrees))


def _facts(a: AddressParts, b: AddressParts) -> _Facts:
    ca, cb = _city(a), _city(b)
    residence = _same(a.residence, b.residence)
    return _Facts(
        cities_known=bool(ca and cb), other_city=bool(ca and cb and ca != cb),
        locus=_locus(a, b), residence=residence,
        building=bool(residence and _agree(a.building, b.building) is not False),
        building_agrees=_agree(a.building, b.building), number=_agree(a.number, b.number),
        details=tuple(_agree(getattr(a, f), getattr(b, f))
                      for f in ("number", "building", "apartment", "floor")),
        places_ok=False not in (_same(a.quarter, b.quarter), _same(a.subdivision, b.subdivision),
                                residence),
        same_shape=all(bool(getattr(a, f)) == bool(getattr(b, f)) for f in _SHAPE),
        quarter=_same(a.quarter, b.quarter), subdivision=_same(a.subdivision, b.subdivision),
        street_named=bool(a.street),
    )


# The address ladder (issue 14: "comparison ladders declared as ordered tables of (label,
# predicate), not hand-written branches"): the first predicate that holds gives the level.
_LADDER: tuple[tuple[str, Callable[[_Facts], bool]], ...] = (
    ("different_city", lambda f: f.other_city),
    # the same building number in the same residence, but on two streets
    ("same_quarter", lambda f: f.door and f.locus is False and bool(f.quarter)),
    ("same_city", lambda f: f.door and f.locus is False),
    ("exact", lambda f: f.door and False not in f.details and f.same_shape and f.places_ok
     and f.cities_known),
    ("same_street_number", lambda f: f.door and False not in f.details[:2]),
    ("same_street", lambda f: f.door),
    # two known house numbers that differ: a neighbour (or a relative down the street), not the
    # same door; weaker evidence than a street whose number one side did not give
    ("same_street_other_number", lambda f: bool(f.locus) and f.number is False and not f.building),
    ("same_street", lambda f: bool(f.locus or f.building)),
    ("same_quarter", lambda f: bool(f.residence or f.quarter or (
        f.locus is False and f.street_named and f.subdivision))),
    ("same_city", lambda f: f.cities_known),
)


def _level(a: AddressParts, b: AddressParts) -> str:
    ca, cb = _city(a), _city(b)
    if ca and cb and ca != cb:
        # the ladder's first rung, decided before the street and quarter names are compared:
        # most parties a name search finds across the country live in another city (issue 17)
        return _LADDER[0][0]
    return _ladder_level(_facts(a, b))


def _ladder_level(facts: _Facts) -> str:
    return next((label for label, holds in _LADDER if holds(facts)), "unknown")


@lru_cache(maxsize=1 << 12)
def compare_addresses(a: str | None, b: str | None) -> AddressComparison:
    """Compare two addresses written any usual way (levels in the module docstring)."""
    level = _level(parse_address(a), parse_address(b))
    return AddressComparison(level, _SCORES[level])


_POSTCODE = re.compile(r"(?<!\d)\d{5}(?!\d)")


def _names_a_city(address: str, key: str) -> bool:
    """Does the address itself end with a known city (its whole last part an exact alias: not a
    look-alike quarter such as "Hay Mohammadi", nor "Hay Sala Al Jadida", a quarter of Salé) or
    carry a postcode of another city than ``key``?"""
    last = re.split(r"[,\-–]", address)[-1]
    if lookup_city(" ".join(w for w in fold(last).split() if not w.isdigit())):
        return True
    return any(city_from_postcode(code) not in (None, key) for code in _POSTCODE.findall(address))


@lru_cache(maxsize=1 << 15)
def address_with_city(address: str, city: str | None) -> str:
    """The address with the city a separate field gives for it (a portfolio's city column), unless
    the address already names a city of its own.

    Without it, the last part of "No 28, Lotissement Al Wifak, Alia" reads as a city ("Alia"),
    and the same door written "Nr 28 Lot. Al Wifak, Mohammedia" compared as another city.
    """
    if not city or not address.strip():
        return address
    key = normalize_city(city)
    if not key or parse_address(address).city == key or _names_a_city(address, key):
        return address
    return f"{address}, {city}"
