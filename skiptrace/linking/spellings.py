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
"""

from __future__ import annotations

from collections.abc import Iterable

from matching.names import parse_person_name
from matching.text import fold, is_arabic
from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.pivots import PIVOT_THRESHOLD, PivotKey
from skiptrace.model import Match

MAX_SPELLINGS = 1  # new family-name spellings searched per round
#: sources a learned spelling is searched on: the register's text search (a trader's entry is
#: written under the family name as the register spells it). The directory and the land
#: registry's owner search take names too, but on the development seed (12345, 1,000 debtors)
#: they found 3 and 2 more true records for 0.72 and 0.44 more requests per debtor, against 21
#: for 0.95 in the register: not worth their requests.
NAME_SOURCES = ("company_register",)


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
