"""Person and company names written the many ways Moroccan records write them.

The rules (transliteration variants, particles glued or split, surname first, initials,
nicknames, typos, Arabic script) come from shared/DOMAIN.md §7; the spellings are the generator's
own tables in data/names.yml and data/companies.yml.
"""

from __future__ import annotations

import random
import string

from skiptrace.sandbox.entities import Company, Person
from skiptrace.sandbox.tables import pick, tables

LETTERS = string.ascii_lowercase


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a swapped, dropped, doubled or replaced letter (not the first one)."""
    letters = [i for i, c in enumerate(text) if c.isalpha() and i > 0]
    if len(letters) < 3:
        return text
    i = pick(rng, letters[:-1])
    op = int(rng.random() * 4)
    if op == 0 and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if op == 1:
        return text[:i] + text[i + 1:]
    if op == 2:
        return text[:i] + text[i] + text[i:]
    repl = pick(rng, LETTERS)
    return text[:i] + (repl.upper() if text[i].isupper() else repl) + text[i + 1:]


def given_spelling(rng: random.Random, name: dict, p_variant: float = 0.35) -> str:
    if name.get("variants") and rng.random() < p_variant:
        return pick(rng, name["variants"])
    return name["name"]


def family_spelling(rng: random.Random, family: dict, p_variant: float = 0.35) -> str:
    """The surname as written: canonical, a listed spelling, or its particle glued/split."""
    text = family["name"]
    if rng.random() >= p_variant:
        return text
    if family.get("variants") and rng.random() < 0.7:
        return pick(rng, family["variants"])
    head, _, rest = text.partition(" ")
    if rest and head in tables().names["particles"]:
        return head + rest if rng.random() < 0.5 else rest
    return text


def person_name(rng: random.Random, person: Person, *, p_variant: float = 0.35,
                p_typo: float = 0.04, allow_nick: bool = False, allow_missing_first: bool = True) -> str:
    """How one record writes this person's name."""
    family = family_spelling(rng, person.family, p_variant)
    given = given_spelling(rng, person.first, p_variant)
    if person.second and rng.random() < 0.6:
        given += " " + given_spelling(rng, person.second, p_variant)
    r = rng.random()
    if allow_nick and person.first.get("nick") and r < 0.15:
        given = pick(rng, person.first["nick"])
    elif r < 0.22:
        given = given[0] + "."
    elif allow_missing_first and r < 0.27:
        given = ""
    elif r < 0.30:
        honorifics = tables().names["honorifics"]["male" if person.sex == "M" else "female"]
        given = pick(rng, honorifics) + " " + given
    style = rng.random()
    if style < 0.45:
        text = f"{family} {given}"
    elif style < 0.70:
        text = f"{given} {family.title()}"
    elif style < 0.85:
        text = f"{family.title()} {given}"
    else:
        text = f"{given} {family}"
    text = " ".join(text.split())
    return typo(rng, text) if rng.random() < p_typo else text


def arabic_name(person: Person) -> str:
    """The Arabic-script name as civil status writes it: given names, then family name."""
    given = person.first["ar"] + (f" {person.second['ar']}" if person.second else "")
    return f"{given} {person.family['ar']}"


def with_father(rng: random.Random, person: Person, name: str) -> str:
    """'X fils de Y' / 'X bent Y', as land books and notarial deeds write filiation."""
    forms = tables().names["kinship"]["son" if person.sex == "M" else "daughter"]
    return pick(rng, forms).format(name=name, father=person.father["name"])


def legal_form_text(rng: random.Random, company: Company) -> str:
    return pick(rng, company.legal_form["written"])


def company_name(rng: random.Random, company: Company, *, p_form: float = 0.5,
                 p_prefix: float = 0.2, p_old: float = 0.0, p_typo: float = 0.03) -> str:
    """How one record writes the company: with or without its form, 'STE' prefix, acronym or
    sigle (rates.yml register.sigle_written), old name."""
    base = company.old_name if company.old_name and rng.random() < p_old else company.denomination
    words = base.split()
    if company.sigle and base == company.denomination and \
            rng.random() < tables().rates["register"]["sigle_written"]:
        return company.sigle
    if len(words) >= 3 and rng.random() < 0.15:
        base = "".join(w[0] for w in words)
    if rng.random() < p_prefix:
        base = f"{pick(rng, tables().companies['prefixes'])} {base}"
    if rng.random() < p_form:
        base = f"{base} {legal_form_text(rng, company)}"
    return typo(rng, base) if rng.random() < p_typo else base
