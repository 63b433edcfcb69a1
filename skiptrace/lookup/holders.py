"""Who the phone directory lists for a number: the first step of a lookup by phone alone.

A debtor known only by a number cannot be matched to anything (the matcher needs a name: the
directory's listing of that very number scored 0.23), so a phone-only lookup used to find
nothing. The directory's reverse search (``?phone=``, spiders/sources/phone_directory.py) names
the number's holder; the lookup then goes on with that name, city and number, found in the
store first like any typed name (resolve.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from matching import fold
from matching.phones import normalize_phone
from skiptrace.i18n import _
from skiptrace.linking.parties import record_parties
from skiptrace.model import Debtor, Record

DIRECTORY = "phone_directory"


@dataclass(frozen=True)
class Holder:
    """A listing's subscriber for the number: what the lookup goes on with."""

    kind: str
    name: str
    city: str | None
    address: str | None

    def line(self) -> str:
        return f"  {self.name}  {self.city or _('(city unknown)')}"


def phone_only(debtor: Debtor) -> bool:
    """Typed with nothing but a phone: no name, no identifier."""
    return bool(debtor.phones) and not debtor.name.strip() and not debtor.identifiers


def holders(records: Iterable[Record], phone: str) -> list[Holder]:
    """The distinct subscribers (by folded name) the directory lists under ``phone``."""
    wanted = normalize_phone(phone)
    found: dict[str, Holder] = {}
    for record in records:
        if record.provenance.source != DIRECTORY:
            continue
        for party in record_parties(record):
            numbers = {normalize_phone(p) for p in party.phones}
            if party.role == "listing" and party.name and wanted and wanted in numbers:
                found.setdefault(fold(party.name), Holder(party.kind, party.name, party.city,
                                                           party.address))
    return list(found.values())


def as_debtor(holder: Holder, phone: str) -> dict[str, str | None]:
    """The lookup options the holder stands for (intake/lookupquery.py builds the Debtor)."""
    return {"name": holder.name, "kind": holder.kind, "city": holder.city, "phone": phone,
            "address": holder.address}


__all__ = ["Holder", "as_debtor", "holders", "phone_only"]
