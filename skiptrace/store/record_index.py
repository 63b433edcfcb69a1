"""What of a record is indexed for local matching: its parties' names, identifiers and city.

Records name people and companies inside their fields (docs/records.md): a company's managers
and partners, a land title's co-owners, a vehicle's owner, the people of a legal notice. All of
them must be findable, so the full-text column holds every party name (from
:func:`skiptrace.linking.parties.record_parties`, plus former names and Arabic spellings) and the
identifier side table every CIN/ICE/RC/IF the record carries, whoever it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from skiptrace.intake.identifiers import court_key, lookup_value
from skiptrace.linking.parties import record_parties
from skiptrace.model import Record


@dataclass(frozen=True)
class IndexEntry:
    """One identifier found in a record, in its lookup form."""

    scheme: str
    value: str
    tribunal: str | None = None


def _nested(fields: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Party dicts nested in the fields (owners of a title, owner of a vehicle)."""
    owners = list(fields.get("owners") or ())
    if isinstance(fields.get("owner"), dict):
        owners.append(fields["owner"])
    yield from (o for o in owners if isinstance(o, dict))


def record_names(record: Record) -> list[str]:
    """Every name the record mentions, without duplicates."""
    names = [p.name for p in record_parties(record)]
    names += [str(n) for n in record.fields.get("old_names") or ()]
    names += [str(o["name_ar"]) for o in _nested(record.fields) if o.get("name_ar")]
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def record_identifiers(record: Record) -> list[IndexEntry]:
    """Every identifier the record mentions, normalised for lookup, without duplicates."""
    found: list[IndexEntry] = []
    for party in record_parties(record):
        for scheme, raw in (("cin", party.cin), ("ice", party.ice)):
            if raw:
                found.append(IndexEntry(scheme, lookup_value(scheme, raw)))
        if party.rc:
            found.append(IndexEntry("rc", lookup_value("rc", party.rc), court_key(party.tribunal)))
    if_number = record.fields.get("if_number")
    if if_number:
        found.append(IndexEntry("if", lookup_value("if", str(if_number))))
    return list(dict.fromkeys(found))


def record_city(record: Record) -> str | None:
    """The record's city (or its owner's) as a canonical key ("Casa" → "casablanca")."""
    city = record.fields.get("city")
    owner = record.fields.get("owner")
    if not city and isinstance(owner, dict):
        city = owner.get("city")
    return court_key(city) if isinstance(city, str) else None


__all__ = ["IndexEntry", "record_city", "record_identifiers", "record_names"]
