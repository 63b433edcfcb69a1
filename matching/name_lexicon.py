"""Lookups into the given-name and name-marker tables (matching/data/given_names.yml,
name_markers.yml), built once into dicts so the per-pair hot path is a dict lookup.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TypedDict

from matching.refdata import load
from matching.text import fold

#: a Latin sun consonant at the start of a word (the article assimilates before it)
SUN_UNIT = re.compile(r"^(ch|th|dh|sh|[tdrzsnl])")

#: key returned for nicknames of the Abd- family (Abdo, Abdou)
ABD_FAMILY = "abd"


@cache
def _groups() -> dict[str, str]:
    """spelling → canonical key."""
    table: dict[str, str] = {}
    for key, spellings in load("given_names")["groups"].items():
        for spelling in [key, *spellings]:
            table[fold(spelling).replace(" ", "")] = key
    return table


@cache
def _weak_pairs() -> frozenset[frozenset[str]]:
    data = load("given_names")
    pairs = {frozenset(p) for p in data["weak"]}
    pairs |= {frozenset((k, v)) for k, v in data["short_forms"].items()}
    return frozenset(pairs)


@cache
def nicknames() -> dict[str, str]:
    """nickname → canonical key (Simo → mohamed)."""
    return dict(load("given_names")["nicknames"])


@cache
def compounds() -> dict[tuple[str, str], str]:
    """(key, key) written apart → compound key (fatima, zahra → fatimazahra)."""
    return {(a, b): c for a, b, c in load("given_names")["compounds"]}


class Markers(TypedDict):
    """matching/data/name_markers.yml, keys folded: spelling → canonical word (or role)."""

    particles: dict[str, str]
    honorifics: dict[str, str]
    titles: dict[str, str]
    kinship: dict[str, str]  # "fils de" → "father"
    articles: frozenset[str]
    abd: frozenset[str]
    fused_article_exceptions: frozenset[str]


@cache
def markers() -> Markers:
    """The name_markers table with folded keys."""
    data = load("name_markers")

    def folded(section: str) -> dict[str, str]:
        return {fold(k): str(v) for k, v in data[section].items()}

    return Markers(
        particles=folded("particles"), honorifics=folded("honorifics"), titles=folded("titles"),
        kinship=folded("kinship"), articles=frozenset(fold(a) for a in data["articles"]),
        abd=frozenset(fold(a) for a in data["abd"]),
        fused_article_exceptions=frozenset(data["fused_article_exceptions"]),
    )


@cache
def compound_parts() -> dict[str, tuple[str, str]]:
    """compound key → its two parts (fatimazahra → (fatima, zahra))."""
    return {c: (a, b) for (a, b), c in compounds().items()}


def group_key(spelling: str) -> str | None:
    """Variant-group key of one folded spelling, None when the name is not in the table."""
    return _groups().get(spelling.replace(" ", ""))


@lru_cache(maxsize=1 << 15)
def given_key(spelling: str) -> tuple[str, bool]:
    """(key, is_nickname) of one folded token: the variant group, the nickname's target, or itself."""
    key = group_key(spelling)
    if key is not None:
        return key, False
    target = nicknames().get(spelling)
    if target is not None:
        return target, True
    if spelling.startswith(ABD_FAMILY) and len(spelling) > 5:
        return _generic_abd(spelling), False
    return spelling, False


def _generic_abd(spelling: str) -> str:
    """Abd- names missing from the table: abdul/abdal/abde+doubled → abdel (abdulwahab → abdelwahab)."""
    rest = spelling[3:]
    for article in ("oul", "ul", "al", "el"):
        if rest.startswith(article):
            return "abdel" + rest[len(article):]
    if len(rest) > 2 and rest[0] in "aeu" and rest[1] == rest[2]:
        return "abdel" + rest[2:]
    return spelling


def is_known_given(key: str) -> bool:
    """True when ``key`` is a variant-group key (a name we know is a given name)."""
    return key in load("given_names")["groups"] or key == ABD_FAMILY


def weakly_linked(a: str, b: str) -> bool:
    """True when two different keys are often confused (M'hamed / Mohamed, Hamid / Abdelhamid)."""
    if ABD_FAMILY in (a, b):
        other = b if a == ABD_FAMILY else a
        return other.startswith(ABD_FAMILY)
    return frozenset((a, b)) in _weak_pairs()


@lru_cache(maxsize=1 << 15)
def strip_article(token: str) -> str:
    """A canonical token without its glued article: elalami → alami, ezzahra → zahra."""
    if token.startswith("ال") and len(token) > 3:
        return token[2:]
    sun = SUN_UNIT.match(token[1:]) if token.startswith("e") else None
    if sun and token[1:].startswith(sun.group() * 2) and len(token) > 2 * len(sun.group()) + 2:
        return token[1 + len(sun.group()):]
    exceptions = markers()["fused_article_exceptions"]
    if token.startswith("el") and len(token) > 4 and token not in exceptions:
        return token[2:]
    return token


_VOWELS = frozenset("aeiouy")
_AIT = "ait"


def without_ait(token: str) -> str | None:
    """A folded Latin family name glued to Aït ("sons of", DOMAIN §7.2) without it and its
    article (aitouahmane → ouahmane, aitelhaj → haj), or None when the token has no Aït or
    what is left is short or a given name (aitali: Ali is not a family name on its own).
    Records write one family "AIT OUAHMANE" and "OUAHMANE"; the particle dropped is weaker
    evidence than an article dropped, and the comparison says so (``skeleton``)."""
    if not token.startswith(_AIT) or len(token) < len(_AIT) + 4:
        return None
    rest = strip_article(token[len(_AIT):])
    if len(rest) < 4 or is_known_given(given_key(rest)[0]) or rest in nicknames():
        return None
    return rest


def w_for_ou(token: str) -> str:
    """A folded Latin token with a leading French "ou" before a vowel written "w": Ouazzani and
    Wazzani, Oualid and Walid are one spelling choice (DOMAIN §7.2: French orthography writes
    `ou` for /w/), not two names."""
    if token.startswith("ou") and len(token) > 3 and token[2] in _VOWELS:
        return "w" + token[2:]
    return token
