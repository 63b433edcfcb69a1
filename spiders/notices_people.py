"""The people a legal notice names: name, CIN, address, share count and role(s).

A person is found by an honorific ("M.", "Mme", "Monsieur"…) followed by a name, or by a CIN
with a name just before it. The person's clause (up to the next person or the end of the
sentence) gives the CIN, "demeurant à …" and "N parts"; the words right before the name and
in the clause give the roles (data/notices.yml). One entry is emitted per (person, role): the
gérant who is also an associé with 500 parts is a manager and a partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spiders.notices_text import any_of, clause, sentence, vocabulary
from spiders.parsing import parse_int

_I = re.IGNORECASE
_HONORIFIC = r"(?:\bMM\.|\bM\.|\bMr\.?|\bMme\.?|\bMlle\.?|\bMonsieur|\bMadame|\bMademoiselle)"
_TOKEN = (r"(?:[A-ZÀ-Ý]\.(?=[\s,;:)]|$)|[A-ZÀ-Ý][\wÀ-ÿ'’-]*"
          r"|(?:el|al|ben|bent|ait|aït|ou|bel|bou|d'|l')(?=\s*[A-ZÀ-Ý]))")
_NAME = rf"({_TOKEN}(?:\s+{_TOKEN}){{0,6}})"
_PERSON = re.compile(rf"(?:{_HONORIFIC}\s+)+{_NAME}")  # "M. M. Khalid Benkirane" happens
_CIN = re.compile(r"(?:\bC\.?\s?I\.?\s?N(?:\.?\s?E)?\b\.?|carte\s+nationale(?:\s+d'identit[ée])?"
                  r"(?:\s+[ée]lectronique)?)\s*(?:n°|N°|no\.?|num[ée]ro)?\s*:?\s*"
                  r"([A-Z]{1,2}\s?\d{3,7})\b", _I)
_ADDRESS = re.compile(r"demeurant\s+(?:à|au|a)?\s*", _I)
_TOTAL_SHARES = re.compile(r"divis[ée]\s+en\s+(\d[\d .\u00a0]*)\s+(?:parts|actions)", _I)
_SHARES = re.compile(r"(\d[\d .\u00a0]*)\s+parts", _I)
_STOP = frozenset({"CIN", "C.I.N", "C.I.N.", "CNIE", "RC", "N°", "Né", "Née", "De", "Du", "Le",
                   "La", "Les", "Et", "En", "Au", "Demeurant", "Titulaire", "Associé", "Gérant"})
ROLE_ORDER = ("liquidateur", "gérant", "cessionnaire", "cédant", "associé")
#: roles a notice labels once for a list of people joined by "et" (co-gérance, DOMAIN §4:
#: notices name the managers); not the parts' roles, which each person's clause says ("N parts")
_LISTED_ROLES = ("gérant", "liquidateur")
#: the words between two people end with "et": the second continues the first one's list
_AND = re.compile(r"(?:^|[\s,;.])et\s*$", re.IGNORECASE)


@dataclass
class Mention:
    name: str
    start: int
    end: int
    cin: str | None = None
    address: str | None = None
    shares: int | None = None
    roles: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return re.sub(r"[^a-z]", "", self.name.casefold())


def extract_people(text: str, kind: str) -> list[dict[str, Any]]:
    """People named in ``text`` as ``{name, cin, role, shares, address}`` dicts."""
    mentions = _mentions(text)
    total = _TOTAL_SHARES.search(text)
    labelled: list[str] = []  # the roles a label before the previous person gave it
    for i, mention in enumerate(mentions):
        stop = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        body = sentence(text, mention.end, stop)
        before = text[max(mentions[i - 1].end if i else 0, mention.start - 90):mention.start]
        _read_clause(mention, body)
        label = _said_before(before)
        mention.roles = _roles(label, body, kind)
        if labelled and _AND.search(before):
            # "Gérant : M. A (CIN …), demeurant …, et M. B, titulaire de la CIN …": the second
            # of a list the label opened is a manager (or a liquidator) too. Not after "M. A,
            # gérant, et M. B": that role was A's own clause's, not a label before the list
            mention.roles += [r for r in labelled if r not in mention.roles]
        else:
            labelled = [role for role in _LISTED_ROLES if role in label]
    people = _merge(mentions)
    _share_transfer(people, kind)
    if kind == "constitution" and total:
        _sole_partner(people, parse_int(total.group(1)))
    return [entry for person in people for entry in _entries(person)]


def _mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in _PERSON.finditer(text):
        name, start = _trim(match.group(1)), match.start(1)
        initial = _initial_after_civility(text[match.start():match.start(1)], match.group(1))
        if initial is not None:
            name, start = initial, match.start(1) - len("M. ")
        if name:
            found.append(Mention(name, match.start(), start + len(name)))
    for match in _CIN.finditer(text):
        if any(m.start <= match.start() <= m.end + 120 for m in found):
            continue
        name = _name_before(text, match.start())
        if name:
            start = text.rfind(name, 0, match.start())
            found.append(Mention(name, start, start + len(name)))
    return sorted(found, key=lambda m: m.start)


_CIVILITY = re.compile(_HONORIFIC)
_WOMAN = frozenset({"mme", "mme.", "mlle", "mlle.", "madame", "mademoiselle"})


def _initial_after_civility(civilities: str, name: str) -> str | None:
    """The name with its initial when the last of several civilities is one: "M. M. Lahlou"
    (a family name alone after "M. M."; "M. M. Karim Bennani" is the civility doubled) and
    "Mme M. AIT TALEB" (no woman is Monsieur). None otherwise."""
    said = [c.casefold() for c in _CIVILITY.findall(civilities)]
    if len(said) < 2 or said[-1] != "m.":
        return None
    trimmed = _trim(name)
    if said[-2] not in _WOMAN and len(trimmed.split()) >= 2:
        return None
    return _trim(f"M. {name}") or None


def civility_of(text: str, name: str) -> str | None:
    """The sex the civility before ``name`` in ``text`` says ("M" for M., Monsieur, MM.; "F"
    for Mme, Mlle, Madame, Mademoiselle): the last civility before the name as the parser
    read it ("Mme M. Lahlu" names "M. Lahlu", a woman; "M. M. Karim Bennani" a man). None when
    no civility precedes it (a name found by its CIN), it is not in the text, or it is written
    with both."""
    if not name.strip():
        return None
    found = set()
    pattern = re.compile(rf"((?:{_HONORIFIC}\s+)+){re.escape(name)}(?![\wÀ-ÿ])")
    for match in pattern.finditer(text):
        said = _CIVILITY.findall(match.group(1))
        if said:
            found.add("F" if said[-1].casefold() in _WOMAN else "M")
    return next(iter(found)) if len(found) == 1 else None


def _trim(name: str) -> str:
    words = name.split()
    while words and words[-1].strip(".,") in _STOP:
        words.pop()
    for i, word in enumerate(words):
        if word.strip(".,") in _STOP:
            words = words[:i]
            break
    return " ".join(words) if len(words) >= 2 else ""


def _name_before(text: str, end: int) -> str:
    """The name written just before a CIN: "… : KABBAJ Hicham, titulaire de la CIN …"."""
    segment = text[max(0, end - 90):end]
    segment = re.sub(r"[,(]?\s*(?:titulaire|porteur|porteuse)\s+de\s+la\s*$|[,(]\s*$", "",
                     segment.rstrip(), flags=_I)
    match = re.search(rf"{_NAME}\s*$", segment.rstrip(" ,("))
    return _trim(match.group(1)) if match else ""


def _read_clause(mention: Mention, body: str) -> None:
    cin = _CIN.search(body)
    mention.cin = cin.group(1).replace(" ", "").upper() if cin else None
    address = _ADDRESS.search(body)
    if address:
        # the clause runs to the next person: "demeurant à …, Casa. et M. B" ends at "Casa."
        mention.address = _AND.sub("", clause(body + ".", address.end())).rstrip(" ,;") or None
    shares = _SHARES.search(body)
    mention.shares = parse_int(shares.group(1)) if shares else None


@lru_cache(maxsize=1)
def _role_rules() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Each role of data/notices.yml with its "before" and its "after" patterns joined into
    one regex each (a match of the alternation is a match of one of them: the patterns use no
    group references): read for every person of every notice, a notice's CPU was mostly
    these searches, each looked up in ``re``'s cache (issue 17, session 23)."""
    return tuple((role, any_of(rules["before"]), any_of(rules["after"]))
                 for role, rules in vocabulary()["roles"].items())


def _said_before(before: str) -> frozenset[str]:
    """The roles a label right before a person gives ("Gérant :", "gérée par", "liquidateur
    :"): read once a person, for their roles and for a person joined to them by "et"."""
    before = before.rstrip()
    return frozenset(role for role, said_before, _ in _role_rules() if said_before.search(before))


def _roles(said_before: frozenset[str], after: str, kind: str) -> list[str]:
    roles = [role for role, _, said_after in _role_rules()
             if role in said_before or said_after.search(after)]
    if "former_gérant" in roles:
        roles = [r for r in roles if r not in ("gérant", "former_gérant")] + ["former_gérant"]
    if kind == "cession_parts" and "associé" in roles and {"cédant", "cessionnaire"} & set(roles):
        roles.remove("associé")
    return roles


def _merge(mentions: list[Mention]) -> list[Mention]:
    """One person per CIN or name; one entry per (person, role)."""
    people: dict[str, Mention] = {}
    for mention in mentions:
        same = next((p for p in people.values() if p.key == mention.key
                     or (mention.cin and p.cin == mention.cin)), None)
        if same is None:
            people[mention.key] = mention
            continue
        same.cin = same.cin or mention.cin
        same.address = same.address or mention.address
        same.shares = same.shares or mention.shares
        same.roles += [r for r in mention.roles if r not in same.roles]
    return list(people.values())


def _share_transfer(people: list[Mention], kind: str) -> None:
    """A single cédant's parts go to a single cessionnaire when the text says it once."""
    if kind != "cession_parts":
        return
    givers = [p for p in people if "cédant" in p.roles]
    takers = [p for p in people if "cessionnaire" in p.roles]
    if len(givers) == 1 and len(takers) == 1:
        giver, taker = givers[0], takers[0]
        giver.shares = giver.shares or taker.shares
        taker.shares = taker.shares or giver.shares


def _sole_partner(people: list[Mention], total: int | None) -> None:
    """The only associé of a new company holds all its parts ("divisé en 1 000 parts")."""
    partners = [p for p in people if "associé" in p.roles]
    if len(partners) == 1 and partners[0].shares is None:
        partners[0].shares = total


def _entries(person: Mention) -> list[dict[str, Any]]:
    roles = [r for r in ROLE_ORDER if r in person.roles]
    base = {k: v for k, v in (("name", person.name), ("cin", person.cin),
                              ("address", person.address)) if v}
    if not roles:
        entry = {**base, "role": "named"}
        if "former_gérant" in person.roles:
            entry["former_role"] = "gérant"
        return [entry]
    with_shares = {"associé", "cédant", "cessionnaire"}
    return [{**base, "role": role,
             **({"shares": person.shares} if role in with_shares and person.shares else {})}
            for role in roles]
