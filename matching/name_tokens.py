"""Tokens of a person name and the passes that tidy them before parsing.

Order matters: kinship markers first (what follows "fils de" is another person), then
articles glued (El Alami → elalami, El Zahra → ezzahra), honorifics and titles set aside, then
Abd-, particles (Ben, Aït, Ou, Bou, Ould) and "-eddine" glued, and finally two-word given
names joined (Fatima Zahra → fatimazahra). Each token remembers how it was written (all
capitals, all lowercase, before a comma), which the parser uses to find the surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matching import name_lexicon as lex
from matching.refdata import load
from matching.text import arabic_final_letters, fold, is_arabic, strip_arabic_marks

_ELISION = re.compile(r"\b([A-Za-z])['’ʼ`´]\s*(?=[A-Za-z])")
_WORDS = re.compile(r"[^\W_]+")
_SUN_UNIT = lex.SUN_UNIT
_EDDINE = frozenset({"eddine", "eddin", "edine", "ddine", "dine", "eddyne", "الدين"})
# "son / daughter of": the father's given names follow, then (often) the person's family name
_FATHER_MARKERS = frozenset({"ben", "ibn", "bent", "بن", "بنت", "ابن"})


@dataclass(slots=True)
class Tok:
    """One folded word and how it was written."""

    text: str
    upper: bool = False
    before_comma: bool = False
    lower: bool = False
    initial: bool = False  # one letter written with its period ("L."): never the article L'


def raw_tokens(s: str) -> list[Tok]:
    """Words of ``s`` folded, with how each was written; M'hamed → mhamed, L'Houcine → el houcine."""
    s = strip_arabic_marks(s)
    s = _ELISION.sub(lambda m: "El " if m.group(1) in "lL" else m.group(1), s)
    comma = s.find(",")
    out = []
    for m in _WORDS.finditer(s):
        word = m.group()
        upper, lower, capitals = _case(word)
        initial = len(word) == 1 and s[m.end():m.end() + 1] == "."
        for piece in fold(word).split():
            if piece.isdigit():
                continue  # a number is no part of a person's name (a rank, a flat, OCR noise)
            out.append(Tok(_known_arabic_spelling(undo_ocr(piece, capitals)), upper,
                           0 <= m.start() < comma, lower, initial))
    return out


def _case(word: str) -> tuple[bool, bool, bool]:
    """(written in capitals with two letters or more, in lowercase Latin, in capitals) of one
    word. A plain-ASCII word of letters alone, most of what registries write, is asked
    directly: every letter of it is a cased Latin one (issue 17: at 10^5 nearly every party's
    name is tokenised cold)."""
    if word.isascii() and word.isalpha():
        capitals = word.isupper()
        return capitals and len(word) >= 2, word.islower(), capitals
    return _case_any(word)


def _case_any(word: str) -> tuple[bool, bool, bool]:
    """``_case`` for a word in any script, letter by letter."""
    letters = [c for c in word if c.isalpha()]
    capitals = bool(letters) and all(c.isupper() for c in letters)
    lower = bool(letters) and all(c.islower() for c in letters) and not is_arabic(word)
    return len(letters) >= 2 and capitals, lower, capitals


# (written, the other final letter of the same name), both ways
_FINAL_LETTERS = tuple(swap for letter, typed in arabic_final_letters()
                       for swap in ((typed, letter), (letter, typed)))


def _known_arabic_spelling(piece: str) -> str:
    """An Arabic word written with the other final letter of a known given name (فاطمه for
    فاطمة, مصطفي for مصطفى: ta marbuta / ha, alif maqsura / ya are often swapped in data entry)
    is written as the lexicon knows it, so compounds and variants are found (issue 14). Only
    for names the lexicon knows: طه and الله keep their ha."""
    if not piece or piece.isascii() or not is_arabic(piece) or is_given(piece):
        return piece
    for written, known in _FINAL_LETTERS:
        if piece.endswith(written) and is_given(piece[:-1] + known):
            return piece[:-1] + known
    return piece


def undo_ocr(piece: str, capitals: bool) -> str:
    """A folded word of letters with digits inside (ala0ui, b3nnani, 5aid): the digits read back
    as the letters OCR took them for (matching/data/ocr.yml); ``capitals``: the word was written
    in capitals (a 1 there is an I). A number alone is dropped by ``raw_tokens``."""
    if piece.isalpha() or not any(c.isdigit() for c in piece) or not any(
            c.isalpha() for c in piece):  # letters alone, the common case, asked at once
        return piece
    data = load("ocr")
    table: dict[str, str] = {**data["digits"], **(data["in_capitals"] if capitals else {})}
    return "".join(table.get(c, c) for c in piece)


def split_kinship(toks: list[Tok]) -> tuple[list[Tok], list[str], list[str]]:
    """(the person's own tokens, father's words, spouse's words)."""
    kinship = lex.markers()["kinship"]
    main: list[Tok] = []
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
            if (toks[i].text in _FATHER_MARKERS and related and not is_given(toks[j].text)
                    and toks[j].text not in _EDDINE):
                break  # the father's given names end where the family name starts (Saad Eddine is one)
            related.append(toks[j].text)
            j += 1
        if not related and role == "spouse":
            # "BENNANI Fatima épouse ALAOUI": the husband's name in capitals right after the
            # marker is his surname, not hers (issue 14: married names in mixed case)
            while j < len(toks) and toks[j].upper and not _marker_at(toks, j):
                related.append(toks[j].text)
                j += 1
        found.setdefault(str(role), related)
        i = j
    return main, found.get("father", []), found.get("spouse", [])


def _marker_at(toks: list[Tok], j: int) -> bool:
    kinship = lex.markers()["kinship"]
    return any(k == toks[j].text or k.startswith(toks[j].text + " ") for k in kinship)


def is_given(text: str) -> bool:
    return lex.is_known_given(lex.given_key(text)[0])


def _is_marker_word(text: str) -> bool:
    m = lex.markers()
    return text in m["honorifics"] or text in m["titles"] or text in m["articles"] or text in m["particles"]


def _mixed_case(toks: list[Tok]) -> bool:
    return any(t.upper for t in toks) and not all(t.upper for t in toks)


def _is_kinship(toks: list[Tok], i: int, width: int, main: list[Tok]) -> bool:
    """A marker names a relative only after the person's own name ('Vve Alaoui' is her name).

    'ben Y' is kinship when written in lowercase inside a capitalised name ('Mohamed ben
    Ahmed'), when the name already has a surname, or in a chain ('X ben Y ben Z'); otherwise it
    is the surname particle (Ahmed Ben Ali = Ahmed BENALI).
    """
    if not main:
        return False
    if toks[i].text not in ("ben", "ibn", "بن"):
        return True
    after = toks[i + width + 1].text if i + width + 1 < len(toks) else ""
    if not is_given(toks[i + width].text) and after not in _EDDINE:
        return False  # (Nour Eddine is a given name even when Nour alone is not listed)
    lowercase_marker = toks[i].lower and any(not t.lower for t in toks)
    has_surname = any(not is_given(t.text) and not _is_marker_word(t.text) for t in main)
    chain = any(t.text in ("ben", "bent", "ibn") for t in toks[i + width + 1:])
    # Arabic script has no case to tell: "محمد بن أحمد العلوي" — a given name, بن, the father's
    # given name and a family name after it — is kinship (issue 14), as a chain is
    arabic_between = is_arabic(toks[i].text) and len(toks) > i + width + 1
    return lowercase_marker or has_surname or chain or arabic_between


def fuse_articles(toks: list[Tok]) -> list[Tok]:
    articles = lex.markers()["articles"]
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        if toks[i].text in articles and not toks[i].initial and i + 1 < len(toks):
            nxt = toks[i + 1]
            out.append(Tok(_glue_article(nxt.text), nxt.upper or toks[i].upper,
                            toks[i].before_comma))
            i += 2
            continue
        out.append(Tok(_assimilate(toks[i].text), toks[i].upper, toks[i].before_comma))
        i += 1
    return out


def glue_assimilated(toks: list[Tok]) -> list[Tok]:
    """The assimilated article written apart glued to its name ("Et-Tazi" → ettazi, see
    ``_assimilated_article``). A pass of its own, after the honorifics are set apart: "EN
    MOULAY NACIRI" is Ennaciri too, and glued only on a second parse it would not be a fixed
    point."""
    out: list[Tok] = []
    for tok in toks:
        if out and _assimilated_article(out[-1].text, tok.text):
            out[-1] = Tok(out[-1].text + tok.text, out[-1].upper or tok.upper,
                          out[-1].before_comma)
        else:
            out.append(tok)
    return out


def _assimilated_article(word: str, nxt: str) -> bool:
    """``word`` is the article assimilated to the sun letter ``nxt`` starts with, written apart:
    "Et-Tazi", "En-Naciri", "Ech-Chafii", "Es Saadi" (DOMAIN §7.2: E + the doubled sun letter,
    attached or detached). Glued, it is the one word ETTAZI / ENNACIRI the other sources write;
    read apart, "et" / "en" was a surname of its own and the name no longer compared."""
    sun = _SUN_UNIT.match(word[1:]) if word.startswith("e") else None
    return (sun is not None and word == "e" + sun.group() and nxt.startswith(sun.group())
            and len(nxt) > len(sun.group()) + 1)


def _glue_article(word: str) -> str:
    if is_arabic(word[:1]):
        return "ال" + word
    sun = _SUN_UNIT.match(word)
    return f"e{sun.group()}{word}" if sun else f"el{word}"


def _has_article(word: str) -> bool:
    """A folded Latin word that starts with the article, plain or assimilated (elkader, errahim)."""
    sun = _SUN_UNIT.match(word[1:])
    return word.startswith(("el", "al")) or (
        word.startswith("e") and sun is not None and word[1 + len(sun.group()):].startswith(sun.group()))


def _assimilate(word: str) -> str:
    """Fused 'el' before a sun letter is written assimilated: elzahra → ezzahra."""
    exceptions = lex.markers()["fused_article_exceptions"]
    if word.startswith("el") and len(word) > 4 and word not in exceptions:
        sun = _SUN_UNIT.match(word[2:])
        if sun and not word[2:].startswith(sun.group() * 2):
            return f"e{sun.group()}{word[2:]}"
    return word


def split_honorifics(toks: list[Tok]) -> tuple[list[Tok], list[str]]:
    """Honorifics and civil titles set apart from the name. One right after a surname particle
    is the family name's word: "BEL HAJ", "BEN HAJ", "AIT EL HAJ" are the surnames Belhaj,
    Benhaj, Aitelhaj (DOMAIN §7.2 writes Belhaj), not Bel + the honorific Hajj, which glued the
    particle to the given name ("belmohamed") and lost the surname. The two are glued here, so
    that the particle pairs with nothing else ("BEL BEL MOULAY" would otherwise read as a
    surname "belbel" and a Moulay the next parse sets apart)."""
    honorifics = lex.markers()["honorifics"]
    titles = lex.markers()["titles"]
    particles = lex.markers()["particles"]
    kept: list[Tok] = []
    found: list[str] = []
    for tok in toks:
        title = honorifics.get(tok.text) or titles.get(tok.text)
        if title and kept and kept[-1].text in particles:
            kept[-1] = _with_particle(kept[-1], tok, str(particles[kept[-1].text]))
        elif title and len(toks) > 1:
            found.append(str(title))
        else:
            kept.append(tok)
    return kept, found


def _with_particle(particle: Tok, word: Tok, canonical: str) -> Tok:
    """``word`` glued to the ``particle`` before it, as ``fuse_prefixes`` glues them (the
    particle's canonical Latin prefix before a Latin word)."""
    prefix = particle.text if is_arabic(word.text[:1]) else canonical
    return Tok(prefix + word.text, particle.upper or word.upper, particle.before_comma)


def fuse_prefixes(toks: list[Tok]) -> list[Tok]:
    """Glue Abd-, particles (Ben, Aït, Ou, Bou, Ould) and -eddine to the word they belong to."""
    abd = lex.markers()["abd"]
    particles = lex.markers()["particles"]
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.text == "ed" and nxt is not None and nxt.text in _EDDINE and out:
            i += 1  # "Saad Ed-Dine": the assimilated article written apart; "dine" glues below
        elif nxt is not None and (tok.text in abd or tok.text in particles):
            prefix, rest = tok.text, nxt.text
            if tok.text in particles and not is_arabic(nxt.text[:1]):
                prefix = str(particles[tok.text])
            elif tok.text == "abd" and not is_arabic(rest[:1]) and not _has_article(rest):
                rest = _glue_article(rest)  # "Abd. Kader" abbreviates Abd El Kader
            out.append(Tok(prefix + rest, tok.upper or nxt.upper, tok.before_comma))
            i += 2
        elif out and tok.text in _EDDINE:
            suffix = "الدين" if is_arabic(tok.text) else "eddine"
            out[-1] = Tok(out[-1].text + suffix, out[-1].upper, out[-1].before_comma)
            i += 1
        else:
            text = "ait" + tok.text[3:] if tok.text.startswith("ayt") else tok.text
            out.append(Tok(text, tok.upper, tok.before_comma))
            i += 1
    return _fuse_compounds(out)


def _fuse_compounds(toks: list[Tok]) -> list[Tok]:
    pairs = lex.compounds()
    out: list[Tok] = []
    for tok in toks:
        if out and (lex.given_key(out[-1].text)[0], lex.given_key(tok.text)[0]) in pairs:
            out[-1] = Tok(out[-1].text + tok.text, out[-1].upper, out[-1].before_comma)
        else:
            out.append(tok)
    return out
