"""Turn a debtor's name into search terms a source's token search can match.

The sources AND every token, so a denomination written with its legal form ("ATLAS BTP SARL AU")
finds nothing where the listing says "Atlas BTP": legal forms and prefixes (reference data in
``spiders/data/legal_forms.yml``) are left out of search terms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from itertools import zip_longest
from typing import Any

import yaml
from rapidfuzz.distance import JaroWinkler

# the articles a family name may start with ("EL ALAOUI", "Ech-Chafai"): without_particle drops
# them; a trader's or a notice's words beside a surname are not given names when they are these
_ARTICLES = ("el", "al", "ech", "ed", "en", "er", "es", "et", "ez", "ag", "ad")
_INITIALS = re.compile(r"^\.\S*$|^[^\W\d_]\.$")  # ".A.R.L" (a form's remnant), "M." (initial)


@lru_cache(maxsize=1)
def legal_form_data() -> dict[str, Any]:
    text = resources.files("spiders").joinpath("data/legal_forms.yml").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def legal_form_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(canonical form, pattern) pairs, longest written variants first."""
    pairs = [(canonical, variant) for canonical, variants in legal_form_data()["forms"].items()
             for variant in variants]
    pairs.sort(key=lambda pair: len(pair[1]), reverse=True)
    return [(canonical, re.compile(rf"(?<![\w.]){variant}(?![\w])", _flags(variant)))
            for canonical, variant in pairs]


def _flags(variant: str) -> int:
    """Spelled-out forms match in any case; abbreviations only in capitals ("sa" is a word)."""
    letters = re.sub(r"\\[a-zA-Z]", "", variant)
    return re.IGNORECASE if any(c.islower() for c in letters) else 0


@lru_cache(maxsize=1)
def _any_legal_form() -> re.Pattern[str]:
    """Every variant in one alternation, each with its own case rule: one scan of a text finds
    where the first legal form starts (a notice was scanned once per variant, and that was
    a third of the crawl child's time at 10^4: issue 17)."""
    alternatives = []
    for _canonical, pattern in legal_form_patterns():
        scoped = "?i:" if pattern.flags & re.IGNORECASE else "?:"
        alternatives.append(f"({scoped}{pattern.pattern})")
    return re.compile("|".join(alternatives))


def find_legal_form(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first legal form written in ``text`` (canonical, span), the longest at a place
    (the first listed of equally long ones)."""
    first = _any_legal_form().search(text)
    if first is None:
        return None
    start = first.start()
    best: tuple[str, tuple[int, int]] | None = None
    for canonical, pattern in legal_form_patterns():
        match = pattern.match(text, start)
        if match and (best is None or match.end() > best[1][1]):
            best = (canonical, match.span())
    return best


def strip_legal_form(name: str) -> str:
    """A denomination without its legal forms and prefixes: "STE ATLAS BTP SARL AU" → "ATLAS BTP"."""
    text = name
    for _canonical, pattern in legal_form_patterns():
        text = pattern.sub(" ", text)
    words = text.split()
    prefixes = {p.casefold() for p in legal_form_data()["prefixes"]}
    while words and words[0].casefold().rstrip(".") in prefixes:
        words = words[1:]
    dangling = set(legal_form_data()["dangling"])
    words = [w for w in words if w not in {"-", "–", ","} and not _INITIALS.match(w)]
    while len(words) > 1 and words[-1] in dangling:
        words.pop()
    return " ".join(words).strip(" ,-")


def search_name(name: str | None) -> str | None:
    """The name as search terms, or None when nothing searchable is left."""
    if not name:
        return None
    stripped = strip_legal_form(name)
    return stripped or name.strip() or None


def surname(name: str | None) -> str | None:
    """The family name of a person written "NOM Prénom" (the Moroccan register convention:
    surname in capitals, DOMAIN.md §7), or None when the case does not tell it apart."""
    if not name:
        return None
    words = name.split()
    upper = [w for w in words if w.isupper() and any(c.isalpha() for c in w)]
    if not upper or len(upper) == len(words) or not words[0].isupper():
        return None
    lead: list[str] = []
    for word in words:
        if not word.isupper():
            break
        lead.append(word)
    return " ".join(lead)


def family_name(query: dict[str, Any]) -> str:
    """The person's family name: the query's own, else the one its name's capitals show
    ("EL ALAOUI Mohamed"), else ""."""
    return query.get("last_name") or surname(search_name(query.get("name"))) or ""


def given_names(query: dict[str, Any]) -> list[str]:
    """A person's given names as the query writes them (the name's words that are not the
    family name's), at most two: a search too broad under the surname is narrowed by them."""
    name = search_name(query.get("name")) or ""
    family_words = {w.casefold() for w in family_name(query).split()}
    words = [w for w in name.split() if w.casefold() not in family_words and len(w) > 1]
    return list(dict.fromkeys(words))[:2]


def given_initials(query: dict[str, Any]) -> list[str]:
    """The initials of a person's given names ("M" for Mohamed), in order, once each: registers
    and directories write "HILALI M." where the surname alone finds too many."""
    return list(dict.fromkeys(_initial(g) for g in given_names(query) if g[0].isalpha()))


_LETTERS = re.compile(r"[^\W\d_]+")
# words of a written family name that are not its core: a trader entry keeps or drops them
_NAME_PARTICLES = frozenset({*_ARTICLES, "ben", "bent", "ibn", "ait", "ou", "oul", "ould"})


def _initial(word: str) -> str:
    """The word's first letter in capitals, one letter ("ß" upper-cases to "SS": "S")."""
    return unicodedata.normalize("NFKD", word)[0].upper()[:1]


def name_initials(query: dict[str, Any]) -> frozenset[str]:
    """The initials the person's given names may be written with: of the names the query
    gives, and of every given-name spelling the parent computed (``name_variants``)."""
    initials = {_initial(i) for i in given_initials(query)}
    family = {w.casefold() for w in (query.get("last_name") or "").split()}
    for variant, _change in name_variants(query):
        initials |= {_initial(w) for w in _LETTERS.findall(variant)
                     if w.casefold() not in family and len(w) > 1}
    return frozenset(i for i in initials if i.isalpha())


def may_name_the_person(written: str | None, family: str, initials: frozenset[str],
                        spellings: frozenset[str] = frozenset()) -> bool:
    """Whether an entry written ``written`` (found under the surname ``family``) can name the
    person whose given names start with ``initials``: it has a word beside the family name's
    starting with one of them, or no such word at all ("HAJJI", "HAJJI M." with M, "Samira
    Rifi" with S). With no initials known, every entry can. With the person's ``spellings``
    (``given_spellings``), a written-out word must also be like one of them (``_may_spell``):
    "BENNANI Mustapha" is another man than a Mohamed, though both are M (issue 17: at 10^4 a
    common surname's traders of one initial each cost a detail page)."""
    if not initials or not written:
        return True
    own = {w.casefold() for w in _LETTERS.findall(family)} | _NAME_PARTICLES
    others = [w for w in _LETTERS.findall(written) if w.casefold() not in own]
    return not others or any(_may_be_theirs(w, initials, spellings) for w in others)


#: how alike a written-out given name must be to one of the person's spellings (Jaro-Winkler
#: on folded words; Sihem/Siham 0.92, Hasan/Hassan 0.97, Mohamed/Mustapha 0.61): a spelling
#: the parent's table lacks still passes, another given name of the same initial does not
SPELLING_LIKENESS = 0.8


def _may_be_theirs(word: str, initials: frozenset[str], spellings: frozenset[str]) -> bool:
    """Whether a word beside the family name may be one of the person's given names: as
    ``_may_spell`` judges it with their ``spellings``, and with none known, whether it starts
    with one of their ``initials``."""
    return _may_spell(word, initials, spellings) if spellings else _initial(word) in initials


def _may_spell(word: str, initials: frozenset[str], spellings: frozenset[str]) -> bool:
    """An initial that is one of the person's, a word in another script (not judged here), a
    word spelled like one of ``spellings`` (honorifics beside it do no harm: any word will), or
    the short form of a name in Abd- (DOMAIN §7.2b: Aziz for Abdelaziz, Hamid for Abdelhamid;
    session 25: "Ouali Aziz" at the row's door for EL OUALI Abdulaziz)."""
    if len(word) == 1:
        return _initial(word) in initials
    folded = fold(word)
    if not folded.isascii():
        return True
    return any(JaroWinkler.similarity(folded, s) >= SPELLING_LIKENESS
               or _short_of_abd(folded, s) for s in spellings)


def _short_of_abd(word: str, spelling: str) -> bool:
    """Whether ``word`` is what a name in Abd- is called by: its second part, written as in
    the name ("aziz" of "abdelaziz", "abdulaziz", "abd el aziz" folded together)."""
    return (len(word) >= 4 and spelling.startswith("abd") and spelling.endswith(word)
            and len(spelling) - len(word) >= 3)


def fold(word: str) -> str:
    """A word with its case and accents folded (Salé → sale, MOUSSAOUI → moussaoui)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def given_spellings(query: dict[str, Any]) -> frozenset[str]:
    """Every spelling the person's given names are known in, folded: each word of the name
    that is not the family name's (all of them, not two), and each of the parent's
    ``name_variants`` (other spellings and nicknames from matching's table)."""
    family = {w.casefold() for w in _LETTERS.findall(family_name(query))} | _NAME_PARTICLES
    names = [search_name(query.get("name")) or "", *(v for v, _ in name_variants(query))]
    return frozenset(fold(w) for name in names for w in _LETTERS.findall(name)
                     if w.casefold() not in family and len(w) > 1)


def mentions_the_person(text: str, family: str, initials: frozenset[str], reach: int = 2,
                        spellings: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` (a notice found under a surname) writes that surname beside a word
    starting with one of the person's given-name initials, within ``reach`` words either side
    ("M. ALAOUI A.", "Monsieur Mohamed EL ALAOUI"), or names nobody else beside it. With no
    initials or no family name known, every text may. The test is the narrowed surname +
    initial search's own (may_name_the_person), applied to each mention; a text where the
    surname is not found as written is kept (the search found it some other way)."""
    core = [w.casefold() for w in _LETTERS.findall(family) if w.casefold() not in _NAME_PARTICLES]
    if not initials or not core:
        return True
    words = _LETTERS.findall(text)
    folded = [w.casefold() for w in words]
    mentioned = False
    first = core[0]
    for i in range(len(words) - len(core) + 1):
        # the first word compared alone before the slice: most words are not the surname's
        if folded[i] != first or folded[i:i + len(core)] != core:
            continue
        mentioned = True
        before = [w for w in words[max(0, i - reach - 1):i] if _may_be_given(w, _CIVILITIES)]
        j = i - 1
        while j >= 0 and folded[j] in _NAME_PARTICLES:
            j -= 1
        if j >= 1 and words[j] == "M" and folded[j - 1] in _TITLES:
            before.append("M")  # "M. M. Lahlou", "Mme M. AIT TALEB": after a civility, an initial
        after = [w for w in words[i + len(core):i + len(core) + reach]
                 if _may_be_given(w, _CIVILITIES - {"m"})]
        others = before[-reach:] + after
        if not others or any(_may_be_theirs(w, initials, spellings) for w in others):
            return True
    return not mentioned  # written otherwise than searched (glued, another script): kept


# words beside a name in a notice that are not given names: a civility before it ("M." is
# Monsieur there, an initial only after the name), links and roles around it
_LINKS = frozenset({"de", "du", "des", "la", "le", "les", "et", "a", "au", "aux", "en", "par",
                    "pour", "sur", "ne", "nee", "fils", "fille", "demeurant", "gerant", "gerante",
                    "associe", "associee", "titulaire", "cin", "sa", "sarl"}) | _NAME_PARTICLES
_TITLES = frozenset({"m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle"})
_CIVILITIES = _LINKS | _TITLES | {"sieur", "dame", "feu", "hadj", "haj"}


def _may_be_given(word: str, not_names: frozenset[str]) -> bool:
    """Whether ``word`` can be a given name or its initial: not one of ``not_names`` (accents
    ignored), and a single letter only in capitals ("A." is an initial, "à" a word: the link
    words of ``not_names`` are lowercase words, so a capital "A" is never the preposition)."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()
    if len(word) == 1:  # a capital alone is an initial ("A." for Amina), unless a civility ("M.")
        return word.isupper() and (plain in _LINKS or plain not in not_names)
    return plain not in not_names


_ALIAS = re.compile(r"\(([^()]{2,40})\)|\b(?:sigle|enseigne|dite?|nom commercial)\s*:?\s*[«\"“]?"
                    r"([^,;()«»\"”]{2,40})", re.IGNORECASE)
_PARTICLE = re.compile(rf"^(?:{'|'.join(_ARTICLES)})[- ](?=\w{{3}})", re.IGNORECASE)


def aliases(name: str) -> list[str]:
    """Sigles and trade names a debtor's name carries ("ATLAS BTP (AB)", "… enseigne NOUR
    TRANSPORT"), and the name without them, each as search terms."""
    found = [search_name(m.group(1) or m.group(2)) for m in _ALIAS.finditer(name)]
    bare = search_name(_ALIAS.sub(" ", name))
    out = [a for a in found if a]
    if found and bare and bare != search_name(name):
        out.append(bare)
    return [a for a in dict.fromkeys(out) if a.strip()]


def without_initials(name: str) -> str:
    """A searched name without the one-letter words a narrower search adds ("ENNACIRI B" →
    "ENNACIRI"): the family name a judge of that search's entries reads (session 24: read as
    part of the family name, the initial hid "Ennaciri B. ben Yassine")."""
    return " ".join(w for w in name.split() if len(w) > 1)


def without_particle(surname: str) -> str:
    """A family name without its leading particle (El, Ech-, Ez-…): directories and notices
    write "Alaoui" as often as "EL ALAOUI" or "Elalaoui"."""
    return _PARTICLE.sub("", surname.strip()).strip() or surname


def national_phone(phone: str | None) -> str | None:
    """A Moroccan number in its national 10-digit form ("+212 6 61…", "00212661…" →
    "0661…"), or None when it is not one (DOMAIN §5): a reverse search on anything else is
    refused by the directory."""
    digits = re.sub(r"\D", "", phone or "")
    for prefix in ("00212", "212"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 9:
            digits = "0" + digits[len(prefix):]
            break
    return digits if re.fullmatch(r"0[5-8]\d{8}", digits) else None


def name_variants(query: dict[str, Any]) -> list[tuple[str, str]]:
    """The query's ``name_variants`` as (name, change) pairs: a person's name with a given
    name spelled otherwise ("EL ALAOUI Mohamed", "Mohammed → Mohamed"), computed by the parent
    from matching's tables (the crawl child does not import matching); malformed ones skipped."""
    found: list[tuple[str, str]] = []
    for item in query.get("name_variants") or []:
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(
                isinstance(x, str) and x.strip() for x in item):
            found.append((str(item[0]).strip(), str(item[1]).strip()))
    return found


def given_name_spellings(query: dict[str, Any], limit: int = 2) -> list[tuple[str, str]]:
    """The given names of the parent's ``name_variants`` alone, as (spelling, change) pairs
    ("Hassan", "Hasan → Hassan"), commonest first, at most ``limit``: a surname too broad to
    read is narrowed by each, since the register writes "EL IDRISSI Hadj Hassan" for a
    portfolio's "EL IDRISSI Hasan" and neither the initial nor the name as written finds it."""
    found: list[tuple[str, str]] = []
    for _variant, change in name_variants(query):
        spelling = change.rpartition("→")[2].strip()
        if spelling and spelling.casefold() not in (s.casefold() for s, _ in found):
            found.append((spelling, change))
    return found[:max(0, limit)]


@lru_cache(maxsize=1)
def _spelling_rules() -> dict[str, Any]:
    text = resources.files("spiders").joinpath("data/family_spellings.yml").read_text("utf-8")
    rules: dict[str, Any] = yaml.safe_load(text)
    return rules


def family_spellings(family: str) -> list[str]:
    """Other ways a source may write the family name ``family`` (one word, as the query gives
    it), by the rules of ``spiders/data/family_spellings.yml`` (DOMAIN §7.2): a glued article
    split off ("ELMANSOURI" → "MANSOURI"), an assimilated one too ("EDDAOUDI" → "DAOUDI"), a
    glued kinship prefix detached ("BENABDELLAH" → "BEN ABDELLAH"), a leading W for OU and
    back ("WAZZANI" ↔ "OUAZZANI"); a two-word name with its article or prefix glued ("EL
    ALAOUI" → "ELALAOUI", ``_glued``). Upper case, the name itself left out."""
    rules = _spelling_rules()
    word = unicodedata.normalize("NFKD", family.strip()).encode("ascii", "ignore").decode().upper()
    parts = word.replace("-", " ").split()
    if len(parts) == 2 and all(p.isalpha() for p in parts):
        return _glued(parts, rules)
    if not word.isalpha():
        return []
    rest_len = int(rules["min_rest"])
    found: list[str] = []
    for article in rules["glued_articles"]:
        if word.startswith(article.upper()) and len(word) - len(article) >= rest_len:
            found.append(word[len(article):])
    for letter in rules["sun_letters"]:
        doubled = f"E{letter.upper()}{letter.upper()}"
        if word.startswith(doubled) and len(word) - len(doubled) + len(letter) >= rest_len:
            found.append(word[1 + len(letter):])
        # written single before a consonant ("ECHRAIBI", "ESLAOUI"): the E alone is the
        # article, since no name of ours opens on E + two consonants otherwise
        single = f"E{letter.upper()}"
        after = word[len(single):len(single) + 1]
        if (word.startswith(single) and not word.startswith(doubled) and after.isalpha()
                and after not in "AEIOUYH" and len(word) - 1 >= rest_len):
            found.append(word[1:])
    for kin in rules["glued_kin"]:
        if word.startswith(kin.upper()) and len(word) - len(kin) >= rest_len:
            found.append(f"{kin.upper()} {word[len(kin):]}")
    if rules["w_as_ou"] and len(word) > 2:
        if word[0] == "W" and word[1] in "AEIOUY":
            found.append("OU" + word[1:])
        elif word.startswith("OU") and word[2:3] in tuple("AEIOUY") and len(word) > 3:
            found.append("W" + word[2:])
    # a spelling shorter than the rest an article may leave is too short to search by
    # ("OUAA" -> "WAA"), whichever rule made it
    return [s for s in dict.fromkeys(found)
            if s != word and len(s.replace(" ", "")) >= rest_len]


def _glued(parts: list[str], rules: dict[str, Any]) -> list[str]:
    """A two-word family name whose first word is an article or a kinship prefix, glued as
    notices and directories often print it: "EL ALAOUI" → "ELALAOUI", "BEN JELLOUN" →
    "BENJELLOUN", "AIT OUAHMANE" → "AITOUAHMANE", "ECH CHAFII" → "ECHCHAFII"; El/Al before a
    sun letter assimilated as French orthography writes it ("EL SAADI" → "ESSAADI")."""
    prefix, rest = parts[0].lower(), parts[1]
    glueable = {*_ARTICLES, *rules["glued_kin"]}
    if prefix not in glueable or len(rest) < 3:
        return []
    if prefix in rules["glued_articles"]:
        for letter in sorted(rules["sun_letters"], key=len, reverse=True):
            if rest.lower().startswith(letter):
                return [f"E{letter.upper()}{rest}"]
    return [f"{parts[0]}{rest}"]


@lru_cache(maxsize=1)
def _respell_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rule["find"]), rule["to"]) for rule in _spelling_rules()["respell"])


def respellings(family: str, limit: int | None = None) -> list[str]:
    """Other French transcriptions of the family name ``family`` (one word), each one rule
    of ``spiders/data/family_spellings.yml`` ``respell`` applied at one place, in rule order:
    "RMADANI" → "RAMDANI", "ZMOURI" → "ZEMOURI", "KABAJ" → "KABBAJ", "SLAWI" → "SLAOUI"
    (DOMAIN §7.2: vowels, doubled consonants, ou/w, q/k). Each keeps the name's consonant
    skeleton, so the matcher compares it with the portfolio's as the same name; a token
    search must still be asked for each by name. At most ``limit`` (the file's
    ``respell_limit`` by default), the first place each rule applies at before any second
    place, upper case, the name itself and names under 4 letters left out."""
    word = unicodedata.normalize("NFKD", family.strip()).encode("ascii", "ignore").decode().upper()
    if not word.isalpha() or len(word) < 4:
        return []
    cap = int(_spelling_rules()["respell_limit"]) if limit is None else max(0, limit)
    by_rule = [[word[:m.start()] + m.expand(to) + word[m.end():] for m in pattern.finditer(word)]
               for pattern, to in _respell_rules()]
    # the first place of every rule, then the second...: a long name's many doubled letters
    # must not crowd out its vowels within the limit ("BOUZEDI" → "BOUZIDI")
    found = [s for round_ in zip_longest(*by_rule) for s in round_ if s is not None]
    return [s for s in dict.fromkeys(found) if s != word][:cap]
