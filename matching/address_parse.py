"""Cut a Moroccan address into its parts (number, street, quarter, subdivision, residence, ...).

Keywords (matching/address_words.py) open a part; commas and keywords both end one. A
number before a street type is the street number ("12, Rue 7"); a 5-digit number is the
postcode; a known city at the end of the last part is split off; an unlabelled last part is
taken as the city, other unlabelled parts as the quarter (after a street) or the street (after
a bare number). A lotissement, cité or secteur is a ``subdivision``, kept apart from the
quarter (both are common: "Lotissement Annour, Quartier Marchan"). Province, region and country
(geocoder display names) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from matching.address_words import Chunk, chunks, number_suffixes, trim
from matching.cities import city_from_postcode, find_city, lookup_city, normalize_city

_POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True, slots=True)
class AddressParts:
    """The parts of an address; every part folded, None when absent."""

    number: str | None = None
    street_type: str | None = None
    street: str | None = None
    quarter: str | None = None
    residence: str | None = None
    building: str | None = None
    apartment: str | None = None
    floor: str | None = None
    city: str | None = None
    postcode: str | None = None
    raw: str = ""
    subdivision: str | None = None


@lru_cache(maxsize=1 << 15)
def parse_address(s: str | None) -> AddressParts:
    """Parse an address written the usual Moroccan ways (French or Arabic keywords).

    Cached (the parts are frozen): a record's address is parsed when it is described and again
    in every comparison, and the debtor's once per candidate — two of every three parses on a
    10^5 store repeated one already made.
    """
    found: dict[str, str] = {}
    cut = [(part, value, _take_postcode(words, found)) for part, value, words in chunks(s or "")
           if part != "ignore"]
    cut = [c for c in cut if c[0] is not None or c[2]]
    _split_final_city(cut, found)
    loose: list[tuple[list[str], bool]] = []
    for index, (part, value, words) in enumerate(cut):
        if part is None and index == len(cut) - 1 and index > 0 and words:
            found.setdefault("city", find_city(words) or normalize_city(" ".join(words)) or "")
        elif part is None:
            _loose(words, found, loose)
        elif part == "street_type":
            found.setdefault("street_type", value or "")
            if words:
                found.setdefault("street", " ".join(words))
        elif part in ("number", "km"):
            prefix = "km" if part == "km" else ""
            if words and words[0][0].isdigit():
                found.setdefault("number", prefix + _number(words))
            _loose(words, found, loose, numbered=True)
        elif part == "city" and words == ["nouvelle"]:
            found.setdefault("quarter", "ville nouvelle")  # a quarter in most cities, not a city
        elif part == "city":
            found.setdefault("city", normalize_city(" ".join(words)) or "")
        elif words:
            found.setdefault(part, " ".join(words))
    _place_loose(loose, found)
    return AddressParts(raw=s or "", **found)


def _number(words: list[str]) -> str:
    """Pop the house number and its suffix ("12 bis" → "12bis") from the front of ``words``."""
    number = words.pop(0)
    if words and words[0] in number_suffixes():
        number += words.pop(0)
    return number


def _take_postcode(words: list[str], found: dict[str, str]) -> list[str]:
    codes = [w for w in words if _POSTCODE.match(w)]
    if codes:
        found.setdefault("postcode", codes[-1])
        return [w for w in words if not _POSTCODE.match(w)]
    return words


def _split_final_city(chunks: list[Chunk], found: dict[str, str]) -> None:
    """A known city closing the last part ("... Hay Riad Rabat 10000") is the city."""
    for _, _, words in reversed(chunks):
        if not words:
            continue
        for size in (3, 2, 1):
            tail = words[-size:]
            before = words[-size - 1] if len(words) > size else ""
            city = lookup_city(" ".join(tail)) if len(words) > size else None
            if city and before not in ("de", "d", "du"):
                found["city"] = city
                del words[-size:]
                trim(words)
                return
        return


def _loose(words: list[str], found: dict[str, str], loose: list[tuple[list[str], bool]],
           numbered: bool = False) -> None:
    """Keep an unlabelled run; a leading bare number is the house number ("29 Al Farabi")."""
    if words and words[0][0].isdigit() and "number" not in found and (
            len(words) == 1 or words[0].isdigit()):
        found["number"] = _number(words)
        numbered = True
    if words:
        loose.append((words, numbered))


def _place_loose(loose: list[tuple[list[str], bool]], found: dict[str, str]) -> None:
    """Unlabelled parts: a known city; after a bare number the street; else quarter, street."""
    for words, numbered in loose:
        text = " ".join(words)
        city = lookup_city(text)
        if city and "city" not in found:
            found["city"] = city
        elif numbered and "street" not in found and "subdivision" not in found:
            found["street"] = text
        elif "quarter" not in found:
            found["quarter"] = text
        elif "street" not in found:
            found["street"] = text
    if "city" not in found and "postcode" in found:
        city = city_from_postcode(found["postcode"])
        if city:
            found["city"] = city
    for key in [k for k, v in found.items() if not v]:
        del found[key]
