"""How the sandbox's search boxes read text: accent- and case-folded tokens, AND semantics.

The folding rules (abbreviations, city nicknames, words to ignore) are the server's own table,
data/search.yml, as a real site's search engine has its own; nothing here comes from matching/.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from skiptrace.sandbox.tables import load

_APOSTROPHES = re.compile(r"(?<=\w)['’`](?=\w)")
_WORD = re.compile(r"\w+")
_PLACE_UNITS = {"immeuble", "appartement", "etage", "bloc", "etg"}  # dropped with their number
_PLACE_WORDS = {"quartier"}  # gazetteers name the quartier without the word


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, str], list[tuple[str, str]], frozenset[str]]:
    data = load("search")
    phrases = sorted(data["phrases"].items(), key=lambda kv: -len(kv[0]))
    return dict(data["synonyms"]), phrases, frozenset(data["ignore"])


def fold(text: str) -> str:
    """Lower case without accents (Fès -> fes); Arabic letters kept, its diacritics dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _words(text: str, *, joined: bool) -> list[str]:
    synonyms, phrases, _ = _rules()
    folded = f" {fold(text)} "
    for phrase, replacement in phrases:
        if phrase in folded:
            folded = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", replacement, folded)
    out: list[str] = []
    for chunk in folded.split():
        glued = _APOSTROPHES.sub("", chunk)
        if joined:
            for part in dict.fromkeys([glued, *_WORD.findall(chunk)]):
                out.extend(_WORD.findall(part))
            compact = "".join(_WORD.findall(glued))
            if compact and compact not in out:
                out.append(compact)
        else:
            out.extend(_WORD.findall(glued))
    return [synonyms.get(w, w) for w in out]


def index_tokens(*texts: Any) -> str:
    """The tokens a record is found by, space-joined for the full-text index (set semantics)."""
    seen: dict[str, None] = {}
    for text in texts:
        if text is None:
            continue
        for word in _words(str(text), joined=True):
            seen.setdefault(word, None)
    return " ".join(seen)


def query_tokens(text: str | None, *, place: bool = False) -> list[str]:
    """The tokens a query must all match; meaningless words dropped (a place query also drops
    building/flat markers and their numbers, which no gazetteer knows)."""
    if not text:
        return []
    _, _, ignore = _rules()
    words = _words(text, joined=False)
    out: list[str] = []
    skip_next = False
    for word in words:
        if skip_next and word.isdigit():
            skip_next = False
            continue
        skip_next = place and word in _PLACE_UNITS
        if word in ignore or skip_next or (place and word in _PLACE_WORDS):
            continue
        if word not in out:
            out.append(word)
    return out


def identifier_token(value: str | None) -> str:
    """CIN / ICE as a single token: upper-case letters and digits only, folded like the index."""
    return "".join(ch for ch in fold(value or "") if ch.isalnum())
