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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from matching import name_lexicon as lex
from matching.name_compare import NameComparison, compare_parsed
from matching.name_lexicon import strip_article
from matching.text import fold, is_arabic, skeleton, strip_arabic_marks

__all__ = [
    "PersonName", "NameComparison", "parse_person_name", "normalize_person_name",
    "canonical_given", "person_name_keys", "compare_person_names", "strip_article",
]

_ELISION = re.compile(r"\b([A-Za-z])['’ʼ`´]\s*(?=[A-Za-z])")
_WORDS = re.compile(r"[^\W_]+")
_SUN_UNIT = lex.SUN_UNIT
_EDDINE = frozenset({"eddine", "eddin", "edine", "ddine", "dine", "eddyne"})


@dataclass(frozen=True, slots=True)
class PersonName:
    """A parsed person name; ``tokens`` = ``given`` + ``surname`` parts in written order."""

    raw: str
    tokens: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    surname: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    father: str | None = None
    spouse: str | None = None
    surname_from: str | None = None  # "case" | "comma" | "lexicon" | None

    @property
    def keys(self) -> tuple[str, ...]:
        """Variant-group key of every token (Mohammed → mohamed, Simo → mohamed)."""
        return tuple(lex.given_key(t)[0] for t in self.tokens)


@dataclass(slots=True)
class _Tok:
    text: str
    upper: bool = False
    before_comma: bool = False
    lower: bool = False


def _raw_tokens(s: str) -> list[_Tok]:
    s = strip_arabic_marks(s)
    s = _ELISION.sub(lambda m: "El " if m.group(1) in "lL" else m.group(1), s)
    comma = s.find(",")
    out = []
    for m in _WORDS.finditer(s):
        word = m.group()
        letters = [c for c in word if c.isalpha()]
        upper = len(letters) >= 2 and all(c.isupper() for c in letters)
        lower = bool(letters) and all(c.islower() for c in letters) and not is_arabic(word)
        for piece in fold(word).split():
            out.append(_Tok(piece, upper, 0 <= m.start() < comma, lower))
    return out


def _split_kinship(toks: list[_Tok]) -> tuple[list[_Tok], str | None, str | None]:
    kinship = lex.markers()["kinship"]
    assert isinstance(kinship, dict)
    main: list[_Tok] = []
    found: dict[str, list[str]] = {}
    i = 0
    while i < len(toks):
        two = f"{toks[i].text} {toks[i + 1].text}" if i + 1 < len(toks) else ""
        role, width = (kinship[two], 2) if two in kinship else (kinship.get(toks[i].text), 1)
        if role is None or i + width >= len(toks) or not _is_kinship(toks, i, width, main):
            main.append(toks[i])
            i += 1
            continue
        j = i + width
        related: list[str] = []
        mixed = _mixed_case(toks)
        while j < len(toks) and not _marker_at(toks, j) and not (mixed and toks[j].upper):
            if toks[i].text in ("ben", "ibn", "بن") and related and not _is_given(toks[j].text):
                break
            related.append(toks[j].text)
            j += 1
        found.setdefault(str(role), related)
        i = j
    return main, _joined(found.get("father")), _joined(found.get("spouse"))


def _joined(words: list[str] | None) -> str | None:
    return normalize_person_name(" ".join(words)) or None if words else None


def _marker_at(toks: list[_Tok], j: int) -> bool:
    kinship = lex.markers()["kinship"]
    assert isinstance(kinship, dict)
    return any(k == toks[j].text or k.startswith(toks[j].text + " ") for k in kinship)


def _is_given(text: str) -> bool:
    return lex.is_known_given(lex.given_key(text)[0])


def _is_marker_word(text: str) -> bool:
    m = lex.markers()
    return any(text in m[k] for k in ("honorifics", "titles", "articles", "particles"))  # type: ignore[operator]


def _mixed_case(toks: list[_Tok]) -> bool:
    return any(t.upper for t in toks) and not all(t.upper for t in toks)


def _is_kinship(toks: list[_Tok], i: int, width: int, main: list[_Tok]) -> bool:
    """A marker names a relative only after the person's own name ('Vve Alaoui' is her name).

    'ben Y' is kinship when written in lowercase inside a capitalised name ('Mohamed ben
    Ahmed'), when the name already has a surname, or in a chain ('X ben Y ben Z'); otherwise it
    is the surname particle (Ahmed Ben Ali = Ahmed BENALI).
    """
    if not main:
        return False
    if toks[i].text not in ("ben", "ibn", "بن"):
        return True
    if not _is_given(toks[i + width].text):
        return False
    lowercase_marker = toks[i].lower and any(not t.lower for t in toks)
    has_surname = any(not _is_given(t.text) and not _is_marker_word(t.text) for t in main)
    chain = any(t.text in ("ben", "bent", "ibn") for t in toks[i + width + 1:])
    return lowercase_marker or has_surname or chain


def _fuse_articles(toks: list[_Tok]) -> list[_Tok]:
    articles = lex.markers()["articles"]
    assert isinstance(articles, frozenset)
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        if toks[i].text in articles and i + 1 < len(toks):
            nxt = toks[i + 1]
            out.append(_Tok(_glue_article(nxt.text), nxt.upper or toks[i].upper,
                            toks[i].before_comma))
            i += 2
            continue
        out.append(_Tok(_assimilate(toks[i].text), toks[i].upper, toks[i].before_comma))
        i += 1
    return out


def _glue_article(word: str) -> str:
    if is_arabic(word[:1]):
        return "ال" + word
    sun = _SUN_UNIT.match(word)
    return f"e{sun.group()}{word}" if sun else f"el{word}"


def _assimilate(word: str) -> str:
    """Fused 'el' before a sun letter is written assimilated: elzahra → ezzahra."""
    exceptions = lex.markers()["fused_article_exceptions"]
    assert isinstance(exceptions, frozenset)
    if word.startswith("el") and len(word) > 4 and word not in exceptions:
        sun = _SUN_UNIT.match(word[2:])
        if sun and not word[2:].startswith(sun.group() * 2):
            return f"e{sun.group()}{word[2:]}"
    return word


def _split_honorifics(toks: list[_Tok]) -> tuple[list[_Tok], list[str]]:
    honorifics = lex.markers()["honorifics"]
    titles = lex.markers()["titles"]
    assert isinstance(honorifics, dict) and isinstance(titles, dict)
    kept, found = [], []
    for tok in toks:
        title = honorifics.get(tok.text) or titles.get(tok.text)
        if title and len(toks) > 1:
            found.append(str(title))
        else:
            kept.append(tok)
    return kept, found


def _fuse_prefixes(toks: list[_Tok]) -> list[_Tok]:
    """Glue Abd-, particles (Ben, Aït, Ou, Bou, Ould) and -eddine to the word they belong to."""
    abd = lex.markers()["abd"]
    particles = lex.markers()["particles"]
    assert isinstance(abd, frozenset) and isinstance(particles, dict)
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and (tok.text in abd or tok.text in particles):
            prefix = tok.text
            if tok.text in particles and not is_arabic(nxt.text[:1]):
                prefix = str(particles[tok.text])
            out.append(_Tok(prefix + nxt.text, tok.upper or nxt.upper, tok.before_comma))
            i += 2
        elif out and tok.text in _EDDINE:
            out[-1] = _Tok(out[-1].text + "eddine", out[-1].upper, out[-1].before_comma)
            i += 1
        else:
            text = "ait" + tok.text[3:] if tok.text.startswith("ayt") else tok.text
            out.append(_Tok(text, tok.upper, tok.before_comma))
            i += 1
    return _fuse_compounds(out)


def _fuse_compounds(toks: list[_Tok]) -> list[_Tok]:
    pairs = lex.compounds()
    out: list[_Tok] = []
    for tok in toks:
        if out and (lex.given_key(out[-1].text)[0], lex.given_key(tok.text)[0]) in pairs:
            out[-1] = _Tok(out[-1].text + tok.text, out[-1].upper, out[-1].before_comma)
        else:
            out.append(tok)
    return out


def _surname_mask(toks: list[_Tok]) -> tuple[list[bool], str | None]:
    if any(t.before_comma for t in toks) and not all(t.before_comma for t in toks):
        return [t.before_comma for t in toks], "comma"
    latin = [t for t in toks if not is_arabic(t.text[:1])]
    if any(t.upper for t in latin) and not all(t.upper for t in latin):
        return [t.upper for t in toks], "case"
    mask = [not _is_given(t.text) for t in toks]
    return mask, ("lexicon" if any(mask) else None)


@lru_cache(maxsize=1 << 15)
def parse_person_name(s: str) -> PersonName:
    """Split a person name into given names, surname, honorifics, initials and kinship."""
    if not s or not s.strip():
        return PersonName(raw=s or "")
    toks, father, spouse = _split_kinship(_raw_tokens(s))
    toks, honorifics = _split_honorifics(_fuse_articles(toks))
    toks = _fuse_prefixes(toks)
    initials = tuple(t.text for t in toks if len(t.text) == 1 and t.text.isalpha())
    toks = [t for t in toks if not (len(t.text) == 1 and t.text.isalpha())]
    mask, source = _surname_mask(toks)
    return PersonName(
        raw=s,
        tokens=tuple(t.text for t in toks),
        given=tuple(t.text for t, m in zip(toks, mask, strict=True) if not m),
        surname=tuple(t.text for t, m in zip(toks, mask, strict=True) if m),
        honorifics=tuple(honorifics),
        initials=initials,
        father=father,
        spouse=spouse,
        surname_from=source,
    )


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


@lru_cache(maxsize=1 << 16)
def compare_person_names(a: str, b: str) -> NameComparison:
    """Compare two person names; see matching.name_compare for the levels."""
    return compare_parsed(parse_person_name(a), parse_person_name(b))
