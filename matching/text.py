"""Text folding and transliteration-aware keys shared by every normalizer.

``fold`` makes spellings that differ only in case, accents, Arabic short vowels or punctuation
equal. ``skeleton`` goes further so that French-orthography spellings and Arabic script meet:
Arabic writes no short vowels, so the only thing both scripts share is the consonants.

Skeleton rules (Latin side, after ``fold``):

- digraphs first: ``ch``/``sh``/``sch`` → c (ش), ``kh``/``x`` → x (خ), ``gh`` → g (غ),
  ``dj``/``j`` → j (ج), ``th`` → t, ``dh`` → d, ``ph``/``v`` → f, ``qu``/``q``/``ck`` → k;
  ``c`` before e/i/y → s (Youcef = Youssef), other ``c`` → k; ``g`` before e/i/y → j
  (Gilali = Jilali) but ``gu`` → k, other ``g`` → k (Agadir = أكادير), ``p`` → b;
- the article: a separate ``el``/``al`` before a sun consonant (t d r z s n l ch) is
  dropped as in speech and in Arabic (El Zahra = Ezzahra = الزهراء), before a moon consonant it
  is kept as ``l``; ``abdel`` + sun consonant loses its l (Abdelrahim = Abderrahim);
- vowels, ``w`` and ``y`` are dropped (ou is /u/ or /w/ in French orthography, و and ي are long
  vowels or glides in Arabic); ``h`` is kept (Mohamed = محمد keeps the ح);
- the tokens are joined (Ben Jelloun = Benjelloun) and doubled consonants collapse.

Arabic side: each letter maps to the same consonant classes (matching/data/arabic.yml); alef,
hamza, و, ي, ع and ta marbuta are dropped; ال before a sun letter is dropped, before a moon
letter kept as l.

Limits: the skeleton is lossy by design (Youssef and Assaf share "sf", Bennani and Bennouna
"bn" — ``vowels_compatible`` tells such Latin pairs apart, but Latin against Arabic has only
the skeleton); "sh" meant as s+h
(Mohsine) does not meet محسن; ع written as "a" and dropped loses a consonant Latin spellings
sometimes keep as a doubled vowel; a skeleton equality is evidence for a spelling variant, never
proof — M'hamed and Mohamed share a skeleton and are different names (see matching.names).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from matching.refdata import load

_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_NON_WORD = re.compile(r"[\W_]+")
_EXTRA = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ð": "d", "’": "'"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_LATIN_UNITS = re.compile(r"sch|ch|sh|kh|gh|dj|th|dh|ph|qu|ck|gu(?=[eiy])|c(?=[eiy])|g(?=[eiy])|.")
_LATIN_MAP = {
    "sch": "c", "ch": "c", "sh": "c", "kh": "x", "gh": "g", "dj": "j", "th": "t", "dh": "d",
    "ph": "f", "qu": "k", "ck": "k", "gu": "k", "c": "k", "g": "k", "b": "b", "d": "d", "f": "f",
    "h": "h", "j": "j", "k": "k", "l": "l", "m": "m", "n": "n", "p": "b", "q": "k", "r": "r",
    "s": "s", "t": "t", "v": "f", "x": "x", "z": "z",
}
_SUN_CLASSES = frozenset("tdrzsnlc")
_ARTICLES = frozenset({"el", "al"})
_ABD_PARTICLES = frozenset({"abdel", "abdal", "abdul", "abdoul"})
_ABD_ARTICLE = re.compile(r"^(abd)(?:el|al|ul)(?=(?:ch|sh|th|dh|[tdrzsnl]))")
# single c before e/i/y becomes s: keep the lookahead units in the table consistent
_LATIN_MAP_SOFT = {"c": "s", "g": "j"}


@lru_cache(maxsize=1 << 16)
def fold(s: str, *, keep: str = "") -> str:
    """The one text folding of the product: casefold, strip accents, Arabic short vowels and
    tatweel, Arabic-Indic digits to 0-9, and every run of characters that are neither letters nor
    digits (punctuation, ``_``, spaces) to one space. Letters of any script and digits stay.

    ``keep`` lists punctuation to leave in place instead (a typographic ’ counts as ').

    >>> fold("  ÉL-ALAOUI, Mohamed  ")
    'el alaoui mohamed'
    >>> fold("Triangle d’Or, Fès-Médina ٢٠")
    'triangle d or fes medina 20'
    >>> fold("Triangle d’Or, Fès-Médina", keep="'-")
    "triangle d'or fes-medina"
    """
    if not s:
        return ""
    if s.isascii():  # nothing to decompose, no mark, no Arabic digit: lowercasing is all
        return _spaced(s.lower(), keep)
    return _fold_unicode(s, keep)


def _fold_unicode(s: str, keep: str) -> str:
    """``fold`` for any text: decompose, casefold, drop combining marks and Arabic short
    vowels. Most of what a registry writes is plain ASCII, which ``fold`` folds without this
    walk over each character: at 10^5 nearly every party a worker scores is folded cold, so
    the walk was paid for nothing on most of them (issue 17)."""
    s = unicodedata.normalize("NFKD", s).casefold().translate(_EXTRA).translate(_DIGITS)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _spaced(_ARABIC_MARKS.sub("", s), keep)


def _spaced(s: str, keep: str) -> str:
    """Every run of separators (``_separators(keep)``) as one space, trimmed."""
    return " ".join(_separators(keep).sub(" ", s).split())


@lru_cache(maxsize=64)
def _separators(keep: str) -> re.Pattern[str]:
    """What ``fold`` turns into spaces: non-word characters and ``_``, less those in ``keep``."""
    if not keep:
        return _NON_WORD
    return re.compile(f"(?:(?![{re.escape(keep)}])[\\W_])+")


def strip_arabic_marks(s: str) -> str:
    """Remove Arabic short vowels, shadda and tatweel (they would split words)."""
    return _ARABIC_MARKS.sub("", s)


def tokens(s: str) -> list[str]:
    """The words of ``fold(s)``."""
    return fold(s).split()


def is_arabic(s: str) -> bool:
    """True when ``s`` holds at least one Arabic-script character."""
    return bool(_ARABIC_RE.search(s or ""))


def _letters() -> dict[str, dict[str, str]]:
    letters: dict[str, dict[str, str]] = load("arabic")["letters"]
    return letters


def _sun_letters() -> str:
    sun: str = load("arabic")["sun"]
    return sun


def _split_article(word: str) -> tuple[str, str, str]:
    """Split an Arabic word into (prefix, article, rest): عبدالرحيم → (عبد, ال, رحيم),
    ايتالطالب → (ايت, ال, طالب); heads from matching/data/arabic.yml ``article_heads``."""
    heads: list[str] = load("arabic")["article_heads"]
    for prefix in (*heads, ""):
        head = prefix + "ال"
        if word.startswith(head) and len(word) > len(head):
            return prefix, "ال", word[len(head):]
    return "", "", word


def arabic_final_letters() -> tuple[tuple[str, str], ...]:
    """(letter, how data entry often types it) for word-final letters written either way
    (ة / ه, ى / ي): matching/data/arabic.yml ``final_letters``."""
    pairs: list[list[str]] = load("arabic")["final_letters"]
    return tuple((letter, typed) for letter, typed in pairs)


def _split_tail(word: str) -> list[str]:
    """A compound written joined, split before a tail that carries its own article
    (نورالدين → [نور, الدين]; arabic.yml ``article_tails``), so that the article reads as
    Latin writes it (Noureddine), not as a letter inside the word."""
    tails: list[str] = load("arabic")["article_tails"]
    for tail in tails:
        if word.endswith(tail) and len(word) > len(tail) + 1:
            return [word[: -len(tail)], tail]
    return [word]


_DIGRAPH_CLASH = {("s", "h"), ("c", "h"), ("k", "h"), ("g", "h"), ("d", "h"), ("t", "h"),
                  ("p", "h"), ("d", "j"), ("s", "c")}


def _translit_letters(word: str, out: list[str]) -> None:
    letters = _letters()
    for i, ch in enumerate(word):
        entry = letters.get(ch)
        piece = entry["translit"] if entry else ch
        if i == 0 and ch == "ع":
            piece = "a"
        elif i == 0 and ch == "ي":
            piece = "y"
        if piece == "g" and i + 1 < len(word) and letters.get(word[i + 1], {}).get(
                "translit", "")[:1] in ("i", "e"):
            piece = "gu"
        if piece and out and (out[-1][-1:], piece[0]) in _DIGRAPH_CLASH:
            out.append("'")
        if piece:
            out.append(piece)


@lru_cache(maxsize=1 << 14)
def transliterate_arabic(s: str) -> str:
    """Romanise Arabic script in French orthography, long vowels only (محمد → mhmd).

    The article assimilates before sun letters (الزهراء → "ezzhra") and reads "el"
    before moon letters (الإدريسي → "elidrisi"), also inside a compound written joined
    (نورالدين → "nourddin"). Latin text passes through folded.
    """
    words = []
    for word in fold(s).split():
        if not is_arabic(word):
            words.append(word)
            continue
        words.append("".join(_transliterate_word(part) for part in _split_tail(word)))
    return " ".join(words)


def _transliterate_word(word: str) -> str:
    prefix, article, rest = _split_article(word)
    out: list[str] = []
    _translit_letters(prefix, out)
    if article and rest[0] in _sun_letters():
        first = _letters()[rest[0]]["translit"]
        out.append("e" + first)
    elif article:
        out.append("el")
    _translit_letters(rest, out)
    latin = "".join(out)
    if latin in _ARTICLES and not article:
        latin += latin[-1]  # a word that only reads like the article ("ىل" → "all", not "al")
    return latin


def _latin_classes(token: str) -> str:
    out = []
    for m in _LATIN_UNITS.finditer(token):
        unit = m.group()
        if unit in ("c", "g") and m.end() < len(token) and token[m.end()] in "eiy":
            out.append(_LATIN_MAP_SOFT[unit])
        else:
            out.append(_LATIN_MAP.get(unit, ""))
    return "".join(out)


def _arabic_classes(token: str) -> str:
    return "".join(_arabic_word_classes(part) for part in _split_tail(token))


def _arabic_word_classes(token: str) -> str:
    letters = _letters()
    prefix, article, rest = _split_article(token)
    head = "".join(letters[c]["skeleton"] if c in letters else "" for c in prefix)
    if article and rest[0] not in _sun_letters():
        head += "l"
    return head + "".join(letters[c]["skeleton"] if c in letters else "" for c in rest)


def _starts_with_sun(word: str) -> bool:
    if is_arabic(word[:1]):
        return word[0] in _sun_letters()
    first = _LATIN_UNITS.match(word)
    return first is not None and _LATIN_MAP.get(first.group(), "") in _SUN_CLASSES


def _token_classes(words: list[str]) -> list[str]:
    out = []
    for i, word in enumerate(words):
        if word == "ال":  # the article written apart
            out.append("" if i + 1 < len(words) and _starts_with_sun(words[i + 1]) else "l")
            continue
        if is_arabic(word):
            out.append(_arabic_classes(word))
            continue
        sun_next = i + 1 < len(words) and _starts_with_sun(words[i + 1])
        if word in _ARTICLES:
            out.append("" if sun_next else "l")
        elif word in _ABD_PARTICLES and sun_next:
            out.append("bd")
        else:
            out.append(_latin_classes(_ABD_ARTICLE.sub(r"\1e", word)))
    return out


_VOWEL_CLASS = str.maketrans({"a": "A", "e": "A", "i": "I", "y": "I", "o": "U", "u": "U", "w": "U"})


@lru_cache(maxsize=1 << 16)
def vowel_pattern(s: str) -> str:
    """Vowel classes of a Latin spelling in order, repeats collapsed: Bennani → AI, Bennouna → AUA.

    a/e are one class (fatha is written either way), i/y another, o/u/ou/w a third.
    """
    letters = "".join(c for c in fold(s) if "a" <= c <= "z")
    classes = "".join(c for c in letters.translate(_VOWEL_CLASS) if c in "AIU")
    return re.sub(r"(.)\1+", r"\1", classes)


def vowels_compatible(a: str, b: str) -> bool:
    """Whether two Latin spellings with the same skeleton can spell one Arabic name.

    Skeletons drop vowels, so Bennani and Bennouna (بناني / بنونة) meet; their vowels do not.
    A leading vowel may differ (ع is written a, o or nothing: Amrani / Omrani).
    """
    pa, pb = vowel_pattern(a), vowel_pattern(b)
    starts_a = fold(a)[:1] in "aeiouyw"
    starts_b = fold(b)[:1] in "aeiouyw"
    options_a = {pa, pa[1:]} if starts_a else {pa}
    options_b = {pb, pb[1:]} if starts_b else {pb}
    return bool(options_a & options_b)


_ARABIC_VOWELS = str.maketrans({"ا": "A", "ى": "A", "و": "U", "ي": "I"})
_ALEFS = "اأإآٱ"


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def arabic_vowels_fit(arabic: str, latin: str) -> bool:
    """Whether the long vowels Arabic writes (ا و ي) appear, in order, in a Latin spelling.

    Latin adds short vowels Arabic omits, never the reverse: بنونة fits Bennouna, not Bennani.
    A word-initial alef (a seat for a short vowel: إدريس / Driss) and ta marbuta are ignored.
    """
    return _subsequence(arabic_vowel_pattern(arabic), vowel_pattern(latin))


def arabic_vowel_pattern(arabic: str) -> str:
    """The long vowels an Arabic spelling writes, as vowel classes (بنونة → U, بناني → AI)."""
    words = []
    for word in fold(arabic).split():
        word = word[2:] if word.startswith("ال") and len(word) > 3 else word
        words.append(word.lstrip(_ALEFS))
    pattern = "".join(c for c in "".join(words).translate(_ARABIC_VOWELS) if c in "AIU")
    return re.sub(r"(.)\1+", r"\1", pattern)


@lru_cache(maxsize=1 << 16)
def skeleton(s: str) -> str:
    """Consonant skeleton where Latin French-orthography and Arabic spellings meet.

    >>> skeleton("Mohamed") == skeleton("Muhammad") == skeleton("محمد")
    True
    >>> skeleton("Fatima Ezzahra") == skeleton("فاطمة الزهراء") == skeleton("Fatima El Zahra")
    True
    """
    joined = "".join(_token_classes(fold(s).split()))
    return re.sub(r"(.)\1+", r"\1", joined)
