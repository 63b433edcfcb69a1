"""What of a record is indexed for local matching: its parties' names, identifiers and city.

Records name people and companies inside their fields (docs/records.md): a company's managers
and partners, a land title's co-owners, a vehicle's owner, the people of a legal notice. All of
them must be findable, so the full-text column holds every party name and the identifier side
table holds every CIN/ICE/RC/IF the record carries, whoever it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from skiptrace.intake.identifiers import fold, lookup_value
from skiptrace.model import Record

NAME_KEYS = ("name", "name_ar", "denomination", "company")
NAME_LIST_KEYS = ("old_names",)
PARTY_LIST_KEYS = ("managers", "partners", "owners", "people")
PARTY_KEYS = ("owner",)
IDENTIFIER_KEYS = {"cin": "cin", "ice": "ice", "if_number": "if"}


@dataclass(frozen=True)
class IndexEntry:
    """One identifier found in a record, in its lookup form."""

    scheme: str
    value: str
    tribunal: str | None = None


def _party_dicts(fields: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The record itself, then each nested party dict (managers, owners, people...)."""
    yield fields
    for key in PARTY_LIST_KEYS:
        for item in fields.get(key) or ():
            if isinstance(item, dict):
                yield item
    for key in PARTY_KEYS:
        item = fields.get(key)
        if isinstance(item, dict):
            yield item


def record_names(record: Record) -> list[str]:
    """Every name the record mentions, in field order, without duplicates."""
    names: list[str] = []
    for party in _party_dicts(record.fields):
        candidates = [party.get(k) for k in NAME_KEYS]
        for key in NAME_LIST_KEYS:
            candidates.extend(party.get(key) or ())
        for name in candidates:
            if isinstance(name, str) and name.strip() and name.strip() not in names:
                names.append(name.strip())
    return names


def record_identifiers(record: Record) -> list[IndexEntry]:
    """Every identifier the record mentions, normalised for lookup, without duplicates."""
    found: list[IndexEntry] = []
    for party in _party_dicts(record.fields):
        for key, scheme in IDENTIFIER_KEYS.items():
            raw = party.get(key)
            if isinstance(raw, str | int) and str(raw).strip():
                found.append(IndexEntry(scheme, lookup_value(scheme, str(raw))))
        rc = party.get("rc_number")
        if isinstance(rc, str | int) and str(rc).strip():
            tribunal = party.get("rc_tribunal")
            found.append(
                IndexEntry("rc", lookup_value("rc", str(rc)), fold(tribunal) if tribunal else None)
            )
    return list(dict.fromkeys(found))


def record_city(record: Record) -> str | None:
    """The record's city (or its owner's), folded for comparison."""
    city = record.fields.get("city")
    owner = record.fields.get("owner")
    if not city and isinstance(owner, dict):
        city = owner.get("city")
    return fold(city) if isinstance(city, str) and city.strip() else None


__all__ = ["IndexEntry", "record_city", "record_identifiers", "record_names"]
