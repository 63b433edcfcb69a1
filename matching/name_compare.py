"""Compare two parsed person names as ordered levels (strongest first).

Levels, as ``NameComparison.level``:

- ``exact``: the same canonical tokens, in any order (lists print NOM Prénom or Prénom NOM);
- ``variant``: equal after spelling-variant groups and article folding
  (Mohammed / Mohamed, Abd El Kader / Abdelkader, El Idrissi / Idrissi, محمد / Mohamed);
- ``skeleton``: consonant skeletons equal (an unlisted spelling, Latin against Arabic);
- ``fuzzy_high`` / ``fuzzy_low``: every token paired, Jaro-Winkler ≥ 0.92 / ≥ 0.80;
- ``nickname``: a nickname or short form on one side for the other's given name (Simo /
  Mohamed, Fati / Fatima: DOMAIN §7.2b) — the same name, written the familiar way;
- ``initial``: an initial against a full given name (M. ALAOUI / ALAOUI Mohamed);
- ``extra_given``: every token of one name agreeing while the other has one more given name
  (Mohamed Amine ALAOUI / Mohamed ALAOUI — brothers look like this too);
- ``weak_variant``: related but different names (M'hamed / Mohamed, Hamid / Abdelhamid), a
  given name alone against a full name;
- ``surname_only``: the surname agrees and one side has no given name;
- ``different``: some token on each side has no counterpart (Mohamed ALAOUI / Ahmed ALAOUI),
  or initials contradict;
- ``unknown``: a side has no name tokens.

A name level is never proof of identity: a son often bears his father's exact name. Birth
dates, identifiers and the father's name (``PersonName.father``) decide elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from matching import name_lexicon as lex
from matching.person_name import PersonName
from matching.text import (
    arabic_final_letters,
    arabic_vowel_pattern,
    arabic_vowels_fit,
    fold,
    is_arabic,
    skeleton,
    transliterate_arabic,
    vowels_compatible,
)
from matching.thresholds import value

LEVELS = ("exact", "variant", "nickname", "skeleton", "fuzzy_high", "fuzzy_low", "initial",
          "extra_given", "weak_variant", "surname_only", "different", "unknown")

EXACT, VARIANT, NICK, SKELETON, FUZZY, WEAK, NONE = range(7)
FUZZY_HIGH, FUZZY_LOW = value("person_name", "fuzzy_high"), value("person_name", "fuzzy_low")
_VOWELS_JW, _VOWELS_JW_SHORT = (value("person_name", "skeleton_vowels"),
                                value("person_name", "skeleton_vowels_short"))
_LEVEL_SCORE = {"exact": 1.0, "variant": 0.95, "nickname": 0.92, "skeleton": 0.9,
                "weak_variant": 0.6, "initial": 0.7, "extra_given": 0.7, "surname_only": 0.5,
                "unknown": 0.0, "different": 0.0}


@dataclass(frozen=True, slots=True)
class NameComparison:
    """A comparison level, a similarity in 0..1 and a short reason for the explanation."""

    level: str
    score: float
    detail: str


def _latin(token: str) -> str:
    return transliterate_arabic(token) if is_arabic(token) else token


@lru_cache(maxsize=1 << 16)
def token_relation(x: str, y: str) -> tuple[int, float]:
    """(rank, similarity) of two canonical tokens; lower rank is stronger."""
    if x == y:
        return EXACT, 1.0
    kx, nick_x = lex.given_key(x)
    ky, nick_y = lex.given_key(y)
    if kx == ky:
        return (NICK, 0.92) if nick_x != nick_y else (VARIANT, 0.95)
    bx, by = lex.strip_article(x), lex.strip_article(y)
    if bx == by or lex.given_key(bx)[0] == lex.given_key(by)[0]:
        return VARIANT, 0.95
    if lex.w_for_ou(bx) == lex.w_for_ou(by):
        return VARIANT, 0.95  # Ouazzani / Wazzani, Oualid / Walid: French "ou" for /w/
    if is_arabic(x) and is_arabic(y) and _arabic_spelling(bx) == _arabic_spelling(by):
        return VARIANT, 0.95  # فاطمة / فاطمه, مصطفى / مصطفي: one name, two final letters
    if _ait_dropped(bx, by) or _ait_dropped(by, bx):
        return SKELETON, 0.9  # AIT OUAHMANE / OUAHMANE: the family without its Aït
    if lex.weakly_linked(kx, ky):
        return WEAK, 0.6
    if (nick_x or lex.is_known_given(kx)) and (nick_y or lex.is_known_given(ky)):
        return NONE, 0.0
    jw = JaroWinkler.normalized_similarity(fold(_latin(bx)), fold(_latin(by)))
    if any(skeleton(rx) and skeleton(rx) == skeleton(ry) and _vowels_fit(rx, ry, jw)
           for rx in _final_readings(bx) for ry in _final_readings(by)):
        return SKELETON, 0.9
    return (FUZZY, jw) if jw >= FUZZY_LOW else (NONE, jw)


def _ait_dropped(x: str, y: str) -> bool:
    """``x`` is ``y`` with Aït before it (aitouahmane / ouahmane, aittaleb / ettaleb)."""
    rest = lex.without_ait(x)
    return rest is not None and lex.w_for_ou(rest) == lex.w_for_ou(lex.strip_article(y))


_FINAL_READINGS = {typed: letter for letter, typed in arabic_final_letters()}


def _final_readings(token: str) -> tuple[str, ...]:
    """An Arabic token as written and, when it ends in ه or ي, as the ta marbuta or alif
    maqsura data entry often writes that way (نهيله for نهيلة: Nouhaila; منى typed مني: Mouna).
    Latin tokens and other endings read one way."""
    swapped = _FINAL_READINGS.get(token[-1:]) if len(token) > 2 and is_arabic(token) else None
    return (token, token[:-1] + swapped) if swapped else (token,)


_ARABIC_SPELLING = str.maketrans({**dict(arabic_final_letters()), "أ": "ا", "إ": "ا", "آ": "ا"})


def _arabic_spelling(token: str) -> str:
    """An Arabic token with the letters one name is written with either way folded (ta marbuta /
    ha, alif maqsura / ya, the alif's hamza: DOMAIN §7.3's custom folding), for Arabic against
    Arabic only: against Latin the skeleton already ignores them."""
    return token.translate(_ARABIC_SPELLING)


def _vowels_fit(x: str, y: str, jw: float) -> bool:
    """Skeletons agree; do the vowels allow one name? (Bennani / Bennouna / بنونة: no)."""
    if is_arabic(x) and is_arabic(y):
        return arabic_vowel_pattern(x) == arabic_vowel_pattern(y)
    if is_arabic(x) or is_arabic(y):
        arabic, latin = (x, y) if is_arabic(x) else (y, x)
        return arabic_vowels_fit(arabic, latin)
    return jw >= (_VOWELS_JW if len(skeleton(x)) >= 2 else _VOWELS_JW_SHORT) and vowels_compatible(x, y)


def _align(a: PersonName, b: PersonName) -> tuple[list[tuple[int, float]], set[int], set[int]]:
    """Greedy best-first pairing of tokens; returns the pairs and the unpaired indexes.

    Two given names only alike as strings (both in the given-name slot) are no pair when they
    read as different names: see ``distinct_given``."""
    cands = sorted(
        (rank, -sim, i, j) for i, x in enumerate(a.tokens) for j, y in enumerate(b.tokens)
        for rank, sim in [token_relation(x, y)]
        if rank < NONE and not (rank == FUZZY and x in a.given and y in b.given
                                and distinct_given(x, y))
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for rank, neg, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((rank, -neg))
    return pairs, set(range(len(a.tokens))) - used_a, set(range(len(b.tokens))) - used_b


_FEMININE_ENDINGS = ("a", "ah", "ia")  # not a final e: French spelling adds it (Brahime)
_NO_VOWELS = str.maketrans("", "", "aeiou")


def distinct_given(x: str, y: str) -> bool:
    """The fallback for given names outside our list (issue 14): two given names that string
    similarity calls close are different names when one is the other's feminine form (Nabil /
    Nabila, Aziz / Aziza) or their consonants differ (Samira / Samia, Fatiha / Fatima):
    a given name is chosen from a list of names, so a consonant makes another name, where a
    family name's consonant is more often a clerk's slip. Vowel-only differences and a name that
    begins the other (a short form, half of a compound) stay fuzzy."""
    fx, fy = fold(_latin(x)), fold(_latin(y))
    short, long_ = sorted((fx, fy), key=len)
    if any(long_ == short + end for end in _FEMININE_ENDINGS):
        return True
    if len(short) >= 3 and (long_.startswith(short) or (len(short) <= 4 and long_.startswith(short[:3]))):
        return False  # a short form or half of a compound (Zine / Zineelabidine): fuzzy decides
    if _written_consonants(fx) & _written_consonants(fy):
        # vowels alone differ, though the skeletons may not: French orthography reads c and g
        # by the vowel after them (c is k before a, s before e), so one vowel written a for e
        # (Lahcan / Lahcen, or Lahsen, the same name's other spelling) changes the skeleton's
        # consonant, not the letters as written
        return False
    return _given_skeleton(fx) != _given_skeleton(fy)


def _written_consonants(folded: str) -> set[str]:
    """The consonant letters as written, of the spelling and of its variant group's key."""
    return {form.translate(_NO_VOWELS) for form in (folded, lex.given_key(folded)[0])}


def _given_skeleton(folded: str) -> str:
    """A given name's skeleton with an initial "ou" before a vowel read as w (Ouafae / Wafaa,
    French orthography writes و so: DOMAIN §7.2)."""
    return skeleton("w" + folded[2:] if folded[:2] == "ou" and folded[2:3] in "aeiy" else folded)


def _initials_agree(initials: tuple[str, ...], tokens: list[str]) -> bool:
    firsts = []
    for token in tokens:
        parts = lex.compound_parts().get(lex.given_key(token)[0], (token,))
        firsts += [fold(_latin(p))[:1] for p in parts]
    return all(i in firsts for i in initials)


def _paired_level(pairs: list[tuple[int, float]]) -> tuple[str, float]:
    worst = max(rank for rank, _ in pairs)
    if worst == FUZZY:
        low = min(sim for rank, sim in pairs if rank == FUZZY)
        mean = sum(sim for _, sim in pairs) / len(pairs)
        return ("fuzzy_high" if low >= FUZZY_HIGH else "fuzzy_low"), mean
    level = {EXACT: "exact", VARIANT: "variant", NICK: "nickname", SKELETON: "skeleton",
             WEAK: "weak_variant"}[worst]
    return level, _LEVEL_SCORE[level]


@dataclass(frozen=True, slots=True)
class _NameFacts:
    """What two parsed names say of each other once their tokens are aligned: the ladder's
    predicates (``_LADDER``) read these, in order, and the first that holds gives the level."""

    tokens: bool  # both sides have name tokens
    paired: bool  # some token pairs up
    both_left: bool  # each side keeps a token with no counterpart
    all_paired: bool  # every token of both sides is paired
    initials_differ: bool  # both sides give initials, and not the same
    short_initials: bool  # the side with fewer tokens writes initials ...
    initials_fit: bool  # ... and they agree with the other side's extra given names
    short_given: bool  # the side with fewer tokens has a given name
    short_surname: bool  # ... and a surname
    paired_level: str  # the level the paired tokens reach (exact ... fuzzy_low, weak_variant)
    paired_score: float


def _facts(a: PersonName, b: PersonName) -> _NameFacts:
    if not a.tokens or not b.tokens:
        return _NameFacts(False, False, False, False, False, False, False, False, False, "unknown", 0.0)
    pairs, left_a, left_b = _align(a, b)
    level, score = _paired_level(pairs) if pairs else ("different", 0.0)
    short, extra = (a, [b.tokens[j] for j in left_b]) if left_b else (b, [a.tokens[i] for i in left_a])
    return _NameFacts(
        tokens=True, paired=bool(pairs), both_left=bool(left_a and left_b),
        all_paired=not left_a and not left_b,
        initials_differ=bool(a.initials and b.initials and set(a.initials) != set(b.initials)),
        short_initials=bool(short.initials),
        initials_fit=not short.initials or _initials_agree(short.initials, extra),
        short_given=bool(short.given), short_surname=bool(short.surname),
        paired_level=level, paired_score=score)


PAIRED = ""  # a rung whose level is the paired tokens' own (its score scaled by the factor)
_STRONG_PAIRED = frozenset({"exact", "variant", "nickname", "skeleton", "fuzzy_high"})

# The name ladder (issue 14: comparison ladders as ordered tables of (label, predicate), not
# hand-written branches): (level, predicate, reason, score factor for PAIRED rungs).
_LADDER: tuple[tuple[str, Callable[[_NameFacts], bool], str, float], ...] = (
    ("unknown", lambda f: not f.tokens, "no name on one side", 1.0),
    ("different", lambda f: not f.paired or f.both_left, "names without counterpart on both sides", 1.0),
    ("different", lambda f: f.all_paired and f.initials_differ, "initials differ", 1.0),
    (PAIRED, lambda f: f.all_paired, "all tokens paired", 1.0),
    ("different", lambda f: not f.initials_fit, "initial contradicts a given name", 1.0),
    ("weak_variant", lambda f: f.short_initials and f.paired_level == "weak_variant",
     "initial against a related name", 1.0),
    ("initial", lambda f: f.short_initials, "initial against a full given name", 1.0),
    ("surname_only", lambda f: not f.short_given, "given names absent on one side", 1.0),
    ("weak_variant", lambda f: not f.short_surname, "only given names on one side", 1.0),
    ("extra_given", lambda f: f.paired_level in _STRONG_PAIRED, "one side has an extra given name", 1.0),
    ("weak_variant", lambda f: f.paired_level == "weak_variant", "one side has an extra name", 1.0),
    (PAIRED, lambda f: True, "one side has an extra name", 0.9),
)


def compare_parsed(a: PersonName, b: PersonName) -> NameComparison:
    """Compare two parsed names (see the module docstring for the levels): the first rung of
    ``_LADDER`` whose predicate holds."""
    facts = _facts(a, b)
    level, _, detail, factor = next(rung for rung in _LADDER if rung[1](facts))
    if level == PAIRED:
        return NameComparison(facts.paired_level, facts.paired_score * factor, detail)
    return NameComparison(level, _LEVEL_SCORE[level], detail)
