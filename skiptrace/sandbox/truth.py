"""What really belongs to one debtor: the answer key the matcher is measured against."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from skiptrace.sandbox import render_places as rp
from skiptrace.sandbox.entities import Address, Company, Person


@dataclass
class Truth:
    debtor_id: str
    kind: str
    links: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    decoys: list[dict[str, str]] = field(default_factory=list)
    land_titles: list[dict[str, Any]] = field(default_factory=list)
    vehicles: list[dict[str, Any]] = field(default_factory=list)
    company_stakes: list[dict[str, Any]] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    # company debtors (successors.py): companies that carry a closed debtor's business on
    # [{record_id, evidence, created}], and companies that only look like it [{record_id, relation}]
    successors: list[dict[str, Any]] = field(default_factory=list)
    successor_lookalikes: list[dict[str, str]] = field(default_factory=list)
    # person debtors: titles and vehicles of the company they manage or hold shares in (the
    # company owns them, not the debtor: never links) [{source, record_id, via, debtor_role}]
    second_degree_assets: list[dict[str, str]] = field(default_factory=list)

    def link(self, source: str, record_id: str, role: str, debtor_role: str = "subject",
             identifiers_written: list[str] | None = None) -> None:
        """A record that truly concerns the debtor. ``role`` is the source-specific label kept
        from the first truth format; ``debtor_role`` is what the debtor is in the record
        (subject, manager, partner, owner, co-owner, holder); ``identifiers_written`` (registry
        records) which of the debtor's identifiers the record writes (cin, ice, rc)."""
        if any(e["record_id"] == record_id for e in self.links[source]):
            return
        entry: dict[str, Any] = {"record_id": record_id, "role": role, "debtor_role": debtor_role}
        if identifiers_written is not None:
            entry["identifiers_written"] = identifiers_written
        self.links[source].append(entry)

    def second_degree(self, source: str, record_id: str, via: str, debtor_role: str) -> None:
        """An asset of a company the debtor runs or holds shares in: ``via`` is the company's
        register record id, ``debtor_role`` what the debtor is in it (manager, partner)."""
        self.second_degree_assets.append({"source": source, "record_id": record_id, "via": via,
                                          "debtor_role": debtor_role})

    def decoy(self, source: str, record_id: str, relation: str) -> None:
        self.decoys.append({"source": source, "record_id": record_id, "relation": relation})

    def to_dict(self, subject: Person | Company) -> dict[str, Any]:
        if isinstance(subject, Person):
            name = subject.canonical
            identifiers = {"cin": subject.cin, "birth_date": subject.birth.isoformat()}
        else:
            name = subject.denomination
            identifiers = {"ice": subject.ice, "rc": subject.rc, "tribunal": subject.tribunal,
                           "if": subject.if_number}
        previous = []
        if subject.old_address is not None:
            previous.append({**_address(subject.old_address),
                             "until": subject.moved_on.isoformat() if subject.moved_on else None})
        return {
            "debtor_id": self.debtor_id, "kind": self.kind, "findable": bool(self.links),
            "name": name, "identifiers": identifiers,
            "links": {k: v for k, v in sorted(self.links.items())}, "decoys": self.decoys,
            "address": {**_address(subject.address),
                        "since": subject.moved_on.isoformat() if subject.moved_on else None},
            "previous_addresses": previous, "phones": list(subject.phones),
            "assets": {"land_titles": self.land_titles, "vehicles": self.vehicles,
                       "company_stakes": self.company_stakes},
            "second_degree_assets": self.second_degree_assets,
            "portfolio_defects": self.defects,
            "successors": self.successors, "successor_lookalikes": self.successor_lookalikes,
        }


def _address(addr: Address) -> dict[str, Any]:
    return {"text": rp.canonical_text(addr), "parts": addr.parts(), "geocoder_place": addr.place_id}
