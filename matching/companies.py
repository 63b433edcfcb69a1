"""Company names: legal form out of the name, designators and stop-words away, then compare.

"STE ATLAS BTP SARL AU", "ATLAS BTP S.A.R.L" and "Ets Atlas B.T.P. SARLAU" share the core
"atlas btp". Legal forms are found anywhere in the name (longest spelling first, dotted or not,
French long forms and Arabic abbreviations, matching/data/legal_forms.yml); "Sté", "Société",
"Ets", "Groupe" are designators, recorded but not part of the core; single letters in a row
join into an acronym (B.T.P → btp).

Levels of ``compare_company_names`` (a ``NameComparison``): ``exact`` (same core tokens, any
order), ``variant`` (same core once spaces are removed: Atlas Btp / AtlasBTP), ``skeleton``
(same consonant skeleton, e.g. Latin against Arabic), ``fuzzy_high`` / ``fuzzy_low``
(Jaro-Winkler ≥ 0.92 / ≥ 0.85 on the sorted core), ``partial`` (one core's tokens all inside the
other's, with a distinctive one; or one core the initials of the other: ONCF), ``sigle`` (one
core made of the beginnings of each of the other's words: ARTR / ARgana TRavaux, weaker),
``different``, ``unknown``. Incompatible legal forms (SA against SARL)
cap the level at ``fuzzy_high``: names change less often than forms, but two forms usually
mean two companies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from matching.name_compare import NameComparison
from matching.refdata import load
from matching.text import fold, is_arabic, skeleton, vowels_compatible
from matching.thresholds import value

__all__ = ["CompanyName", "parse_company_name", "normalize_company_name",
           "compare_company_names", "company_name_keys", "legal_forms_compatible"]

_STRONG = ("exact", "variant", "skeleton")


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A company name's core, its legal form and the designators found around it."""

    core: str
    legal_form: str | None
    tokens: tuple[str, ...]
    designators: tuple[str, ...] = ()


@cache
def _forms() -> list[tuple[tuple[str, ...], str]]:
    """(token sequence, canonical form), longest sequence first."""
    rows = [(tuple(fold(s).split()), form)
            for form, spellings in load("legal_forms")["legal_forms"].items() for s in spellings]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def _words(section: str) -> frozenset[str]:
    return frozenset(fold(w) for w in load("legal_forms")[section])


@cache
def _forms_by_first_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """:func:`_forms` grouped by their first word, each group still longest first: a word
    that opens no form is passed over with one dict lookup instead of a scan of every
    spelling (the scan was 5 % of local matching's CPU on a 10^5 store)."""
    groups: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for seq, form in _forms():
        if seq:
            groups.setdefault(seq[0], []).append((seq, form))
    return groups


def _take_forms(words: list[str]) -> tuple[list[str], list[str]]:
    found: list[str] = []
    i, out = 0, []
    groups = _forms_by_first_word()
    while i < len(words):
        for seq, form in groups.get(words[i], ()):
            if tuple(words[i:i + len(seq)]) == seq:
                found.append(form)
                i += len(seq)
                break
        else:
            out.append(words[i])
            i += 1
    return out, found


def _join_initials(words: list[str]) -> list[str]:
    out: list[str] = []
    run = ""
    for w in [*words, ""]:
        if len(w) == 1 and w.isalpha():
            run += w
            continue
        if run:
            out.append(run)
            run = ""
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=1 << 15)
def parse_company_name(s: str) -> CompanyName:
    """Split a company name into core tokens, legal form and designators."""
    words = fold((s or "").replace("&", " et ")).split()
    forms: list[str] = []
    designators: list[str] = []
    while True:  # joined initials can spell a form or a designator (S. et A. → sa): repeat
        rest, found = _take_forms(words)
        forms += found
        designators += [w for w in rest if w in _words("designators")]
        tokens = _join_initials(_core(rest))
        if tokens == words:
            break
        words = tokens
    return CompanyName(" ".join(tokens), forms[0] if forms else None, tuple(tokens),
                       tuple(designators))


def _core(words: list[str]) -> list[str]:
    dropped = _words("designators") | _words("stopwords")
    return [w for w in words if w not in dropped]


def normalize_company_name(s: str) -> str:
    """The core of a company name (legal form, designators and stop-words removed)."""
    return parse_company_name(s).core


def legal_forms_compatible(a: str | None, b: str | None) -> bool:
    """True unless both forms are known and a company cannot pass from one to the other."""
    if a is None or b is None or a == b:
        return True
    return any({a, b} == set(pair) for pair in load("legal_forms")["compatible"])


_FUZZY_HIGH, _FUZZY_LOW = value("company_name", "fuzzy_high"), value("company_name", "fuzzy_low")


class _CoreFacts:
    """Two parsed company names' cores side by side; each property computed at most once, when
    a rung of ``_CORE_LADDER`` first asks for it (the Jaro-Winkler pass only if the cheaper
    rungs above did not hold)."""

    def __init__(self, a: CompanyName, b: CompanyName) -> None:
        self.a, self.b = a, b

    @cached_property
    def skeleton_agrees(self) -> bool:
        sa, sb = skeleton(self.a.core), skeleton(self.b.core)
        latin = not is_arabic(self.a.core) and not is_arabic(self.b.core)
        return len(sa) >= 3 and sa == sb and (not latin or vowels_compatible(self.a.core, self.b.core))

    @cached_property
    def jw(self) -> float:
        ja, jb = " ".join(sorted(self.a.tokens)), " ".join(sorted(self.b.tokens))
        return max(JaroWinkler.normalized_similarity(ja, jb),
                   JaroWinkler.normalized_similarity(self.a.core, self.b.core))

    @property
    def contained(self) -> bool:
        set_a, set_b = frozenset(self.a.tokens), frozenset(self.b.tokens)
        return bool(_distinctive(self.a.tokens) and _distinctive(self.b.tokens)
                    and (set_a < set_b or set_b < set_a))

    @property
    def token_set(self) -> float:
        return fuzz.token_set_ratio(self.a.core, self.b.core) / 100


# The company-core ladder (issue 14: comparison ladders as ordered tables of (label, predicate)):
# (level, predicate, score); the first predicate that holds gives the level.
_CORE_LADDER: tuple[tuple[str, Callable[[_CoreFacts], bool], Callable[[_CoreFacts], float]], ...] = (
    ("exact", lambda f: sorted(f.a.tokens) == sorted(f.b.tokens), lambda f: 1.0),
    ("variant", lambda f: f.a.core.replace(" ", "") == f.b.core.replace(" ", ""), lambda f: 0.95),
    ("skeleton", lambda f: f.skeleton_agrees, lambda f: 0.9),
    ("fuzzy_high", lambda f: f.jw >= _FUZZY_HIGH, lambda f: f.jw),
    ("partial", lambda f: f.contained, lambda f: 0.75),
    ("partial", lambda f: _is_acronym_of(f.a, f.b) or _is_acronym_of(f.b, f.a), lambda f: 0.75),
    ("sigle", lambda f: _is_sigle_of(f.a, f.b) or _is_sigle_of(f.b, f.a), lambda f: 0.6),
    ("fuzzy_low", lambda f: f.jw >= _FUZZY_LOW, lambda f: f.jw),
    ("different", lambda f: True, lambda f: f.token_set * 0.5),
)


def _core_level(a: CompanyName, b: CompanyName) -> tuple[str, float]:
    facts = _CoreFacts(a, b)
    level, _, score = next(rung for rung in _CORE_LADDER if rung[1](facts))
    return level, score(facts)


def _is_acronym_of(short: CompanyName, long: CompanyName) -> bool:
    """ONCF / Office National des Chemins de Fer: one word made of the other's initials — with or
    without the initial of a leading designator (SIPA: Société Industrielle de Peintures …)."""
    if len(short.tokens) != 1 or not 3 <= len(short.core) <= 8 or len(long.tokens) < 2:
        return False
    return any(len(words) >= (3 if words is long.tokens else 4)
               and short.core == "".join(t[0] for t in words if t)
               for words in _with_designators(long))


def _is_sigle_of(short: CompanyName, long: CompanyName) -> bool:
    """ARTR / ARgana TRavaux, RISE / RIf SEcurite: one word made of the beginnings of each of the
    other's words, in order (each word gives at least its first letter, the sigle at least 3);
    the words may start with a designator (SOMEEN: SOciété MEditerranéenne d'ENgrais)."""
    if len(short.tokens) != 1 or not 3 <= len(short.core) <= 8 or len(long.tokens) < 2:
        return False
    return short.core != long.core.replace(" ", "") and any(
        _spells(short.core, words) for words in _with_designators(long)
        if words is long.tokens or len(short.core) >= 4)


def _with_designators(name: CompanyName) -> list[tuple[str, ...]]:
    """The core words, then (when the name had one) the designator and the core words: an
    acronym often keeps the S of "Société" (issue 14)."""
    found = [name.tokens]
    if name.designators:
        found.append((name.designators[0], *name.tokens))
    return found


def _spells(sigle: str, words: tuple[str, ...]) -> bool:
    if not words:
        return not sigle
    word, rest = words[0], words[1:]
    return any(sigle[:n] == word[:n] and _spells(sigle[n:], rest)
               for n in range(1, min(len(word), len(sigle) - len(rest)) + 1))


def _distinctive(tokens: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for t in tokens if t not in _words("generic") and len(t) > 1)


@lru_cache(maxsize=1 << 12)
def compare_company_names(a: str, b: str) -> NameComparison:
    """Compare two company names (levels in the module docstring)."""
    pa, pb = parse_company_name(a), parse_company_name(b)
    if not pa.tokens or not pb.tokens:
        return NameComparison("unknown", 0.0, "no name on one side")
    level, score = _core_level(pa, pb)
    ma, mb = _family_marks(a), _family_marks(b)
    if ma and mb and ma != mb and level != "different":
        return NameComparison("different", min(score, 0.5),
                              f"one family's different companies ({'/'.join(sorted(ma))} vs "
                              f"{'/'.join(sorted(mb))})")
    if not legal_forms_compatible(pa.legal_form, pb.legal_form) and level in _STRONG:
        return NameComparison("fuzzy_high", min(score, 0.9),
                              f"legal forms differ ({pa.legal_form} / {pb.legal_form})")
    return NameComparison(level, score, "core names compared")


@lru_cache(maxsize=1 << 15)
def _family_marks(s: str) -> frozenset[str]:
    """What tells a family's companies apart (matching/data/legal_forms.yml ``family_marks``):
    GROUPE, ETS, FRERES, & CO, and a trailing number (ALAMI 2)."""
    words = fold((s or "").replace("&", " et ")).split()
    marks = {mark for mark, spellings in load("legal_forms")["family_marks"].items()
             if any(w in spellings for w in words)}
    forms = {w for spelled, _ in _forms() for w in spelled}
    tail = [w for w in words if w not in forms]
    if tail and tail[-1].isdigit():
        marks.add(f"n{tail[-1]}")
    return frozenset(marks)


@lru_cache(maxsize=1 << 15)
def company_name_keys(s: str) -> frozenset[str]:
    """Blocking keys: skeleton of the whole core and of each distinctive token."""
    name = parse_company_name(s)
    if not name.tokens:
        return frozenset()
    keys = {"c:" + (skeleton(name.core) or name.core.replace(" ", ""))}
    keys |= {"t:" + (skeleton(t) if len(skeleton(t)) >= 2 else t) for t in _distinctive(name.tokens)}
    return frozenset(keys)
