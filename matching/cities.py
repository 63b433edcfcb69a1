"""Canonical Moroccan city keys from spelling variants, Arabic names and postcodes.

The city table is matching/data/cities.yml (DOMAIN.md §6.2–6.3). A city not in the table keeps
its folded spelling, so two records naming the same small town still agree.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from matching.refdata import load
from matching.text import fold, skeleton

_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_NOISE = {"ville", "de", "d", "province", "prefecture", "commune", "cercle", "wilaya", "maroc",
          "morocco", "المغرب", "مدينة", "tribunal", "commerce", "premiere", "instance", "du",
          "la", "le", "tc", "tpi"}


@cache
def _aliases() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(folded alias → key, skeleton → key, exact postcode → key, 2-digit prefix → key)."""
    names: dict[str, str] = {}
    skels: dict[str, str | None] = {}
    codes: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for key, row in load("cities")["cities"].items():
        for alias in [key, row["fr"], row["ar"], *row.get("variants", [])]:
            names[fold(alias)] = key
            sk = skeleton(alias)
            if len(sk) >= 3:
                skels[sk] = key if skels.get(sk, key) == key else None
        codes.update({c: key for c in row.get("postcodes", [])})
        prefixes.update({p: key for p in row.get("prefixes", [])})
    return names, {k: v for k, v in skels.items() if v}, codes, prefixes


def city_from_postcode(code: str) -> str | None:
    """City key of a 5-digit postcode: exact code first, then the area prefix."""
    _, _, codes, prefixes = _aliases()
    code = code.strip()
    if not re.fullmatch(r"\d{5}", code):
        return None
    return codes.get(code) or prefixes.get(code[:2])


def lookup_city(phrase: str) -> str | None:
    """City key of an exact alias (folded), without fuzzy skeleton matching."""
    return _aliases()[0].get(fold(phrase))


def find_city(words: list[str]) -> str | None:
    """The known city named by the longest run of ``words`` (folded), or None."""
    names, skels, _, _ = _aliases()
    for size in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if phrase in names:
                return names[phrase]
    for size in range(min(3, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            sk = skeleton(" ".join(words[start:start + size]))
            if sk in skels:
                return skels[sk]
    return None


@lru_cache(maxsize=1 << 14)
def normalize_city(s: str | None) -> str | None:
    """Canonical city key (Casa, Dar El Beida, الدار البيضاء → "casablanca").

    Falls back to a postcode in the text, then to the folded spelling for unknown places;
    None when the text holds no letters and no known postcode.
    """
    if not s:
        return None
    words = [w for w in fold(s).split() if w not in _NOISE and not w.isdigit()]
    found = find_city(words)
    if found:
        return found
    for code in _POSTCODE.findall(fold(s)):
        city = city_from_postcode(code)
        if city:
            return city
    text = " ".join(w for w in words if any(c.isalpha() for c in w))
    return text or None


def city_display(key: str) -> str | None:
    """French display name of a canonical city key (casablanca → Casablanca)."""
    row = load("cities")["cities"].get(key)
    return row["fr"] if row else None
