"""Vehicle registration plates: ``serial | Arabic letter | region`` (since 2000), older
``serial-series | region`` plates, and WW provisional registrations.

Canonical forms: ``"12345-أ-6"``, old ``"1234-56-7"``, provisional ``"WW-123456"``. A Latin
letter typed for the Arabic one is mapped back (A→أ, B→ب, D→د, H→ه, E→و, T→ط, Y→ي; DOMAIN.md
§3.1); a plate written right-to-left (region first) is put back in order; region codes outside
1–89 (1–9 for old plates) are rejected. STRONG is False: a plate identifies a vehicle, and
owners change.

>>> validate("12345 | A | 6")
'12345-أ-6'
>>> validate("6-ب-987") == validate("987 | ب | 6")
True
>>> validate("1234-56 | 7")
'1234-56-7'
>>> validate("ww 123456")
'WW-123456'
>>> is_valid("12345 | أ | 95")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matching.identifiers._base import InvalidFormat, quietly
from matching.refdata import load
from matching.text import fold

NAME = "plate"
TITLE = "Plate"
STRONG = False

_MODERN = re.compile(r"^(\d{1,5}) ?([a-z\u0600-\u06ff]) ?(\d{1,5})$")
_OLD = re.compile(r"^(\d{1,4}) (\d{1,2}) (\d)$")
_WW = re.compile(r"^(ww|w18) ?(\d{1,6})$")


@dataclass(frozen=True, slots=True)
class Plate:
    """A parsed plate: kind is "modern", "old" or "provisional"."""

    kind: str
    serial: str
    letter: str | None = None
    region: int | None = None
    series: str | None = None


def _letter(ch: str) -> str:
    table = load("plates")
    if ch.isascii():
        mapped = table["latin_to_arabic"].get(ch.upper())
        if mapped is None:
            raise InvalidFormat(f"no Arabic plate letter for {ch.upper()!r}")
        return str(mapped)
    return str(table["arabic_fold"].get(ch, ch))


def _region(code: str, maximum: int) -> int:
    region = int(code)
    if not load("plates")["region_min"] <= region <= maximum:
        raise InvalidFormat(f"plate region code {region} out of range")
    return region


def parse(value: object) -> Plate:
    """Read a plate in any usual writing; raise InvalidFormat."""
    text = fold(str(value)) if value is not None else ""
    if m := _WW.match(text):
        return Plate("provisional", m.group(2), letter=m.group(1).upper())
    if m := _OLD.match(text):
        return Plate("old", m.group(1).lstrip("0") or "0", series=m.group(2),
                     region=_region(m.group(3), load("plates")["old_region_max"]))
    text = text.replace(" ", "") if len(text.replace(" ", "")) <= 8 else text
    m = _MODERN.match(text) or _MODERN.match(_spaced(text))
    if m is None:
        raise InvalidFormat("a plate reads '<serial> | <letter> | <region>'")
    serial, letter, region = m.groups()
    if len(serial) <= 2 < len(region):
        serial, region = region, serial
    if len(region) > 2:
        raise InvalidFormat("a plate region code has 1 or 2 digits")
    return Plate("modern", serial.lstrip("0") or "0", _letter(letter),
                 _region(region, load("plates")["region_max"]))


def _spaced(text: str) -> str:
    return re.sub(r"(?<=\d)(?=\D)|(?<=\D)(?=\d)", " ", text)


def compact(value: object) -> str:
    """Canonical plate string (raises like ``parse``)."""
    p = parse(value)
    if p.kind == "provisional":
        return f"{p.letter}-{p.serial}"
    if p.kind == "old":
        return f"{p.serial}-{p.series}-{p.region}"
    return f"{p.serial}-{p.letter}-{p.region}"


def validate(value: object) -> str:
    """Canonical plate or raise InvalidFormat."""
    return compact(value)


def is_valid(value: object) -> bool:
    """True when ``validate`` accepts the value."""
    return normalize(value) is not None


def normalize(value: object) -> str | None:
    """Canonical plate or None; never raises."""
    return quietly(compact, value)


def format(value: object) -> str:
    """Display form with bars: "12345 | أ | 6"."""
    p = parse(value)
    if p.kind == "modern":
        return f"{p.serial} | {p.letter} | {p.region}"
    return compact(value)


def region_name(value: object) -> str | None:
    """Prefecture/province of a modern plate when the code is in the table, else None."""
    p = parse(value) if normalize(value) else None
    if p is None or p.kind != "modern":
        return None
    region: str | None = load("plates")["regions"].get(p.region)
    return region
