"""Spelling pivots: a family name as a confidently matched record writes it, searched again.

Registries search text by tokens, every token required: a portfolio that writes BERADA or
HAMDAOUI never finds the register entry of BERRADA or HAMDAWI, whoever the person is. But a
record linked with confidence — a listing at the debtor's number, a notice printing their CIN —
often writes the family name the way the other registries do. That spelling is a key like a CIN
(issue 12, "every key each access route allows"; issue 13, "pivot on what is found"): searched
once, on the sources whose route takes a name, with the debtor's given names, and never twice.

Only the matched party's own name (``Match.party``: the debtor in that record) is learned, only
from a match at or above the pivot threshold, only a person's, and only a family name that
differs from every spelling already asked. What it fetches is scored like anything else: the
spelling is a way to find records, never evidence that they are the debtor's.

The debtor's whole name **in the Arabic script**, as a confident title or vehicle card writes it
(``script_keys``), is a key of the same kind for the land registry alone, in any city: an owner
entry written in Arabic alone is found by no Latin search (decision 0035).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from matching.names import parse_person_name
from matching.text import fold, is_arabic
from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.pivots import PIVOT_THRESHOLD, PivotKey
from skiptrace.model import Match, Party

MAX_SPELLINGS = 1  # new family-name spellings searched per round
#: sources a learned spelling is searched on: the register's text search (a trader's entry is
#: written under the family name as the register spells it). The directory and the land
#: registry's owner search take names too, but on the development seed (12345, 1,000 debtors)
#: they found 3 and 2 more true records for 0.72 and 0.44 more requests per debtor, against 21
#: for 0.95 in the register: not worth their requests.
NAME_SOURCES = ("company_register",)
#: sources the debtor's name in the Arabic script is searched on: the land registry's owner
#: search reads the Arabic entries too (a quarter of co-owner entries write no Latin name),
#: the register, the directory and the notices write Latin names (docs/sources.md)
SCRIPT_SOURCES = ("land_registry",)
MAX_SCRIPT_NAMES = 1  # Arabic-script names searched per round
SCRIPT = "script_name"  # ``PivotKey.about`` of a name in the Arabic script


def surname_as_written(name: str) -> str | None:
    """The family name of ``name`` in the words the record wrote ("BERRADA Zineb Fatima Zahra"
    → "BERRADA", "Said Cherkaoui" → "Cherkaoui", "S. BOUZIDI" → "BOUZIDI"), or None when the
    parser finds no family name."""
    parsed = parse_person_name(name)
    if not parsed.surname:
        return None
    canonical = "".join(parsed.surname)
    words = [w for w in name.replace(",", " ").split() if len(fold(w).strip(".-")) > 1]
    kept = [w for w in words if fold(w).replace("-", "") in canonical
            and fold(w).replace("-", "") not in parsed.given]
    return " ".join(kept) or None


def asked_spellings(query: DebtorQuery) -> set[tuple[str, str]]:
    """The family-name spellings the debtor's own query searched with, as a learned spelling's
    ``PivotKey.asked`` compares them (folded, words kept apart)."""
    surnames = (query.last_name, *(surname_as_written(n) for n in query.names))
    return {PivotKey("name", surname, "portfolio", query.debtor_id, 1.0, about="spelling").asked
            for surname in surnames if surname}


def spelling_keys(matches: Iterable[Match], asked: set[tuple[str, str]], *,
                  threshold: float = PIVOT_THRESHOLD) -> list[PivotKey]:
    """New family-name spellings from confident matches of a person debtor, strongest first,
    at most ``MAX_SPELLINGS``; deterministic (ties by source and record id)."""
    found: dict[tuple[str, str], PivotKey] = {}
    ordered = sorted(matches, key=lambda m: (-m.probability, m.record.source, m.record.record_id))
    for match in ordered:
        party = match.party
        if match.probability < threshold or party is None or party.kind != "person" or not party.name:
            continue
        surname = surname_as_written(party.name)
        if surname is None or is_arabic(surname):
            continue  # the register writes names in Latin script: an Arabic spelling finds nothing
        key = PivotKey("name", surname, match.record.source, match.record.record_id,
                       match.probability, about="spelling")
        if key.asked not in asked and key.asked not in found:
            found[key.asked] = key
    return list(found.values())[:MAX_SPELLINGS]


def spelling_queries(base: DebtorQuery, keys: list[PivotKey], depth: int,
                     sources: Iterable[str]) -> list[DebtorQuery]:
    """One query per learned spelling: that family name with the debtor's given names, in the
    debtor's city, on the sources that search by name — no identifier, phone or address (those
    were asked already), no given-name variants (the first round tried them)."""
    every = set(sources)
    only = tuple(s for s in NAME_SOURCES if s in every)
    given = _given_names(base)
    found = []
    for key in keys:
        if key.about != "spelling" or not only:
            continue
        name = f"{key.value} {given}".strip()
        found.append(DebtorQuery(base.debtor_id, "person", (name,), last_name=key.value,
                                 city=base.city, pivot=depth,
                                 because=(("name", key.because()), ("surname", key.because())),
                                 sources=only))
    return found


def _given_names(base: DebtorQuery) -> str:
    """The debtor's given names as the portfolio wrote them (the main name without its family
    name)."""
    surname = base.last_name or surname_as_written(base.name) or ""
    dropped = set(fold(surname).split())
    return " ".join(w for w in base.name.split() if fold(w) not in dropped)


@dataclass(frozen=True)
class ScriptKey(PivotKey):
    """The debtor's whole name in the Arabic script, as a confidently matched record writes it
    beside (or instead of) the Latin one: a title's owner entry, a vehicle card's holder."""

    about: str = SCRIPT

    @property
    def asked(self) -> tuple[str, str]:
        """Folded, words kept apart, their order kept out (the registry's token search)."""
        return (f"{self.about}_{self.key}", " ".join(sorted(fold(self.value).split())))

    def to_dict(self) -> dict[str, object]:
        """The profile's ``pivots`` entry: ``about`` "spelling" (another writing of the name, the
        profile's vocabulary), the name unmasked as a spelling's."""
        return {**super().to_dict(), "about": "spelling", "value": self.value}

    def because(self) -> str:
        return (f"{self.source} {self.record_id} writes the debtor's name in the Arabic script "
                f"(p {self.probability:.2f}): owner entries written in Arabic alone, in any "
                "city, are found by that name only")


def arabic_name(party: Party) -> str | None:
    """The party's name in the Arabic script: its name when written so, else the Arabic name
    the record writes beside the Latin one (``Party.other_names``); None without one."""
    for name in (party.name, *party.other_names):
        if name and is_arabic(name) and fold(name).split():
            return name
    return None


def script_keys(matches: Iterable[Match], asked: set[tuple[str, str]], *,
                threshold: float = PIVOT_THRESHOLD) -> list[ScriptKey]:
    """The debtor's name in the Arabic script from confident matches of a person debtor (a
    title found by their CIN, their vehicle card), strongest first, at most
    ``MAX_SCRIPT_NAMES``, never one asked already; deterministic. No Latin search finds an owner
    entry written in Arabic alone, and a title in another city than the portfolio's is not
    among the city's (issue 12, session 15: on the development seeds such entries were a third
    of the co-owner titles never fetched)."""
    found: dict[tuple[str, str], ScriptKey] = {}
    ordered = sorted(matches, key=lambda m: (-m.probability, m.record.source, m.record.record_id))
    for match in ordered:
        party = match.party
        if match.probability < threshold or party is None or party.kind != "person":
            continue
        name = arabic_name(party)
        if name is None:
            continue
        key = ScriptKey("name", name, match.record.source, match.record.record_id,
                        match.probability)
        if key.asked not in asked and key.asked not in found:
            found[key.asked] = key
    return list(found.values())[:MAX_SCRIPT_NAMES]


def script_queries(base: DebtorQuery, keys: list[PivotKey], depth: int,
                   sources: Iterable[str]) -> list[DebtorQuery]:
    """One query per Arabic-script name, for the sources that hold Arabic names
    (``SCRIPT_SOURCES``): that name alone, in any city (the land planner's "name in the
    Arabic script"), the debtor's city kept for a search that finds too many."""
    every = set(sources)
    only = tuple(s for s in SCRIPT_SOURCES if s in every)
    return [DebtorQuery(base.debtor_id, "person", (key.value,), city=base.city, pivot=depth,
                        because=(("name", key.because()),), sources=only)
            for key in keys if key.about == SCRIPT and only]
