"""Cut a Moroccan address into its parts (number, street, quarter, subdivision, residence, ...).

Keywords (matching/data/address_words.yml) open a part; commas and keywords both end one. A
number before a street type is the street number ("12, Rue 7"); a 5-digit number is the
postcode; a known city at the end of the last part is split off; an unlabelled last part is
taken as the city, other unlabelled parts as the quarter (after a street) or the street (after
a bare number). A lotissement, cité or secteur is a ``subdivision``, kept apart from the
quarter (both are common: "Lotissement Annour, Quartier Marchan"). Region names and the country
(geocoder display names) are dropped. Short keywords that are also words ("r", "et", "n", "no",
"q") only count where they are followed by what they introduce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from matching.cities import city_from_postcode, find_city, lookup_city, normalize_city
from matching.refdata import load
from matching.text import fold

_POSTCODE = re.compile(r"^\d{5}$")
_SEGMENTS = re.compile(r"[,;/|\n]+|\s[-–]\s")
_TIFINAGH = re.compile(r"[\u2d30-\u2d7f]+")
_CONJUNCTIONS = frozenset({"et", "and", "و"})
_NEEDS_FOLLOWER = {"r", "et", "n", "no", "nr", "app", "pl", "lot", "qu", "q", "bat", "ent"}

Chunk = tuple[str | None, str | None, list[str]]


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


@cache
def keywords() -> dict[tuple[str, ...], tuple[str, str]]:
    """Folded keyword token sequence → (part, canonical value)."""
    data = load("address_words")
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for canon, words in data["street_types"].items():
        table |= {tuple(fold(w).split()): ("street_type", canon) for w in words}
    for part in ("quarters", "subdivision", "residence", "building", "apartment", "floor",
                 "number", "km", "city", "ignore"):
        name = "quarter" if part == "quarters" else part
        table |= {tuple(fold(w).split()): (name, name) for w in data[part]}
    return table


@cache
def _suffixes() -> frozenset[str]:
    return frozenset(load("address_words")["number_suffixes"])


@cache
def _regions() -> tuple[re.Pattern[str], frozenset[str]]:
    """(pattern of multi-word region names, single-word names dropped only as a whole part)."""
    names = {fold(n) for row in load("cities")["regions"] for n in row}
    multi = sorted((n for n in names if " " in n), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, multi)) + r")\b")
    return pattern, frozenset(n for n in names if " " not in n)


def _segments(s: str) -> list[list[str]]:
    """Folded words of each comma-separated part, with region names cut out as separators."""
    pattern, single = _regions()
    out = []
    for seg in _SEGMENTS.split(s):
        for piece in pattern.split(_TIFINAGH.sub(" ", fold(seg))):
            words = piece.split()
            if words and " ".join(words) not in single:
                out.append(words)
    return out


def _keyword_at(words: list[str], i: int) -> tuple[int, str, str] | None:
    for size in (2, 1):
        seq = tuple(words[i:i + size])
        hit = keywords().get(seq) if len(seq) == size else None
        if hit is None:
            continue
        nxt = words[i + size] if i + size < len(words) else ""
        if seq == ("lot",) and nxt[:1].isdigit():
            return size, "number", "number"  # "Lot 45, ZI ...": a lot number
        if seq[0] in _NEEDS_FOLLOWER and (not nxt or (hit[0] in ("number", "floor") and not nxt[0].isdigit())):
            continue
        return size, hit[0], hit[1]
    return None


def _chunks(words: list[str]) -> list[Chunk]:
    """(part, keyword value, words) runs of one comma-separated segment."""
    out: list[Chunk] = [(None, None, [])]
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
    chunks = [c for seg in _segments(s or "") for c in _chunks(seg)]
    chunks = [(part, value, _take_postcode(words, found)) for part, value, words in chunks
              if part != "ignore"]
    chunks = [c for c in chunks if c[0] is not None or c[2]]
    _split_final_city(chunks, found)
    loose: list[tuple[list[str], bool]] = []
    for index, (part, value, words) in enumerate(chunks):
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
                found.setdefault("number", prefix + _number(words))
            _loose(words, found, loose, numbered=True)
        elif part == "city":
            found.setdefault("city", normalize_city(" ".join(words)) or "")
        elif words:
            found.setdefault(part, " ".join(words))
    _place_loose(loose, found)
    return AddressParts(raw=s or "", **found)


def _number(words: list[str]) -> str:
    """Pop the house number and its suffix ("12 bis" → "12bis") from the front of ``words``."""
    number = words.pop(0)
    if words and words[0] in _suffixes():
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
                _trim(words)
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
