"""Namesakes across a debtor's records (issues 12/17): a name that records show to be carried by
several different people is no evidence of the debtor on its own.

The matcher weighs a name by how rare its model tables say it is (matching/), not by how many
people the sources hold under it, so as the world grows a debtor with no identifier in the
portfolio is linked to every "LAMRANI Meryem" of the city on name and city alone: at 10^5, 9
land titles whose owner entries carry several CINs, each "a rare value, +4.0 bits". The records
themselves say the name is shared when two of those the search brought back under it are
demonstrably different people — two CINs, two birth dates, two fathers ("bent Rachid" / "bent
Ahmed") — and each of them could be the debtor (a party whose CIN or birth date disagrees with
the debtor's is someone else, and leaves the name unambiguous for this debtor). Then a record that matches on the name (and the city or quarter) alone is as likely
any of them as the debtor: it is held at ``NAMESAKE_CAP``, kept as a candidate with its
explanation, never a link. A record whose party is the very person a record linked on more than
the name shows (the same CIN or birth date) keeps its score: it is that person's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from matching.names import parse_person_name
from skiptrace.linking.scoring import NAMESAKE_CAP, SAME_NAME_NAMES, noted
from skiptrace.model import Match, Party

#: fields that say no more than "somewhere in the debtor's city": evidence a namesake shares
NAME_ONLY_FIELDS = {"city": None, "address": frozenset({"same_city", "same_city_company",
                                                         "same_quarter", "unknown"})}
#: levels that speak against the pair, not for it
AGAINST = frozenset({"different", "different_city", "none_shared", "invalid_different"})
#: fields whose disagreement says the party is not the debtor
IDENTITY_FIELDS = frozenset({"cin", "birth_date", "father_name"})


def shared_names(matches: list[Match]) -> list[Match]:
    """``matches`` with every name-only match of a person held at ``NAMESAKE_CAP`` when the
    debtor's records show the name carried by different people."""
    named = [m for m in matches if _named_person(m)]
    possible = [m for m in named if not _excluded(m)]
    if len(possible) < 2:
        return matches
    people = _different_people(possible)
    if people is None:
        return matches
    anchored = [m.party for m in named if m.party is not None and not _name_only(m)
                and m.probability >= 0.5]
    named_ids = {id(m) for m in named}
    out = []
    for m in matches:
        if (id(m) in named_ids and _name_only(m) and m.probability > NAMESAKE_CAP
                and not any(_same_person(m.party, a) for a in anchored)):
            why = (f"{people} carry this name: it is shared, and this record matches on the name "
                   "and the city alone, so it is no evidence of the debtor on its own")
            m = replace(m, probability=NAMESAKE_CAP, explanation=noted(m.explanation, why, "name"))
        out.append(m)
    return out


def _named_person(m: Match) -> bool:
    """A person party whose name compares as the debtor's (any spelling level of a same name)."""
    return (m.party is not None and m.party.kind == "person"
            and any(f.field == "name" and f.level in SAME_NAME_NAMES for f in m.explanation))


def _excluded(m: Match) -> bool:
    """The party's CIN, birth date or father disagrees with the debtor's: someone else, who does
    not make the name ambiguous for this debtor."""
    return any(f.field in IDENTITY_FIELDS and f.level in AGAINST for f in m.explanation)


def _name_only(m: Match) -> bool:
    """Nothing but the name and the city (or quarter) speaks for the match."""
    for f in m.explanation:
        if f.field == "name" or f.level in AGAINST:
            continue
        if f.field not in NAME_ONLY_FIELDS:
            return False
        levels = NAME_ONLY_FIELDS[f.field]
        if levels is not None and f.level not in levels:
            return False
    return True


def _identity(party: Party) -> dict[str, str]:
    """What tells one person from another in a record: CIN, birth date, father's name."""
    out: dict[str, str] = {}
    if party.cin:
        out["CIN"] = re.sub(r"\W", "", party.cin).upper()
    if isinstance(party.birth_date, date):
        out["birth date"] = party.birth_date.isoformat()
    father = party.father_name or parse_person_name(party.name).father
    if father:
        out["father"] = " ".join(parse_person_name(father).tokens) or father.casefold()
    return out


def _same_person(party: Party | None, anchor: Party | None) -> bool:
    if party is None or anchor is None:
        return False
    mine, theirs = _identity(party), _identity(anchor)
    return any(mine.get(k) == theirs[k] for k in ("CIN", "birth date") if k in theirs)


def _different_people(named: list[Match]) -> str | None:
    """A short account of two parties that disagree on an identity both give ("CINs B611910
    and BK22871"), or None."""
    seen: dict[str, dict[str, str]] = {}  # key → value → record
    for m in named:
        assert m.party is not None
        for key, value in _identity(m.party).items():
            values = seen.setdefault(key, {})
            values.setdefault(value, m.record.record_id)
            if len(values) > 1:
                first, second = list(values.items())[:2]
                return (f"records {first[1]} and {second[1]} show two people with different "
                        f"{key}s ({first[0]}, {second[0]}) who")
    return None
