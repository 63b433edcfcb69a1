"""Canonical Moroccan city keys from spelling variants, Arabic names and postcodes.

The places are the gazetteer's (matching/gazetteer.py): every commune of Morocco from the HCP
census, with our variants and postcodes (matching/data/cities.yml) on top. A place the gazetteer
does not know keeps its folded spelling, so two records naming the same douar still agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from matching import gazetteer
from matching.text import fold, skeleton

_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_NOISE = {"ville", "de", "d", "province", "prefecture", "commune", "cercle", "wilaya", "maroc",
          "morocco", "المغرب", "مدينة", "tribunal", "commerce", "premiere", "instance", "du",
          "la", "le", "tc", "tpi"}


# A run of words inside a longer text is read as a curated city by its consonant skeleton only
# when the skeleton has four consonants or more: three ("klm", "rbt") are met by pieces of other
# place names ("El Kelaa M'Gouna" held Guelmim's "klm").
_MIN_RUN_SKELETON = 4


def city_from_postcode(code: str) -> str | None:
    """City key of a 5-digit postcode: exact code first, then the area prefix."""
    return gazetteer.key_from_postcode(code)


def lookup_city(phrase: str) -> str | None:
    """City key of an exact alias (folded), without fuzzy skeleton matching."""
    return gazetteer.key_of(phrase)


def find_city(words: list[str]) -> str | None:
    """The known city named by the longest run of ``words`` (folded), or None.

    Exact names first (the whole text, then the longest run of up to four words, the leftmost
    first); then consonant skeletons: the whole text against every commune, a run of words
    against the curated cities only (matching.gazetteer says why).
    """
    ix = gazetteer.index()
    whole = " ".join(words)
    if whole in ix.names:  # a name of five words or more (Sidi Slimane Moul Al Kifane)
        return ix.names[whole]
    for size in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if phrase in ix.names:
                return ix.names[phrase]
    if not words:
        return None
    by_skeleton = ix.whole_skeletons.get(skeleton(whole))
    if by_skeleton:
        return by_skeleton
    for size in range(min(3, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            sk = skeleton(" ".join(words[start:start + size]))
            if len(sk) >= _MIN_RUN_SKELETON and sk in ix.skeletons:
                return ix.skeletons[sk]
    return None


@lru_cache(maxsize=1 << 14)
def normalize_city(s: str | None) -> str | None:
    """Canonical city key (Casa, Dar El Beida, الدار البيضاء → "casablanca").

    Falls back to a postcode in the text, then to the folded spelling for unknown places;
    None when the text holds no letters and no known postcode.
    """
    if not s:
        return None
    exact = gazetteer.key_of(s)  # before the noise goes: Méchouar de Casablanca is a commune
    if exact:
        return exact
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


def is_known_city(key: str | None) -> bool:
    """Is ``key`` a commune of the gazetteer (not the folded spelling of an unknown place)?"""
    return bool(key) and key in gazetteer.index().by_key


def city_display(key: str) -> str | None:
    """French display name of a canonical city key (casablanca → Casablanca)."""
    return gazetteer.display(key)
