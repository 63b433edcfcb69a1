"""Words of a Moroccan address, labelled: which run of words is a street type, a quarter...

Splits an address at commas (and at region names, which geocoders print after the city),
rewrites shorthands keywords cannot see ("n12", "2ème étage", "RDC", "B.P. 12"), then cuts
each part into runs opened by keywords from matching/data/address_words.yml. Short keywords
that are also words ("r", "et", "n", "no", "q") only count where they are followed by what
they introduce. Every table is read once per process.
"""

from __future__ import annotations

import re
from functools import cache

from matching.refdata import load
from matching.text import fold

_SEGMENTS = re.compile(r"[,;/|\n]+|\s[-–]\s")
_TIFINAGH = re.compile(r"[\u2d30-\u2d7f]+")
_CONJUNCTIONS = frozenset({"et", "and", "و"})
_GLUED_NUMBER = re.compile(r"^(n|no|nr)(\d+)$")  # "n12", "No.12" folded without its space
_ORDINAL = re.compile(r"^(\d+)(?:er|ere|eme|em|e|th)$")  # "2ème étage", "1er étage"
_NEEDS_FOLLOWER = {"r", "et", "n", "no", "nr", "app", "pl", "lot", "qu", "q", "bat", "ent"}

Chunk = tuple[str | None, str | None, list[str]]


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
def number_suffixes() -> frozenset[str]:
    """Letters that belong to the house number before them (12 bis)."""
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
        folded = fold(seg)
        if not folded:
            continue
        for piece in pattern.split(_TIFINAGH.sub(" ", folded)) if " " in folded else (folded,):
            words = _spell_out(piece.split())
            if words and " ".join(words) not in single:
                out.append(words)
    return out


@cache
def _spellings() -> tuple[dict[tuple[str, ...], list[str]], frozenset[str]]:
    """(word run → what it stands for, e.g. rez de chaussee → etage 0; words to drop).

    A post-office box ("B.P. 1234") stands for nothing: its run maps to no words, and the
    number after it is dropped too.
    """
    data = load("address_words")
    runs = {tuple(fold(k).split()): fold(v).split() for k, v in data["spell_out"].items()}
    runs |= {tuple(fold(k).split()): [] for k in data["postbox"]}
    return runs, frozenset(fold(w) for w in data["drop"])


@cache
def _special() -> frozenset[str]:
    """Words that open a shorthand run or are dropped: the only ones _spell_out must look at."""
    runs, drop = _spellings()
    return frozenset(run[0] for run in runs) | drop


def _plain(word: str) -> bool:
    return word not in _special() and (word.isdigit() or not (word[0].isdigit() or word[-1].isdigit()))


def _spell_out(words: list[str]) -> list[str]:
    """Undo the shorthands keywords cannot see: "n12", "2ème étage", "RDC", "CP", "BP 12"."""
    if all(_plain(w) for w in words):
        return words
    runs, drop = _spellings()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        run = next((r for r in (tuple(words[i:i + 3]), tuple(words[i:i + 2]), (word,))
                    if r in runs), None)
        glued, ordinal = _GLUED_NUMBER.match(word), _ORDINAL.match(word)
        if run is not None:
            out += runs[run]
            i += len(run)
            if not runs[run] and i < len(words) and words[i].isdigit():
                i += 1  # the box number
            continue
        if glued:
            out += [glued[1], glued[2]]
        elif ordinal and keywords().get((nxt,), ("",))[0] == "floor":
            out += [nxt, ordinal[1]]
            i += 1
        elif word not in drop:
            out.append(word)
        i += 1
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
        trim(run)
    return [c for c in out if c[0] is not None or c[2]]


def trim(run: list[str]) -> None:
    """Drop conjunctions left at either end of a run ("Angle Bd Anfa et ...")."""
    while run and run[-1] in _CONJUNCTIONS:
        run.pop()
    while run and run[0] in _CONJUNCTIONS:
        run.pop(0)


def chunks(s: str) -> list[Chunk]:
    """(part, keyword value, words) runs of the whole address, in order."""
    return [c for seg in _segments(s) for c in _chunks(seg)]
