"""Cut a Moroccan address into its parts (number, street, quarter, residence, building, ...).

Keywords (matching/data/address_words.yml) open a part; commas and keywords both end one. A
number before a street type is the street number ("12, Rue 7"); a 5-digit number is the
postcode; a known city at the end of the last part is split off; an unlabelled last part is
taken as the city. Short keywords that are also words ("r", "et", "n", "no") only count where
they are followed by what they introduce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from matching.cities import city_from_postcode, find_city, lookup_city, normalize_city
from matching.refdata import load
from matching.text import fold

_POSTCODE = re.compile(r"^\d{5}$")
_SEGMENTS = re.compile(r"[,;\n]+|\s-\s")
_CONJUNCTIONS = frozenset({"et", "and", "و"})
_NEEDS_FOLLOWER = {"r", "et", "n", "no", "nr", "app", "pl", "lot", "qu", "bat", "ent"}


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


@cache
def keywords() -> dict[tuple[str, ...], tuple[str, str]]:
    """Folded keyword token sequence → (part, canonical value)."""
    data = load("address_words")
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for canon, words in data["street_types"].items():
        table |= {tuple(fold(w).split()): ("street_type", canon) for w in words}
    for part in ("quarters", "residence", "building", "apartment", "floor", "number", "km", "city",
                 "ignore"):
        name = "quarter" if part == "quarters" else part
        table |= {tuple(fold(w).split()): (name, name) for w in data[part]}
    return table


def _keyword_at(words: list[str], i: int) -> tuple[int, str, str] | None:
    for size in (2, 1):
        seq = tuple(words[i:i + size])
        hit = keywords().get(seq) if len(seq) == size else None
        if hit is None:
            continue
        nxt = words[i + size] if i + size < len(words) else ""
        if seq[0] in _NEEDS_FOLLOWER and (not nxt or (hit[0] in ("number", "floor") and not nxt[0].isdigit())):
            continue
        return size, hit[0], hit[1]
    return None


def _chunks(segment: str) -> list[tuple[str | None, str | None, list[str]]]:
    """(part, keyword value, words) runs of one comma-separated segment."""
    words = fold(segment).split()
    out: list[tuple[str | None, str | None, list[str]]] = [(None, None, [])]
    i = 0
    while i < len(words):
        hit = _keyword_at(words, i)
        if hit is not None:
            size, part, value = hit
            out.append((part, value, []))
            i += size
            continue
        out[-1][2].append(words[i])
        i += 1
    for _, _, run in out:
        _trim(run)
    return [c for c in out if c[0] is not None or c[2]]


def _trim(run: list[str]) -> None:
    """Drop conjunctions left at either end of a run ("Angle Bd Anfa et ...")."""
    while run and run[-1] in _CONJUNCTIONS:
        run.pop()
    while run and run[0] in _CONJUNCTIONS:
        run.pop(0)


def parse_address(s: str | None) -> AddressParts:
    """Parse an address written the usual Moroccan ways (French or Arabic keywords)."""
    found: dict[str, str] = {}
    chunks = [c for seg in _SEGMENTS.split(s or "") for c in _chunks(seg)]
    _split_final_city(chunks, found)
    loose: list[list[str]] = []
    for index, (part, value, words) in enumerate(chunks):
        words = _take_postcode(words, found)
        if part is None and index == len(chunks) - 1 and index > 0 and words:
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
                found.setdefault("number", prefix + words.pop(0))
            _loose(words, found, loose)
        elif part == "city":
            found.setdefault("city", normalize_city(" ".join(words)) or "")
        elif part != "ignore" and words:
            found.setdefault(part, " ".join(words))
    _place_loose(loose, found)
    return AddressParts(raw=s or "", **found)


def _take_postcode(words: list[str], found: dict[str, str]) -> list[str]:
    codes = [w for w in words if _POSTCODE.match(w)]
    if codes:
        found.setdefault("postcode", codes[-1])
    return [w for w in words if not _POSTCODE.match(w)]


def _split_final_city(chunks: list[tuple[str | None, str | None, list[str]]],
                      found: dict[str, str]) -> None:
    """A known city closing the last part ("... Hay Riad Rabat 10000") is the city."""
    for _, _, words in reversed(chunks):
        words[:] = _take_postcode(words, found)
        if not words:
            continue
        for size in (3, 2, 1):
            tail = words[-size:]
            before = words[-size - 1] if len(words) > size else ""
            city = lookup_city(" ".join(tail)) if len(words) > size else None
            if city and before not in ("de", "d", "du"):
                found["city"] = city
                del words[-size:]
                _trim(words)
                return
        return


def _loose(words: list[str], found: dict[str, str], loose: list[list[str]]) -> None:
    if words and words[0].isdigit() and "number" not in found and len(words) == 1:
        found["number"] = words[0]
    elif words:
        loose.append(words)


def _place_loose(loose: list[list[str]], found: dict[str, str]) -> None:
    """Unlabelled parts: a known city, else the street, then the quarter."""
    for words in loose:
        city = lookup_city(" ".join(words))
        if city and "city" not in found:
            found["city"] = city
        elif "street" not in found:
            found["street"] = " ".join(words)
        elif "quarter" not in found:
            found["quarter"] = " ".join(words)
    if "city" not in found and "postcode" in found:
        city = city_from_postcode(found["postcode"])
        if city:
            found["city"] = city
    for key in [k for k, v in found.items() if not v]:
        del found[key]
