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


_COMBINING = {cp: None for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))}
_COMPOUND = re.compile(r"\w+(?:-\w+)+")


def fold(text: str) -> str:
    """Lower case without accents (Fès -> fes); Arabic letters kept, its diacritics dropped."""
    return unicodedata.normalize("NFKD", text).translate(_COMBINING).casefold()


def _phrased(text: str) -> str:
    _, phrases, _ = _rules()
    folded = f" {fold(text)} "
    for phrase, replacement in phrases:
        if phrase in folded:
            folded = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", replacement, folded)
    return folded


def index_tokens(*texts: Any) -> str:
    """The tokens a record is found by, space-joined for the full-text index (set semantics):
    words with apostrophes glued (m'hamed -> mhamed) and split, hyphenated compounds both ways."""
    synonyms = _rules()[0]
    words: list[str] = []
    for text in texts:
        if text is None:
            continue
        folded = _phrased(str(text))
        glued = _APOSTROPHES.sub("", folded) if "'" in folded or "’" in folded else folded
        words += _WORD.findall(glued)
        if glued is not folded:
            words += _WORD.findall(folded)
        if "-" in glued:
            words += [c.replace("-", "") for c in _COMPOUND.findall(glued)]
    return " ".join(dict.fromkeys(synonyms.get(w, w) for w in words))


def query_tokens(text: str | None, *, place: bool = False) -> list[str]:
    """The tokens a query must all match; meaningless words dropped (a place query also drops
    building/flat markers and their numbers, which no gazetteer knows)."""
    if not text:
        return []
    _, _, ignore = _rules()
    synonyms = _rules()[0]
    words = [synonyms.get(w, w) for w in _WORD.findall(_APOSTROPHES.sub("", _phrased(text)))]
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


_TITLE_WORDS = re.compile(r"(?<!\w)(?:titre\s+foncier|t\s*\.?\s*f\s*\.?|n\s*°|nº|no|numero|الرسم\s+العقاري|عدد)(?!\w)")
_COURT_WORDS = {"tribunal", "commerce", "commercial", "premiere", "instance", "tc", "tpi", "rc", "du"}


def title_token(value: str | None) -> str:
    """A land title number as one token, its 'TF' / 'titre foncier' / 'n°' marks dropped:
    'TF n° 12345/C', 'T.F. 12345-C' and '12345/c' are all '12345c'."""
    return identifier_token(_TITLE_WORDS.sub(" ", fold(value or "")))


def court_key(court: str | None) -> str:
    """A court's name as one key (city nicknames folded: 'Tribunal de commerce de Casa' = 'casablanca')."""
    return "".join(w for w in query_tokens(court) if w not in _COURT_WORDS)


def rc_token(number: str | None, court: str | None) -> str:
    """An RC reference as one token, number and court together: an RC number is unique only
    within its court (DOMAIN.md §1.3), so neither alone is a key. Empty when either is missing."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit()).lstrip("0")
    key = court_key(court)
    return f"{digits}{key}" if digits and key else ""


def phone_token(value: str | None) -> str:
    """A Moroccan phone number in its national 10-digit form (0661234567), whatever the writing
    (+212 6 61…, 00212…, 06.61…); empty when it is not one."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    for prefix in ("00212", "212"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 9:
            digits = "0" + digits[len(prefix):]
    if len(digits) == 9 and digits[0] in "5678":
        digits = "0" + digits
    return digits if len(digits) == 10 and digits[0] == "0" else ""
