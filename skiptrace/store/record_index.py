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

from matching.names import person_name_keys
from matching.phones import normalize_phone
from matching.text import fold
from skiptrace.intake.identifiers import court_key, lookup_value
from skiptrace.linking.parties import record_parties
from skiptrace.model import Record

# Search keys indexed beside the identifiers (issue 12 step 4): a phone number, a title number,
# and a person's name keys (matching's blocking keys: "s:<surname skeleton>", "g:<given-name
# variant key>|<surname skeleton>"), each name key with the party's city as its "tribunal" so
# that a surname is searched within a city.
SEARCH_SCHEMES = ("phone", "title_number", "name_key")


@dataclass(frozen=True)
class IndexEntry:
    """One identifier (or search key: ``SEARCH_SCHEMES``) found in a record, in lookup form."""

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
    found += search_keys(record)
    return list(dict.fromkeys(found))


def search_keys(record: Record) -> list[IndexEntry]:
    """Phones, the title number and the name keys of every person the record names."""
    found: list[IndexEntry] = []
    city = record_city(record)
    title = record.fields.get("title_number")
    if title:
        found.append(IndexEntry("title_number", title_key(str(title))))
    for party in record_parties(record):
        for raw in party.phones:
            phone = normalize_phone(raw)
            if phone:
                found.append(IndexEntry("phone", phone))
        if party.kind == "person" and party.name:
            where = court_key(party.city) or city
            found += [IndexEntry("name_key", key, where) for key in name_keys(party.name)]
    return found


def name_keys(name: str) -> list[str]:
    """A person name's keys (matching.names.person_name_keys), sorted for a stable order."""
    return sorted(person_name_keys(name))


def search_value(scheme: str, raw: str) -> str:
    """A looked-up value in its indexed form, for identifiers and search keys alike."""
    if scheme == "phone":
        return normalize_phone(raw) or raw
    if scheme == "title_number":
        return title_key(raw)
    if scheme == "name_key":
        return raw
    return lookup_value(scheme, raw)


def title_key(raw: str) -> str:
    """A title number as looked up: folded, without spaces, dashes or slashes ("T-12 345/C" →
    "t12345c")."""
    return "".join(ch for ch in fold(raw) if ch.isalnum())


def record_city(record: Record) -> str | None:
    """The record's city (or its owner's) as a canonical key ("Casa" → "casablanca")."""
    city = record.fields.get("city")
    owner = record.fields.get("owner")
    if not city and isinstance(owner, dict):
        city = owner.get("city")
    return court_key(city) if isinstance(city, str) else None


__all__ = [
    "SEARCH_SCHEMES", "IndexEntry", "name_keys", "record_city", "record_identifiers",
    "record_names", "search_keys", "search_value", "title_key",
]
