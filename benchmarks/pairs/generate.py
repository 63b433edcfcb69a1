"""Labelled record pairs for issue 14 ("Matching depth"), made without the matcher.

Each pair is a debtor as a CNSS portfolio writes it ("a") and a record of another source ("b":
land title, directory listing, legal notice, vehicle card, register extract) that describes the
same entity (label 1) or another one (label 0), in one of 25 categories (README.md lists them).
The generator imports nothing from ``matching`` nor ``skiptrace`` and only the standard library:
its reference lists are its own (``data/*.yml``, every list with its source), so the matcher is
never tested against its own tables.

    .venv/bin/python benchmarks/pairs/generate.py                 # seed 14 → pairs.jsonl
    .venv/bin/python benchmarks/pairs/generate.py --seed 3 --out /tmp/p.jsonl

Deterministic: one ``random.Random`` per category, seeded with ``"<seed>/<category>"`` (string
seeds hash with SHA-512, independent of PYTHONHASHSEED), lists read in file order, no set
iteration. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
DEFAULT_OUT = HERE / "pairs.jsonl"
SEED = 14
PER_CATEGORY = 160


# -- reading the reference lists ----------------------------------------------------------------

def _strip_comment(line: str) -> str:
    """The line without its comment: a # at the start or after a blank, outside quotes."""
    quote = ""
    for k, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (k == 0 or line[k - 1] in " [,"):
            quote = ch
        elif ch == "#" and (k == 0 or line[k - 1] in " \t"):
            return line[:k]
    return line


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _flow(text: str) -> list[str]:
    """The items of a one-line flow sequence ``[a, "b, c", d]``."""
    inner, items, cur, quote = text.strip()[1:-1], [], "", ""
    for ch in inner:
        if quote:
            cur += ch
            if ch == quote:
                quote = ""
        elif ch in "\"'" and not cur.strip():
            quote, cur = ch, cur + ch
        elif ch == ",":
            items.append(_scalar(cur))
            cur = ""
        else:
            cur += ch
    if cur.strip() or items:
        items.append(_scalar(cur))
    return items


def load_lists(path: Path) -> dict[str, list[Any]]:
    """Read the small YAML subset of data/*.yml: top-level keys, each a block list whose items are
    scalars or one-line flow lists of scalars, with # comments (the tests check that PyYAML
    reads the files the same way)."""
    out: dict[str, list[Any]] = {}
    key = None
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = _strip_comment(raw).rstrip()
        if not line.strip():
            continue
        if not line[0].isspace():
            if not line.endswith(":"):
                raise ValueError(f"{path.name}:{number}: expected 'key:'")
            key = line[:-1].strip()
            out[key] = []
            continue
        item = line.strip()
        if key is None or not item.startswith("- "):
            raise ValueError(f"{path.name}:{number}: expected '- item' under a key")
        value = item[2:].strip()
        out[key].append(_flow(value) if value.startswith("[") else _scalar(value))
    return out


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class Surname:
    particle: str  # "", el, sun, ben, bel, ait, bou
    root: str
    arabic: str


@dataclass(frozen=True)
class City:
    name: str
    prefixes: tuple[str, ...]
    variants: tuple[str, ...]
    postal: str


class Reference:
    """All reference lists, read once and checked for consistency."""

    def __init__(self, data: Path = DATA) -> None:
        g = load_lists(data / "given_names.yml")
        s = load_lists(data / "surnames.yml")
        self.arabic_rules = load_lists(data / "arabic.yml")
        p = load_lists(data / "places.yml")
        self.companies = load_lists(data / "companies.yml")
        self.ocr = load_lists(data / "ocr.yml")
        self.male = [n for n, _ in g["male"]]
        self.female = [n for n, _ in g["female"]]
        self.arabic = {n: a for n, a in g["male"] + g["female"]}
        self.spellings = {grp[0]: grp[1:] for grp in g["spellings"]}
        self.rules = g["orthography_rules"]
        self.nicknames: dict[str, list[str]] = {}
        for full, short in g["nicknames"]:
            self.nicknames.setdefault(full, []).append(short)
        self.compounds = {forms[0]: forms[1:] for forms in g["compounds"]}
        self.lookalikes = [tuple(pair) for pair in g["lookalikes"]]
        self.surnames = [Surname(*row) for row in s["plain"] + s["particles"]]
        self.particle_forms = {row[0]: row[1:] for row in s["particle_forms"]}
        self.cities = [City(n, tuple(pr.split("|")), tuple(v for v in va.split("|") if v), pc)
                       for n, pr, va, pc in p["cities"]]
        self.streets, self.quarters, self.estates = p["streets"], p["quarters"], p["estates"]
        self.mobile_prefixes, self.fixed_prefixes = p["mobile_prefixes"], p["fixed_prefixes"]
        self.check()

    def sex_of(self, name: str) -> str:
        return "m" if name in self.male else "f"

    def related(self, x: str, y: str) -> bool:
        """True when x and y are one name (a spelling, a nickname or a compound form of it)."""
        def forms(n: str) -> list[str]:
            return [n, *self.spellings.get(n, []), *self.nicknames.get(n, []),
                    *self.compounds.get(n, [])]
        fx = {f.casefold() for f in forms(x)}
        return any(f.casefold() in fx for f in forms(y))

    def check(self) -> None:
        names = self.male + self.female
        if len(set(names)) != len(names):
            raise ValueError("a given name is listed twice")
        for table, what in ((self.spellings, "spelling group"), (self.nicknames, "nickname"),
                            (self.compounds, "compound")):
            for head in table:
                if head not in self.arabic:
                    raise ValueError(f"{what} {head!r} is not in male/female")
        seen: dict[str, str] = {}
        for head, group in self.spellings.items():
            for v in [head, *group]:
                if v.casefold() in seen and seen[v.casefold()] != head:
                    raise ValueError(f"spelling {v!r} belongs to two names")
                seen[v.casefold()] = head
        for x, y in self.lookalikes:
            if x not in self.arabic or y not in self.arabic:
                raise ValueError(f"look-alike {x}/{y}: both must be in male/female")
            if self.arabic[x] == self.arabic[y] or self.related(x, y):
                raise ValueError(f"look-alike {x}/{y} is one name, not two")
            if levenshtein(x.casefold(), y.casefold()) > 2:
                raise ValueError(f"look-alike {x}/{y} is more than two letters apart")


# -- small helpers -------------------------------------------------------------------------------

def ice_control(first13: str) -> str:
    """DOMAIN.md §1.2: the 15-digit ICE is divisible by 97."""
    return f"{(-int(first13) * 100) % 97:02d}"


def ice_valid(value: str) -> bool:
    return len(value) == 15 and value.isdigit() and int(value) % 97 == 0


def legacy_reading(nine: str) -> str | None:
    """DOMAIN.md §5.1: how a 9-digit pre-2009 mobile number maps to today's plan
    (0[14567]x… → 06[14567]x…); None when the 9 digits do not read as a legacy mobile."""
    if len(nine) == 9 and nine[0] == "0" and nine[1] in "14567":
        return "06" + nine[1:]
    return None


def title(text: str) -> str:
    """'EL-ALAMI' → 'El-Alami', 'AÏT TALEB' → 'Aït Taleb'."""
    out, start = [], True
    for ch in text:
        out.append(ch.upper() if start else ch.lower())
        start = not ch.isalpha() and ch != "'"
    return "".join(out)


def iso(d: date) -> str:
    return d.isoformat()


@dataclass
class Person:
    sex: str
    given: list[str]  # canonical given names (one or two)
    surname: Surname
    surname_form: str  # the surname as this person's portfolio writes it
    birth: date
    city: City
    cin: str
    address: str
    phone: str
    father: str
    caps: bool = False  # the portfolio writes the whole name in capitals

    def given_text(self) -> str:
        return " ".join(self.given)

    def portfolio_name(self, given: str | None = None) -> str:
        g = self.given_text() if given is None else given
        name = f"{self.surname_form} {g}"
        return name.upper() if self.caps else name


@dataclass
class Company:
    designator: str  # "" or the portfolio's STE
    core: str  # the distinctive part ("ARGANE NEGOCE", "ZIANI TRANSPORT FRERES")
    legal_form: list[str]  # writings of its legal form, first = the portfolio's
    city: City
    ice: str
    rc: str
    address: str
    phone: str

    def name(self, designator: str | None = None, form: str | None = None) -> str:
        d = self.designator if designator is None else designator
        f = self.legal_form[0] if form is None else form
        return " ".join(x for x in (d, self.core, f) if x)


@dataclass
class Pair:
    variant: str
    a: dict[str, Any]
    b: dict[str, Any]
    agree: list[str] = field(default_factory=list)


class World:
    """Random entities and their writings, from one category's random generator."""

    def __init__(self, ref: Reference, rnd: random.Random) -> None:
        self.ref, self.rnd = ref, rnd

    # persons
    def surname_forms(self, s: Surname) -> list[str]:
        if not s.particle:
            return [s.root]
        prefix = "ECH" if s.root.startswith("CH") else "E" + s.root[0]
        return [f.replace("{R}", s.root).replace("{S}", prefix) for f in self.ref.particle_forms[s.particle]]

    def birth(self, lo: int = 1945, hi: int = 2000) -> date:
        if self.rnd.random() < 0.08:  # year-only births written as 1 January (issue 14)
            return date(self.rnd.randint(lo, hi), 1, 1)
        return date(self.rnd.randint(lo, hi), 1, 1) + timedelta(days=self.rnd.randrange(365))

    def cin(self, city: City) -> str:
        prefix = self.rnd.choice(city.prefixes)
        digits = 6 if len(prefix) == 1 or self.rnd.random() < 0.6 else 5
        return prefix + str(self.rnd.randrange(10 ** (digits - 1), 10 ** digits))

    def mobile(self) -> str:
        return "0" + self.rnd.choice(self.ref.mobile_prefixes) + f"{self.rnd.randrange(10 ** 7):07d}"

    def fixed(self) -> str:
        return "0" + self.rnd.choice(self.ref.fixed_prefixes) + f"{self.rnd.randrange(10 ** 5):05d}"

    def address(self) -> str:
        r, n = self.rnd, self.rnd.randint(1, 250)
        pattern = r.randrange(4)
        if pattern == 0:
            return f"N° {n}, Rue {r.choice(self.ref.streets)}, {r.choice(self.ref.quarters)}"
        if pattern == 1:
            return f"{n} Bd {r.choice(self.ref.streets)}, {r.choice(self.ref.quarters)}"
        if pattern == 2:
            return f"Lot. {r.choice(self.ref.estates)}, N° {n}, {r.choice(self.ref.quarters)}"
        return f"Résidence {r.choice(self.ref.estates)}, Imm. {r.randint(1, 30)}, Appt {r.randint(1, 40)}, {r.choice(self.ref.quarters)}"

    def rewrite_address(self, text: str) -> str:
        """The same address as another record writes it (abbreviations, DOMAIN.md §6.1)."""
        swaps = [("N° ", "No "), ("Rue ", "R. "), ("Résidence ", "Rés. "), ("Bd ", "Boulevard "),
                 ("Lot. ", "Lotissement "), ("Imm. ", "Immeuble "), (", ", " ")]
        self.rnd.shuffle(swaps)
        for old, new in swaps[:2]:
            text = text.replace(old, new)
        return text

    def city_text(self, city: City) -> str:
        if city.variants and self.rnd.random() < 0.15:
            return self.rnd.choice(city.variants)
        return city.name

    def other_city(self, city: City) -> City:
        return self.rnd.choice([c for c in self.ref.cities if c is not city])

    def given_name(self, sex: str, exclude: tuple[str, ...] = ()) -> str:
        pool = self.ref.male if sex == "m" else self.ref.female
        return self.rnd.choice([n for n in pool if n not in exclude])

    def person(self, sex: str | None = None, given: list[str] | None = None,
               surname: Surname | None = None, two_given: float = 0.15) -> Person:
        r = self.rnd
        if given:
            sex = self.ref.sex_of(given[0])
        sex = sex or r.choice("mf")
        if not given:
            given = [self.given_name(sex)]
            if r.random() < two_given and " " not in given[0]:
                second = self.given_name(sex, exclude=(given[0],))
                if " " not in second and not self.ref.related(given[0], second):
                    given.append(second)
        surname = surname or r.choice(self.ref.surnames)
        forms = self.surname_forms(surname)
        form = forms[0] if r.random() < 0.6 else r.choice(forms[:-1] or forms)
        city = r.choice(self.ref.cities)
        return Person(sex, list(given), surname, form, self.birth(), city, self.cin(city),
                      self.address(), self.mobile(), self.given_name("m"), r.random() < 0.15)

    def portfolio(self, p: Person, name: str | None = None, father: bool = True) -> dict[str, Any]:
        """The debtor as a CNSS portfolio writes it: every field it has."""
        a: dict[str, Any] = {"kind": "person", "name": name or p.portfolio_name(), "cin": p.cin,
                             "birth_date": iso(p.birth), "city": p.city.name, "address": p.address,
                             "phones": [p.phone]}
        if father and self.rnd.random() < 0.4:
            a["father_name"] = p.father
        return a

    def record(self, p: Person, name: str) -> tuple[dict[str, Any], list[str]]:
        """Another source's record of the same person under ``name``, with one of three contexts:
        birth date and city (a land title, a notice), address and city (a directory), city
        only. Returns the record and the fields on which it agrees with the portfolio."""
        r = self.rnd.random()
        b: dict[str, Any] = {"kind": "person", "name": name}
        if r < 0.5:
            b.update(birth_date=iso(p.birth), city=self.city_text(p.city))
            return b, ["birth_year", "city"]
        if r < 0.75:
            b.update(city=self.city_text(p.city), address=self.rewrite_address(p.address))
            return b, ["address", "city"]
        b["city"] = self.city_text(p.city)
        return b, ["city"]

    # companies
    def ice(self, leading_zeros: bool = False) -> str:
        first9 = self.rnd.randrange(1, 10 ** 6) if leading_zeros else self.rnd.randrange(10 ** 8, 10 ** 9)
        est = "0000" if self.rnd.random() < 0.85 else f"{self.rnd.randint(1, 3):04d}"
        first13 = f"{first9:09d}" + est
        return first13 + ice_control(first13)

    def legal_form(self) -> list[str]:
        forms = self.ref.companies["legal_forms"]
        weights = [4, 4, 1, 1, 1]
        return list(self.rnd.choices(forms, weights)[0])

    def company(self, core: str | None = None, designator: float = 0.6,
                leading_zeros: bool = False) -> Company:
        r, c = self.rnd, self.ref.companies
        core = core or f"{r.choice(c['cores'])} {r.choice(c['activities'])}"
        city = r.choice(self.ref.cities)
        des = c["designators"][0] if r.random() < designator else ""
        return Company(des, core, self.legal_form(), city, self.ice(leading_zeros),
                       str(r.randrange(1, 10 ** r.randint(4, 6))), self.address(), self.fixed())

    def register(self, c: Company, name: str | None = None) -> dict[str, Any]:
        """The debtor company as the portfolio writes it."""
        return {"kind": "company", "name": name or c.name(), "ice": c.ice, "rc": c.rc,
                "tribunal": c.city.name, "city": c.city.name, "address": c.address,
                "phones": [c.phone]}

    def company_record(self, c: Company, name: str) -> tuple[dict[str, Any], list[str]]:
        b: dict[str, Any] = {"kind": "company", "name": name}
        r = self.rnd.random()
        if r < 0.6:
            b["city"] = self.city_text(c.city)
            return b, ["city"]
        if r < 0.85:
            b.update(city=self.city_text(c.city), address=self.rewrite_address(c.address))
            return b, ["address", "city"]
        return b, []


# -- positive categories: persons -----------------------------------------------------------------

def _cycle(i: int, options: list[str]) -> str:
    return options[i % len(options)]


def rule_variants(ref: Reference, name: str) -> list[tuple[str, str]]:
    """(rule, spelling) for every orthography rule that applies to ``name`` and gives a spelling
    that is not another listed name."""
    known = {n.casefold() for n in ref.male + ref.female}
    for group in ref.spellings.values():
        known.update(v.casefold() for v in group)
    out = []
    for rule, old, new, where in ref.rules:
        low, o = name.casefold(), old.casefold()
        if where == "start" and low.startswith(o):
            variant = new + name[len(old):]
        elif where == "end" and low.endswith(o):
            variant = name[: len(name) - len(old)] + new
        elif where == "any" and o in low[1:-1]:
            k = low.index(o, 1)
            if k + len(o) >= len(low):
                continue
            if new.casefold() == o * 2 and not (low[k - 1] in "aeiou" and low[k + 1] in "aeiou"):
                continue  # a consonant is doubled between two vowels (Jalal / Jallal), not elsewhere
            variant = name[:k] + new + name[k + len(old):]
        else:
            continue
        tripled = any(x == y == z for x, y, z in zip(variant, variant[1:], variant[2:], strict=False))
        if variant.casefold() not in known and " " not in name and not tripled:
            out.append((rule, variant))
    return out


def spelling(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    if i % 10 < 7:
        head = r.choice(list(ref.spellings))
        group = [head, *ref.spellings[head]]
        left = head if r.random() < 0.75 else r.choice(group)
        right = r.choice([g for g in group if g != left])
        variant = "group"
    else:
        while True:
            head = r.choice(ref.male + ref.female)
            options = rule_variants(ref, head)
            if options:
                break
        rule, right = r.choice(options)
        left, variant = head, f"rule:{rule}"
    p = w.person(given=[head])
    a = w.portfolio(p, p.portfolio_name(left))
    b, agree = w.record(p, p.portfolio_name(right))
    return Pair(variant, a, b, agree)


def nickname(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    full = r.choice(list(ref.nicknames))
    short = r.choice(ref.nicknames[full])
    p = w.person(given=[full])
    surname = p.surname_form
    right = f"{short} {surname}" if r.random() < 0.5 else f"{surname} {short}"
    if r.random() < 0.8:
        a = w.portfolio(p)
        b, agree = w.record(p, right)
        return Pair("full>short", a, b, agree)
    a = w.portfolio(p, right)
    b, agree = w.record(p, p.portfolio_name())
    return Pair("short>full", a, b, agree)


def dropped_given(w: World, i: int) -> Pair:
    r = w.rnd
    while True:
        p = w.person(two_given=1.0)
        if len(p.given) == 2:
            break
    one = p.portfolio_name(p.given[0])
    if r.random() < 0.7:
        a = w.portfolio(p)
        b, agree = w.record(p, one)
        return Pair("second_dropped", a, b, agree)
    a = w.portfolio(p, one)
    b, agree = w.record(p, p.portfolio_name())
    return Pair("second_added", a, b, agree)


def initials(given: list[str]) -> str:
    parts = []
    for g in given:
        for word in g.replace("-", " ").split():
            parts.append(word[0].upper() + ".")
    return "".join(parts)


def initial(w: World, i: int) -> Pair:
    style = _cycle(i, ["I. SURNAME", "SURNAME I.", "I SURNAME", "Surname I.", "II. SURNAME"])
    while True:
        p = w.person(two_given=0.5 if style == "II. SURNAME" else 0.1)
        ini = initials(p.given)
        if style != "II. SURNAME" or len(ini) > 2:
            break
    s = p.surname_form
    if style in ("I. SURNAME", "II. SURNAME"):
        right = f"{ini} {s}"
    elif style == "SURNAME I.":
        right = f"{s} {ini}"
    elif style == "I SURNAME":
        right = f"{ini.replace('.', '')} {s}"
    else:
        right = f"{title(s)} {ini}"
    a = w.portfolio(p)
    b, agree = w.record(p, right)
    return Pair(style, a, b, agree)


def order_case(w: World, i: int) -> Pair:
    p = w.person()
    g, s = p.given_text(), p.surname_form
    style = _cycle(i, ["Given Surname", "given surname", "GIVEN SURNAME", "Surname, Given",
                       "Given SURNAME"])
    right = {"Given Surname": f"{g} {title(s)}", "given surname": f"{g} {s}".lower(),
             "GIVEN SURNAME": f"{g} {s}".upper(), "Surname, Given": f"{title(s)}, {g}",
             "Given SURNAME": f"{g} {s}"}[style]
    a = w.portfolio(p)
    b, agree = w.record(p, right)
    return Pair(style, a, b, agree)


def particles(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    kinds = ["el", "sun", "ben", "bel", "ait", "bou", "sun", "el"]
    kind = _cycle(i, kinds)
    surname = r.choice([s for s in ref.surnames if s.particle == kind])
    p = w.person(surname=surname)
    forms = w.surname_forms(surname)
    left, right = r.sample(forms, 2)
    p.surname_form = left
    right_name = f"{right} {p.given_text()}"
    a = w.portfolio(p)
    b, agree = w.record(p, right_name.upper() if p.caps else right_name)
    templates = ref.particle_forms[kind]
    return Pair(f"{templates[forms.index(left)]} > {templates[forms.index(right)]}", a, b, agree)


def compound(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    head = r.choice(list(ref.compounds))
    forms = ref.compounds[head]
    p = w.person(given=[head])
    other = forms[i % len(forms)] if i < 2 * len(forms) else r.choice(forms)
    if r.random() < 0.8:
        a = w.portfolio(p)
        b, agree = w.record(p, p.portfolio_name(other))
        return Pair(f"{head} > {other}", a, b, agree)
    a = w.portfolio(p, p.portfolio_name(other))
    b, agree = w.record(p, p.portfolio_name())
    return Pair(f"{other} > {head}", a, b, agree)


def _arabic_given(ref: Reference, p: Person) -> str:
    return " ".join(ref.arabic[g] for g in p.given)


def _last_letter(word: str, table: list[list[str]]) -> str | None:
    for old, new in table:
        if word.endswith(old):
            return word[: -len(old)] + new
    return None


def arabic(w: World, i: int) -> Pair:
    r, ref, rules = w.rnd, w.ref, w.ref.arabic_rules
    style = _cycle(i, ["given_first", "surname_first", "kinship", "kinship", "final_letter",
                       "abd_eddine", "ait", "hamza"])
    for _ in range(1000):
        p = w.person(two_given=0.1)
        g_ar, s_ar = _arabic_given(ref, p), p.surname.arabic
        if style == "final_letter":
            words = (g_ar + " " + s_ar).split()
            k = r.randrange(len(words))
            changed = _last_letter(words[k], rules["final_letters"])
            if changed is None:
                continue
            words[k] = changed
            right = " ".join(words)
        elif style == "abd_eddine":
            fused = g_ar
            for part, where in rules["compound_parts"]:
                fused = fused.replace(part + " ", part) if where == "first" else fused.replace(" " + part, part)
            if fused == g_ar:
                continue
            right = f"{fused} {s_ar}"
        elif style == "ait":
            if p.surname.particle != "ait":
                continue
            form = r.choice(rules["ait_forms"])
            right = f"{g_ar} {s_ar.replace('آيت', form, 1)}"
        elif style == "hamza":
            first = g_ar[0]
            swap = dict(rules["hamza_dropped"])
            if first not in swap:
                continue
            right = f"{swap[first]}{g_ar[1:]} {s_ar}"
        elif style == "kinship":
            word = dict(rules["kinship"])[p.sex]
            right = f"{g_ar} {word} {ref.arabic[p.father]} {s_ar}"
        elif style == "surname_first":
            right = f"{s_ar} {g_ar}"
        else:
            right = f"{g_ar} {s_ar}"
        break
    else:  # pragma: no cover - the lists always hold a fitting person
        raise RuntimeError(f"no person fits the Arabic style {style}")
    a = w.portfolio(p, father=style != "kinship")
    if style == "kinship" and r.random() < 0.5:
        a["father_name"] = p.father
    b, agree = w.record(p, right)
    return Pair(style, a, b, agree)


def _digit_letter(w: World, text: str, times: int) -> str | None:
    table = w.ref.ocr["digit_letter"]
    spots = [(k, d) for k, ch in enumerate(text) for letter, d in table if ch == letter]
    if len(spots) < times:
        return None
    for k, d in w.rnd.sample(spots, times):
        text = text[:k] + d + text[k + 1:]
    return text


def _replace_one(w: World, text: str, table: list[list[str]]) -> str | None:
    spots = [(k, old, new) for old, new in table for k in range(1, len(text))
             if text.startswith(old, k)]
    if not spots:
        return None
    k, old, new = w.rnd.choice(spots)
    return text[:k] + new + text[k + len(old):]


def ocr(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    style = _cycle(i, ["digit_letter", "digit_letter_x2", "split_letter", "merged_letter",
                       "particle_digit", "space_inserted"])
    for _ in range(1000):
        if style == "particle_digit":
            surname = r.choice([s for s in ref.surnames if s.particle in ("el", "sun", "ben", "bel", "ait", "bou")])
            p = w.person(surname=surname)
            p.surname_form = next(f for f in w.surname_forms(surname) if " " in f or "-" in f)
        else:
            p = w.person()
        upper = f"{p.surname_form} {p.given_text()}".upper()
        mixed = f"{p.given_text()} {title(p.surname_form)}"
        right: str | None
        if style == "digit_letter":
            right = _digit_letter(w, upper, 1)
        elif style == "digit_letter_x2":
            right = _digit_letter(w, upper, 2)
        elif style == "split_letter":
            right = _replace_one(w, mixed, ref.ocr["split_letters"])
        elif style == "merged_letter":
            right = _replace_one(w, mixed, ref.ocr["merged_letters"])
        elif style == "particle_digit":
            head = p.surname_form.upper().replace("-", " ").split()[0]
            digits = [d for part, d in ref.ocr["particle_digits"] if part == head]
            right = upper.replace(head, r.choice(digits), 1) if digits else None
        else:
            words = upper.split()
            k = r.randrange(len(words))
            if len(words[k]) < 5:
                continue
            cut = r.randint(2, len(words[k]) - 2)
            words[k] = words[k][:cut] + " " + words[k][cut:]
            right = " ".join(words)
        if right:
            break
    else:  # pragma: no cover
        raise RuntimeError(f"no person fits the OCR style {style}")
    a = w.portfolio(p)
    b, agree = w.record(p, right)
    return Pair(style, a, b, agree)


def married(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    style = _cycle(i, ["épouse", "EPOUSE", "ép.", "EP.", "Vve", "VVE"])
    p = w.person(sex="f")
    husband = r.choice([s for s in ref.surnames if s != p.surname])
    h = r.choice(w.surname_forms(husband)[:-1] or w.surname_forms(husband))
    s, g = p.surname_form, p.given_text()
    right = {
        "épouse": f"{s} {g} épouse {title(h)}",
        "EPOUSE": f"{s} {g} EPOUSE {h}".upper(),
        "ép.": f"{g} {title(s)} ép. {title(h)}",
        "EP.": f"{g} {s} EP. {h}".upper(),
        "Vve": f"{title(s)} {g} Vve {title(h)}",
        "VVE": f"VVE {h} {s} {g}".upper() if r.random() < 0.5 else f"{s} {g} VVE {h}".upper(),
    }[style]
    if r.random() < 0.8:
        a = w.portfolio(p)
        b, agree = w.record(p, right)
        return Pair(f"own>{style}", a, b, agree)
    a = w.portfolio(p, right)
    b, agree = w.record(p, p.portfolio_name())
    return Pair(f"{style}>own", a, b, agree)


def _valid_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_typo(w: World, i: int) -> Pair:
    r = w.rnd
    style = _cycle(i, ["day_digit", "month_digit", "day_month_swap", "year_last_digit"])
    for _ in range(1000):
        p = w.person()
        y, m, d = p.birth.year, p.birth.month, p.birth.day
        other: date | None = None
        if style == "day_digit":
            text = f"{d:02d}"
            k = r.randrange(2)
            digit = r.choice([c for c in "0123456789" if c != text[k]])
            other = _valid_date(y, m, int(text[:k] + digit + text[k + 1:]))
        elif style == "month_digit":
            text = f"{m:02d}"
            k = r.randrange(2)
            digit = r.choice([c for c in "0123456789" if c != text[k]])
            other = _valid_date(y, int(text[:k] + digit + text[k + 1:]), d)
        elif style == "day_month_swap":
            other = _valid_date(y, d, m) if d != m else None
        else:
            other = _valid_date(y - y % 10 + r.choice([k for k in range(10) if k != y % 10]), m, d)
        if other and other != p.birth:
            break
    else:  # pragma: no cover
        raise RuntimeError(style)
    a = w.portfolio(p)
    b = {"kind": "person", "name": p.portfolio_name(), "birth_date": iso(other),
         "city": w.city_text(p.city)}
    return Pair(style, a, b, ["birth_year", "city"] if other.year == p.birth.year else ["city"])


def year_only(w: World, i: int) -> Pair:
    p = w.person()
    a = w.portfolio(p)
    b: dict[str, Any] = {"kind": "person", "name": p.portfolio_name(), "birth_date": str(p.birth.year),
                         "city": w.city_text(p.city)}
    if w.rnd.random() < 0.7:
        return Pair("record_year_only", a, b, ["birth_year", "city"])
    a["birth_date"], b["birth_date"] = b["birth_date"], iso(p.birth)
    return Pair("portfolio_year_only", a, b, ["birth_year", "city"])


# -- positive categories: companies --------------------------------------------------------------

def company_legal_form(w: World, i: int) -> Pair:
    r = w.rnd
    style = _cycle(i, ["designator_moved", "form_moved", "designator_abbreviated", "form_abbreviated",
                       "form_absent", "designator_absent", "both_absent"])
    co = w.company(designator=1.0)
    full = r.choice(["Société", "SOCIETE"])
    short = r.choice(["STE", "Sté", "Ste", "STÉ"])
    forms = co.legal_form
    if style == "designator_moved":
        left = co.name(designator=short)
        right = f"{co.core} {forms[0]} ({r.choice([short, full])})" if r.random() < 0.5 else f"{co.core} {r.choice(forms)} {short}"
    elif style == "form_moved":
        left = co.name(designator=short)
        right = f"{r.choice(forms)} {co.core}"
    elif style == "designator_abbreviated":
        left = co.name(designator=full)
        right = co.name(designator=short, form=r.choice(forms))
    elif style == "form_abbreviated":
        left = co.name(designator=short)
        right = co.name(designator=short, form=r.choice(forms[1:]))
    elif style == "form_absent":
        left = co.name(designator=r.choice([short, full]))
        right = co.name(designator=r.choice([short, full, ""]), form="")
    elif style == "designator_absent":
        left = co.name(designator=r.choice([short, full]))
        right = co.name(designator="", form=r.choice(forms))
    else:
        left = co.name(designator=r.choice([short, full]))
        right = co.core
    if r.random() < 0.25:
        left, right = right, left
    a = w.register(co, left)
    b, agree = w.company_record(co, right)
    return Pair(style, a, b, agree)


def _syllable(word: str) -> str:
    """The first syllable of a word: its first consonants, then its first vowels."""
    vowels, k = "AEIOUY", 0
    while k < len(word) and word[k] not in vowels:
        k += 1
    while k < len(word) and word[k] in vowels:
        k += 1
    if k <= 1:  # a word starting with a vowel: the vowel and the next consonant
        k = min(len(word), 2)
    return word[:k]


def company_sigle(w: World, i: int) -> Pair:
    r, c = w.rnd, w.ref.companies
    style = _cycle(i, ["initials", "dotted_initials", "syllables", "initials_in_brackets",
                       "initials_without_head"])
    head = c["sigle_heads"][0] if r.random() < 0.75 else r.choice(c["sigle_heads"])
    adjective, noun = r.choice(c["sigle_adjectives"]), r.choice(c["sigle_nouns"])
    qualifier = r.choice(c["sigle_qualifiers"]) if style != "syllables" and r.random() < 0.7 else ""
    full = f"{head} {adjective} D'{noun}" if noun[0] in "AEIOU" else f"{head} {adjective} DE {noun}"
    if qualifier:
        full += f" {qualifier}"
    stop = set(c["sigle_stopwords"])
    words = [x.removeprefix("D'") for x in full.split() if x not in stop]
    if style == "initials_without_head":  # the acronym of the words after Société/Compagnie
        words = words[1:]
    if style == "syllables":
        sigle = "".join(_syllable(x) for x in words)
    else:
        sigle = "".join(x[0] for x in words)
    if style == "dotted_initials":
        sigle = ".".join(sigle) + "."
    co = w.company(core=full, designator=0.0)
    form = r.choice(co.legal_form)
    left = co.name(form=co.legal_form[0] if r.random() < 0.7 else "")
    if style == "initials_in_brackets":
        right = f"{sigle} ({r.choice(['STE', 'Sté', ''])} {form})".replace("( ", "(")
    else:
        right = f"{sigle} {form}" if r.random() < 0.6 else sigle
    if r.random() < 0.25:
        left, right = right, left
    a = w.register(co, left)
    b, agree = w.company_record(co, right)
    return Pair(style, a, b, agree)


def company_old_new(w: World, i: int) -> Pair:
    r, c = w.rnd, w.ref.companies
    style = _cycle(i, ["same_ice", "same_ice", "same_rc", "same_address_phone"])
    co = w.company()
    old_core = r.choice([x for x in c["cores"] if not co.core.startswith(x)])
    old = f"{r.choice(['', 'STE ', 'Ste '])}{old_core} {r.choice(c['activities'])} {r.choice(co.legal_form)}".strip()
    a = w.register(co)
    b: dict[str, Any] = {"kind": "company", "name": old}
    if style == "same_ice":
        b.update(ice=co.ice, city=w.city_text(co.city))
        agree = ["city", "ice"]
    elif style == "same_rc":
        b.update(rc=co.rc, tribunal=co.city.name, city=w.city_text(co.city))
        agree = ["city", "rc"]
    else:
        b.update(address=w.rewrite_address(co.address), city=w.city_text(co.city),
                 phones=[co.phone])
        agree = ["address", "city", "phone"]
    return Pair(style, a, b, agree)


def ice_leading_zeros(w: World, i: int) -> Pair:
    r = w.rnd
    co = w.company(leading_zeros=True)
    stripped = co.ice.lstrip("0")
    left, right = co.name(), co.name(form=r.choice(co.legal_form))
    a = w.register(co, left)
    b: dict[str, Any] = {"kind": "company", "name": right, "ice": stripped}
    if r.random() < 0.5:
        b["city"] = w.city_text(co.city)
    if r.random() < 0.3:
        a["ice"], b["ice"] = stripped, co.ice
        return Pair("portfolio_stripped", a, b, ["ice"] + (["city"] if "city" in b else []))
    return Pair("record_stripped", a, b, ["ice"] + (["city"] if "city" in b else []))


# -- negative categories ---------------------------------------------------------------------------

def _same_name_other(w: World, p: Person, birth: date, city: City) -> Person:
    """Another person with p's name (given names and surname as p's portfolio writes them)."""
    q = w.person(given=list(p.given), surname=p.surname)
    q.surname_form, q.caps, q.birth, q.city = p.surname_form, p.caps, birth, city
    q.cin = w.cin(city)
    return q


def _record_name(w: World, q: Person) -> str:
    """q's name as another record writes it: the portfolio's order, or given name first."""
    if w.rnd.random() < 0.3:
        return f"{q.given_text()} {q.surname_form}"
    return q.portfolio_name()


def homonym_city(w: World, i: int) -> Pair:
    r = w.rnd
    p = w.person()
    placeholder = i % 3 == 0
    while True:
        year = p.birth.year + r.choice([-1, 1]) * r.randint(2, 30)
        if not 1935 <= year <= 2004:
            continue
        a_y, b_y = f"{p.birth.year:04d}", f"{year:04d}"
        if placeholder and [k for k in range(4) if a_y[k] != b_y[k]] == [3]:
            continue  # 1 January on both sides, last digit of the year only: a true date typo
        break
    if placeholder:
        p.birth = date(p.birth.year, 1, 1)
        birth = date(year, 1, 1)
    else:
        birth = date(year, 1, 1) + timedelta(days=r.randrange(365))
        if (birth.month, birth.day) == (p.birth.month, p.birth.day):
            birth += timedelta(days=17)
    q = _same_name_other(w, p, birth, p.city)
    a = w.portfolio(p)
    b: dict[str, Any] = {"kind": "person", "name": _record_name(w, q), "birth_date": iso(q.birth),
                         "city": w.city_text(q.city)}
    if r.random() < 0.5:
        b["address"] = q.address
    if r.random() < 0.5:
        b["cin"] = q.cin
    return Pair("1 January placeholders" if placeholder else "full dates", a, b, ["city"])


def father_son(w: World, i: int) -> Pair:
    r = w.rnd
    father = w.person(sex="m")
    father.birth = w.birth(1935, 1975)
    gap = r.randint(20, 35)
    placeholder = i % 3 == 0
    son_birth = date(father.birth.year + gap, 1, 1) + timedelta(days=r.randrange(365))
    if placeholder:
        father.birth, son_birth = date(father.birth.year, 1, 1), date(son_birth.year, 1, 1)
    son = _same_name_other(w, father, son_birth, father.city)
    son.address = father.address
    while son.cin == father.cin:
        son.cin = w.cin(father.city)
    first, second = (father, son) if r.random() < 0.5 else (son, father)
    a = w.portfolio(first, father=False)
    b = {"kind": "person", "name": _record_name(w, second), "birth_date": iso(second.birth),
         "cin": second.cin, "city": w.city_text(second.city),
         "address": w.rewrite_address(second.address) if r.random() < 0.5 else second.address}
    who = "father>son" if first is father else "son>father"
    return Pair(f"{who}{', 1 January placeholders' if placeholder else ''}", a, b, ["address", "city"])


def siblings(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    p = w.person()
    while True:
        q_given = w.given_name(r.choice("mf"))
        if not any(ref.related(q_given, g) for g in p.given) and \
                all((q_given, g) not in ref.lookalikes and (g, q_given) not in ref.lookalikes for g in p.given):
            break
    q = w.person(given=[q_given], surname=p.surname)
    q.surname_form, q.caps, q.city, q.address = p.surname_form, p.caps, p.city, p.address
    q.birth = date(min(2004, p.birth.year + r.choice([-1, 1]) * r.randint(1, 15)), 1, 1) + timedelta(days=r.randrange(365))
    a = w.portfolio(p)
    b: dict[str, Any] = {"kind": "person", "name": _record_name(w, q), "city": w.city_text(q.city),
                         "address": q.address if r.random() < 0.5 else w.rewrite_address(q.address)}
    agree = ["address", "city"]
    if r.random() < 2 / 3:
        b["birth_date"] = iso(q.birth)
        if q.birth.year == p.birth.year:
            agree.insert(0, "birth_year")
    if r.random() < 0.3:
        b["cin"] = q.cin
    return Pair("with birth date" if "birth_date" in b else "directory listing", a, b, agree)


def lookalike_given(w: World, i: int) -> Pair:
    r, ref = w.rnd, w.ref
    x, y = ref.lookalikes[i % len(ref.lookalikes)]
    if r.random() < 0.5:
        x, y = y, x
    p = w.person(given=[x])
    q = w.person(given=[y], surname=p.surname)
    q.surname_form, q.caps, q.city = p.surname_form, p.caps, p.city
    a = w.portfolio(p)
    b: dict[str, Any] = {"kind": "person", "name": _record_name(w, q), "city": w.city_text(q.city)}
    agree = ["city"]
    if r.random() < 0.5:
        other = date(p.birth.year, 1, 1) + timedelta(days=r.randrange(365))
        if other == p.birth:
            other += timedelta(days=40 if other.month < 12 else -40)
        b["birth_date"] = iso(other)
        agree.insert(0, "birth_year")
    if r.random() < 0.3:
        b["address"] = q.address
    return Pair(f"{x}/{y}", a, b, agree)


def decade_birth_year(w: World, i: int) -> Pair:
    r = w.rnd
    while True:
        p = w.person()
        years = [p.birth.year + k for k in (-20, -10, 10, 20)]
        years = [y for y in years if 1935 <= y <= 2004 and y // 100 == p.birth.year // 100
                 and _valid_date(y, p.birth.month, p.birth.day)]
        if years:
            year = r.choice(years)
            break
    q = _same_name_other(w, p, date(year, p.birth.month, p.birth.day), p.city)
    a = w.portfolio(p)
    b: dict[str, Any] = {"kind": "person", "name": _record_name(w, q), "birth_date": iso(q.birth),
                         "city": w.city_text(q.city)}
    if r.random() < 0.4:
        b["address"] = q.address
    return Pair(f"{p.birth.year}/{year}", a, b, ["city"])


def family_companies(w: World, i: int) -> Pair:
    r, ref, c = w.rnd, w.ref, w.ref.companies
    family = r.choice(w.surname_forms(r.choice(ref.surnames))[:1])
    activity = r.choice(c["activities"]) if r.random() < 0.6 else ""
    markers = c["family_markers"]
    numbers = {"{F} 2", "{F} 3", "{F} II"}
    while True:
        m1, m2 = r.sample(markers, 2)
        if {m1, m2} != {"{F} 2", "{F} II"}:
            break
    base = f"{family} {activity}".strip()
    one = w.company(core=m1.replace("{F}", base), designator=0.0)
    des = r.choice(["", "", "STE "])
    form = r.choice(w.legal_form() if r.random() < 0.5 else one.legal_form)
    a = w.register(one)
    b: dict[str, Any] = {"kind": "company", "name": f"{des}{m2.replace('{F}', base)} {form}".strip(),
                         "city": w.city_text(one.city)}
    agree = ["city"]
    if r.random() < 0.3:
        b["address"] = w.address()
    kind = "number" if m1 in numbers and m2 in numbers else "marker"
    return Pair(f"{kind}:{m1.replace('{F} ', '').replace(' {F}', '')}/{m2.replace('{F} ', '').replace(' {F}', '')}",
                a, b, agree)


def same_activity(w: World, i: int) -> Pair:
    r, c = w.rnd, w.ref.companies
    activity = r.choice(c["activities"])
    core1, core2 = r.sample(c["cores"], 2)
    one = w.company(core=f"{core1} {activity}")
    two = w.company(core=f"{core2} {activity}")
    two.city = one.city
    a = w.register(one)
    b: dict[str, Any] = {"kind": "company", "name": two.name(designator=r.choice(["", "STE", "Sté"]),
                                                               form=r.choice(two.legal_form)),
                         "city": w.city_text(two.city)}
    if r.random() < 0.3:
        b["address"] = two.address
    return Pair(activity, a, b, ["city"])


def phone_truncated(w: World, i: int) -> Pair:
    r = w.rnd
    p = w.person()
    full = p.phone
    nine = full[:9]
    collision = legacy_reading(nine)
    if collision and i % 10 < 7:
        other, style = collision, "legacy_reading"
    else:
        other = nine + r.choice([d for d in "0123456789" if d != full[9]])
        style = "other_last_digit"
    same_city = r.random() < 0.5
    q = _same_name_other(w, p, p.birth, p.city if same_city else w.other_city(p.city))
    a = w.portfolio(p)
    a["phones"] = [nine]
    shown = other if r.random() < 0.5 else " ".join(other[k:k + 2] for k in range(0, 10, 2))
    b: dict[str, Any] = {"kind": "person", "name": _record_name(w, q), "phones": [shown],
                         "city": w.city_text(q.city)}
    if same_city or r.random() < 0.5:  # in one city, the other subscriber lives elsewhere
        b["address"] = q.address
    return Pair(f"{style}, {'same city' if same_city else 'other city'}", a, b,
                ["city"] if same_city else [])


def ice_missing_digit(w: World, i: int) -> Pair:
    r = w.rnd
    for _ in range(100_000):
        co = w.company()
        k = r.randrange(15)
        short = co.ice[:k] + co.ice[k + 1:]
        padded = short.zfill(15)
        if i % 2 == 0:
            if ice_valid(padded) and padded != co.ice:
                other, style = padded, "zero_padded_is_valid"
                break
        else:
            found = [short[:j] + d + short[j:] for j in range(15) for d in "0123456789"]
            found = [x for x in found if ice_valid(x) and x != co.ice and x != padded]
            if found:
                other, style = r.choice(found), "digit_inserted_elsewhere"
                break
    else:  # pragma: no cover
        raise RuntimeError("no ICE trap found")
    same_city = r.random() < 0.3
    city = co.city if same_city else w.other_city(co.city)
    a = w.register(co)
    a["ice"] = short
    b = {"kind": "company", "name": co.name(form=r.choice(co.legal_form)), "ice": other,
         "rc": str(r.randrange(1, 10 ** 6)), "tribunal": city.name, "city": w.city_text(city),
         "address": w.address()}
    return Pair(f"{style}, {'same city' if same_city else 'other city'}", a, b,
                ["city"] if same_city else [])


# -- the categories --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Category:
    name: str
    label: int
    name_decidable: bool
    build: Callable[[World, int], Pair]
    about: str


CATEGORIES: list[Category] = [
    Category("spelling", 1, True, spelling, "given-name spelling variants (ou/u/w, ch/sh, doubled consonants, -a/-ae)"),
    Category("nickname", 1, True, nickname, "nicknames and short forms (DOMAIN §7.2b)"),
    Category("dropped_given", 1, True, dropped_given, "a second given name dropped (or added)"),
    Category("initial", 1, True, initial, "an initial for the given name(s)"),
    Category("order_case", 1, True, order_case, "name order reversed and case changed"),
    Category("particles", 1, True, particles, "El/Al/Ech-/Ez-, Ben/Bel, Ait, Bou fused, apart, hyphenated or dropped"),
    Category("compound", 1, True, compound, "compound given names apart, fused, hyphenated, abbreviated"),
    Category("arabic", 1, True, arabic, "the record writes the name in Arabic script"),
    Category("ocr", 1, True, ocr, "OCR errors: digit/letter, split/merged letters, digit in a particle"),
    Category("married", 1, True, married, "épouse / ép. / Vve + husband's family name"),
    Category("date_typo", 1, True, date_typo, "birth date with one typo, same name"),
    Category("year_only", 1, True, year_only, "birth date given as a year alone on one side"),
    Category("company_legal_form", 1, True, company_legal_form, "legal form and Sté/Société moved, abbreviated, absent"),
    Category("company_sigle", 1, True, company_sigle, "acronym (initials, dotted, syllables) vs full denomination"),
    Category("company_old_new", 1, False, company_old_new, "old denomination vs new one, linked by ICE, RC or address+phone"),
    Category("ice_leading_zeros", 1, True, ice_leading_zeros, "an ICE written without its leading zeros"),
    Category("homonym_city", 0, False, homonym_city, "same name, same city, different birth years"),
    Category("father_son", 0, False, father_son, "same name and address, births 20-35 years apart, CINs differ"),
    Category("siblings", 0, True, siblings, "same family name and address, different given names"),
    Category("lookalike_given", 0, True, lookalike_given, "distinct given names one or two letters apart"),
    Category("decade_birth_year", 0, False, decade_birth_year, "same name, birth years differ in the decade digit only"),
    Category("family_companies", 0, True, family_companies, "one family's companies: GROUPE / ETS / FRERES / & CO / numbers"),
    Category("same_activity", 0, True, same_activity, "different companies with the same activity words in one city"),
    Category("phone_truncated", 0, False, phone_truncated, "a 9-digit phone (truncated) vs another subscriber's full number"),
    Category("ice_missing_digit", 0, False, ice_missing_digit, "an ICE missing one digit vs another valid ICE"),
]


def generate(seed: int = SEED, per_category: int = PER_CATEGORY, ref: Reference | None = None) -> list[dict[str, Any]]:
    ref = ref or Reference()
    pairs = []
    for cat in CATEGORIES:
        world = World(ref, random.Random(f"{seed}/{cat.name}"))
        for k in range(per_category):
            pair = cat.build(world, k)
            pairs.append({"id": f"{cat.name}-{k:03d}", "category": cat.name, "label": cat.label,
                          "name_decidable": cat.name_decidable, "variant": pair.variant,
                          "agree": sorted(pair.agree), "a": pair.a, "b": pair.b})
    return pairs


def dumps(pairs: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-category", type=int, default=PER_CATEGORY)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    pairs = generate(args.seed, args.per_category)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(pairs), encoding="utf-8")
    print(f"{len(pairs)} pairs in {len(CATEGORIES)} categories → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
