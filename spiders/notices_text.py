"""Shared pieces for reading French notice text: the vocabulary file, sentence-aware clause
cutting (abbreviations like "Bd." or "Imm." do not end a sentence), and city guessing."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# A clause ends at ";", at a sentence end (". " + capital, unless the word before the dot is an
# abbreviation), at " - " separating header parts, or before the next label of a notice.
_END = re.compile(r";|\.(?=\s+[A-ZÉÈÀÂ«\"(]|\s*$)|\s[-–]\s(?![A-ZÉ][\w'-]+(?:\s[A-Z][\w'-]+)?\s*(?:\.|$))"
                  r"|\s:\s|\n|\s+(?:RC|R\.C\.?)\s*(?:n°|N°|:|\d)"
                  r"|,\s*et\s+(?:de\s+|d')|,\s*(?:RC|R\.C|au capital|titulaire|porteur|CIN|C\.I\.N|de nationalit|"
                  r"n[ée]e? le|en qualit[ée]|a c[ée]d[ée]|pour une dur[ée]e|immatricul)")

_SENTENCE_END = re.compile(r"\.(?=\s+[A-ZÉ][a-zé]+\s)|;|\n")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    text = resources.files("spiders").joinpath("data/notices.yml").read_text("utf-8")
    return yaml.safe_load(text)


def any_of(patterns: list[str]) -> re.Pattern[str]:
    """Patterns of the vocabulary joined into one case-blind regex: it matches where one of
    them would (they use no group references), in one scan instead of one lookup and scan
    each; a regex that never matches for none (issue 17, session 23)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a.casefold() for a in vocabulary()["abbreviations"])


def clause(text: str, start: int, limit: int = 200) -> str:
    """The text from ``start`` to the end of its clause (at most ``limit`` characters)."""
    window = text[start:start + limit]
    pos = 0
    while True:
        match = _END.search(window, pos)
        if match is None:
            return window.strip(" ,:")
        if match.group(0) == "." and _word_before(window, match.start()) in _abbreviations():
            pos = match.end()
            continue
        return window[:match.start()].strip(" ,:")


def sentence(text: str, start: int, stop: int) -> str:
    """The text from ``start`` to the end of its sentence (or ``stop``), abbreviations kept."""
    body = text[start:stop]
    for match in _SENTENCE_END.finditer(body):
        if match.group(0).startswith(".") and _word_before(body, match.start()) in _abbreviations():
            continue
        return body[:match.start()]
    return body


def _word_before(text: str, end: int) -> str:
    match = re.search(r"([\w.]+)$", text[:end])
    return match.group(1).casefold() if match else ""


@lru_cache(maxsize=1)
def _street_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in vocabulary()["street_words"])


def city_of(address: str | None) -> str | None:
    """The city of an address written "…, City" or "City, …": the last comma part (else the
    first) made of one to three words, without digits and not starting with a street word."""
    if not address:
        return None
    parts = [re.sub(r"\b\d{5}\b", "", p).strip(" .()")
             for p in re.split(r",|\s[-–]\s|\(", address)]
    for part in [*reversed(parts[1:]), parts[0]]:
        words = part.split()
        if not 1 <= len(words) <= 3 or any(ch.isdigit() for ch in part):
            continue
        if words[0].casefold().rstrip(".") in _street_words() or not words[0][0].isupper():
            continue
        return part
    return None


def _fold_arabic(text: str) -> str:
    return (text.translate(str.maketrans("أإآىة", "ااايه")).replace("\u0640", "")
            .strip())


@lru_cache(maxsize=1)
def _courts_ar() -> dict[str, str]:
    text = resources.files("spiders").joinpath("data/courts_ar.yml").read_text("utf-8")
    return {_fold_arabic(k): v for k, v in yaml.safe_load(text)["courts"].items()}


def court_from_arabic(words: str) -> str | None:
    """The French name of a court's city written in Arabic ("بفاس" → "Fès"), the longest
    known name that starts the words (a glued "ب" before it dropped), else None."""
    folded = _fold_arabic(words)
    tokens = folded.split()
    for size in range(min(3, len(tokens)), 0, -1):
        phrase = " ".join(tokens[:size])
        for candidate in (phrase, phrase[1:] if phrase.startswith("ب") else None):
            if candidate and candidate in _courts_ar():
                return _courts_ar()[candidate]
    return None
