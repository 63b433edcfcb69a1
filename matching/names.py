"""Person names as Moroccan records write them: parse, normalize, block and compare.

A name arrives surname-first or given-first, in Latin or Arabic script, with honorifics
(Moulay, Sidi, Lalla, Hajj), kinship markers ("fils de", "ben Y", "bent", "Vve", "épouse"),
particles written apart or glued (El Alami / Elalami, Ben Jelloun / Benjelloun, Aït / Ayt) and
initials. ``parse_person_name`` separates all of these so that comparison only looks at the
name itself; the parts it sets aside stay available (``father``, ``spouse``, ``honorifics``).

Canonical tokens are spellings, not identities: Mohammed stays "mohammed" (its variant group key
"mohamed" is in ``PersonName.keys``) so that the comparison can tell "exact" from "variant".
Articles are glued in one way: moon letters "el" + name (elalami), sun letters assimilated
(El Zahra → ezzahra, as Moroccan French orthography writes them).

``compare_person_names`` answers with ordered levels (exact, variant, skeleton, fuzzy_high,
fuzzy_low, weak_variant, surname_only, different, unknown), documented in
``matching.name_compare``; the tokenising passes are in ``matching.name_tokens``.
"""

from __future__ import annotations

from functools import lru_cache

from matching import name_lexicon as lex
from matching import name_tokens as nt
from matching.name_compare import NameComparison, compare_parsed
from matching.name_lexicon import strip_article
from matching.person_name import PersonName
from matching.text import fold, is_arabic, skeleton

__all__ = [
    "PersonName", "NameComparison", "parse_person_name", "normalize_person_name",
    "canonical_given", "person_name_keys", "compare_person_names", "strip_article",
]


def _surname_mask(toks: list[nt.Tok]) -> tuple[list[bool], str | None]:
    if any(t.before_comma for t in toks) and not all(t.before_comma for t in toks):
        return [t.before_comma for t in toks], "comma"
    latin = [t for t in toks if not is_arabic(t.text[:1])]
    if any(t.upper for t in latin) and not all(t.upper for t in latin):
        return [t.upper for t in toks], "case"
    mask = [not nt.is_given(t.text) for t in toks]
    return mask, ("lexicon" if any(mask) else None)


@lru_cache(maxsize=1 << 15)
def parse_person_name(s: str) -> PersonName:
    """Split a person name into given names, surname, honorifics, initials and kinship."""
    if not s or not s.strip():
        return PersonName(raw=s or "")
    toks, father, spouse = nt.split_kinship(nt.raw_tokens(s))
    toks, honorifics = nt.split_honorifics(nt.fuse_articles(toks))
    if honorifics and not (father or spouse):
        # an honorific between kinship words ("fils Moulay de X") hid them: once it is out,
        # look again, so that the canonical form never re-parses differently (a fixed point)
        toks, father, spouse = nt.split_kinship(toks)
    initials = tuple(t.text for t in toks if len(t.text) == 1 and t.text.isalpha())
    toks = nt.fuse_prefixes(nt.glue_assimilated(
        [t for t in toks if not (len(t.text) == 1 and t.text.isalpha())]))
    mask, source = _surname_mask(toks)
    return PersonName(
        raw=s,
        tokens=tuple(t.text for t in toks),
        given=tuple(t.text for t, m in zip(toks, mask, strict=True) if not m),
        surname=tuple(t.text for t, m in zip(toks, mask, strict=True) if m),
        honorifics=tuple(honorifics),
        initials=initials,
        father=_related(father),
        spouse=_related(spouse),
        surname_from=source,
    )


def _related(words: list[str]) -> str | None:
    return normalize_person_name(" ".join(words)) or None if words else None


def normalize_person_name(s: str) -> str:
    """Canonical tokens joined by spaces (honorifics, initials and kinship parts left out)."""
    return " ".join(parse_person_name(s).tokens)


@lru_cache(maxsize=1 << 15)
def canonical_given(s: str) -> str:
    """Variant-group key of a given name (Mohammed → mohamed, Fatima-Zahra → fatimazahra).

    Nicknames map to their name (Simo → mohamed, Abdo → abd); M'hamed keeps its own key.
    """
    return " ".join(lex.given_key(t)[0] for t in parse_person_name(s).tokens)


def _surname_key(token: str) -> str:
    stripped = strip_article(token)
    return skeleton(stripped) or fold(stripped)


@lru_cache(maxsize=1 << 15)
def person_name_keys(s: str) -> frozenset[str]:
    """Blocking keys: surname skeletons, and given key + surname skeleton (order-free)."""
    name = parse_person_name(s)
    surnames = name.surname or name.tokens
    keys = {"s:" + _surname_key(t) for t in surnames}
    for given in name.given:
        g = lex.given_key(given)[0]
        keys |= {f"g:{g}|{_surname_key(t)}" for t in surnames if t != given}
    return frozenset(keys)


@lru_cache(maxsize=1 << 12)
def compare_person_names(a: str, b: str) -> NameComparison:
    """Compare two person names; see matching.name_compare for the levels."""
    return compare_parsed(parse_person_name(a), parse_person_name(b))
