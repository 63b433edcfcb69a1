"""Denomination pivots: the names a company debtor's own register entry gives it, searched again.

A portfolio often knows a company by another name than the one it trades under today: a sigle
("NDME"), a brand, the denomination before a change. Found by its RC or ICE, the register entry
gives the denomination and the old names (DOMAIN §7.2b: names change, shrink to initials or a
brand). Notices that print no RC (a transfer of seat, a change of manager), titles written under
the company's name alone and the directory's business listings are reached only by that name —
measured on the development seed (40961, 1,000 debtors): 22 true notices of company debtors
were never fetched, the register entry that named them already linked at probability 1.

Like a spelling (linking/spellings.py), a denomination is a key: only from a register entry of
the debtor itself (the subject party), matched at or above the pivot threshold; only a name no
search asked yet (compared without its legal form, folded); searched once. What it fetches is
scored against the debtor *under that name* (``named_as``), and no surer than the register
match that gave the name (``capped_by``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.pivots import PIVOT_THRESHOLD, REGISTER, PivotKey
from skiptrace.model import Debtor, Match

MAX_DENOMINATIONS = 2  # names searched per round: the denomination, then the latest old name
#: the sources whose route searches a company by its name and reaches records the register's
#: identifiers do not: notices without an RC, titles and listings under the name alone
NAME_SOURCES = ("legal_notices", "land_registry", "phone_directory")


def asked_denominations(query: DebtorQuery) -> set[tuple[str, str]]:
    """The names the debtor's own query searched with, as a learned name's ``PivotKey.asked``
    compares them (without the legal form, folded)."""
    return {PivotKey("name", name, "portfolio", query.debtor_id, 1.0, about="denomination").asked
            for name in query.names if name.strip()}


def denomination_keys(matches: Iterable[Match], asked: set[tuple[str, str]], *,
                      threshold: float = PIVOT_THRESHOLD) -> list[PivotKey]:
    """The denomination and old names of the company debtor's confidently matched register
    entries that no search asked yet, strongest match first, at most ``MAX_DENOMINATIONS``;
    deterministic (ties by record id)."""
    found: dict[tuple[str, str], PivotKey] = {}
    ordered = sorted(matches, key=lambda m: (-m.probability, m.record.source, m.record.record_id))
    for match in ordered:
        party, record = match.party, match.record
        if (match.probability < threshold or party is None or party.role != "subject"
                or party.kind != "company" or record.source != REGISTER):
            continue
        for name in _names_of(record.fields):
            key = PivotKey("name", name, record.source, record.record_id, match.probability,
                           about="denomination")
            if key.asked[1] and key.asked not in asked and key.asked not in found:
                found[key.asked] = key
    return list(found.values())[:MAX_DENOMINATIONS]


def _names_of(fields: dict[str, object]) -> list[str]:
    """The denomination, then the old names, latest first as the register lists them."""
    names = [fields.get("denomination")]
    old = fields.get("old_names")
    names += list(old) if isinstance(old, (list, tuple)) else [old]
    return [str(n).strip() for n in names if isinstance(n, str) and n.strip()]


def denomination_queries(base: DebtorQuery, keys: list[PivotKey], depth: int,
                         sources: Iterable[str]) -> list[DebtorQuery]:
    """One query per learned name: that name in the debtor's city, on the sources that search
    a company by name — no identifier, phone or address (those were asked already)."""
    every = set(sources)
    only = tuple(s for s in NAME_SOURCES if s in every)
    if not only:
        return []
    return [DebtorQuery(base.debtor_id, "company", (key.value,), city=base.city, pivot=depth,
                        because=(("name", key.because()),), sources=only)
            for key in keys if key.about == "denomination"]


def named_as(debtor: Debtor, keys: Iterable[PivotKey]) -> list[tuple[Debtor, PivotKey]]:
    """The debtor under each name its register entry gave, with the key that gave it: records
    fetched by that name are scored against the company as the register names it."""
    return [(replace(debtor, name=key.value), key) for key in keys
            if key.about == "denomination" and debtor.kind == "company"]


def capped_by(match: Match, key: PivotKey) -> Match:
    """A match made through a learned name is no surer than the register match that gave it."""
    if match.probability <= key.probability:
        return match
    return replace(match, probability=key.probability)
