"""The review queue: what the machine is unsure of, for a person to decide, most at stake first.

Three kinds of item, each a candidate record of one debtor (source + the source's record id,
what a judgement names):
- ``uncertain``: a stored match whose probability is in [review_low, review_high) (config,
  docs/review.md says why 0.2 and 0.9);
- ``household``: such a match that a linking rule held at the household cap (a listing at the
  debtor's door or number under a relative's name: linking/scoring.py) — the same band, named
  apart because the question differs: the debtor's, or the household's?
- ``successor``: a possible successor company of a closed company debtor (the profile's
  ``successors``, linking/successors.py).
Geocoder answers are not queued: they say where an address is, not whether a record is the
debtor's (the address's own record is what is judged). A candidate judged accept or reject
leaves the queue at once (the next run applies it); an unsure one stays, with its note.

Agency isolation is the API's (docs/api.md): only the caller's agency's debtors, and candidates
that are assets (land titles, vehicles, company stakes) only for roles that see assets.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from skiptrace.linking.scoring import HOUSEHOLD_CAP
from skiptrace.review.stake import (
    ASSET_KINDS,
    CONTACT_KINDS,
    at_stake,
    profile_values,
    record_value,
)
from skiptrace.store.judgements import Judgement, of_debtors

KINDS = ("uncertain", "household", "successor")


@dataclass(frozen=True)
class Band:
    """The probabilities that wait for a person: low <= p < high."""

    low: float = 0.2
    high: float = 0.9


@dataclass
class Item:
    kind: str
    debtor_id: str
    debtor_name: str
    debtor_kind: str
    source: str
    record_id: str
    record_kind: str
    candidate: str  # the party's or the successor's name as the record writes it
    probability: float
    debt: float | None
    asset_value: float | None
    judgement: Judgement | None = None
    match: dict[str, Any] = field(default_factory=dict, repr=False)  # the stored match
    successor: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def token(self) -> str:
        return item_token(self.debtor_id, self.source, self.record_id)

    @property
    def stake(self) -> float:
        return at_stake(self.debt, self.asset_value)

    @property
    def is_asset(self) -> bool:
        """Whether only roles that see assets see it: anything but a contact's record."""
        return self.record_kind not in CONTACT_KINDS or self.kind == "successor"

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.token, "kind": self.kind, "debtor_id": self.debtor_id,
                "debtor_name": self.debtor_name, "source": self.source,
                "record_id": self.record_id, "record_kind": self.record_kind,
                "candidate": self.candidate, "probability": round(self.probability, 6),
                "debt": self.debt, "asset_value": self.asset_value, "stake": self.stake,
                "judgement": None if self.judgement is None else {
                    k: v for k, v in self.judgement.to_dict().items()
                    if k in ("verdict", "note", "judged_by", "judged_at")}}


def item_token(debtor_id: str, source: str, record_id: str) -> str:
    """An item's id in URLs: opaque (a record id may be a title number), stable across runs."""
    raw = "\0".join((debtor_id, source, record_id)).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:24]


def _band_matches(conn: sqlite3.Connection, agency: int, band: Band) -> list[tuple[Any, ...]]:
    return conn.execute(
        """SELECT m.debtor_id, m.probability, m.json, d.name, d.kind,
                  json_extract(d.json, '$.debt_amount')
           FROM matches m
           JOIN debtor_agencies a ON a.debtor_id = m.debtor_id AND a.agency_id = ?
           JOIN debtors d ON d.debtor_id = m.debtor_id
           WHERE m.probability >= ? AND m.probability < ?""",
        (agency, band.low, band.high)).fetchall()


def _successor_rows(conn: sqlite3.Connection, agency: int) -> list[tuple[Any, ...]]:
    return conn.execute(
        """SELECT p.debtor_id, json_extract(p.json, '$.successors'), d.name, d.kind,
                  json_extract(d.json, '$.debt_amount')
           FROM profiles p
           JOIN debtor_agencies a ON a.debtor_id = p.debtor_id AND a.agency_id = ?
           JOIN debtors d ON d.debtor_id = p.debtor_id AND d.kind = 'company'
           WHERE json_array_length(p.json, '$.successors') > 0""", (agency,)).fetchall()


def _profile_assets(conn: sqlite3.Connection, debtor_ids: set[str]
                    ) -> dict[str, dict[tuple[str, str], float]]:
    found = {}
    for debtor_id in debtor_ids:
        row = conn.execute("SELECT json_extract(json, '$.assets') FROM profiles "
                           "WHERE debtor_id = ?", (debtor_id,)).fetchone()
        found[debtor_id] = profile_values(json.loads(row[0]) if row and row[0] else None)
    return found


def _match_item(row: tuple[Any, ...], values: dict[tuple[str, str], float]) -> Item | None:
    debtor_id, probability, data, name, kind, debt = row
    match = json.loads(data)
    party = match.get("party")
    if party is None:  # a geocoder answer: where an address is, not whose record
        return None
    record = match["record"]
    source, record_id = record["provenance"]["source"], record["provenance"]["record_id"]
    household = (party.get("role") == "listing"
                 and abs(float(probability) - HOUSEHOLD_CAP) < 1e-9)
    value = values.get((source, record_id))
    if value is None and record["kind"] in ASSET_KINDS:
        value = record_value(record["kind"], record["fields"], party.get("share"))
    return Item("household" if household else "uncertain", debtor_id, name, kind, source,
                record_id, record["kind"], party.get("name") or "", float(probability),
                None if debt is None else float(debt), value, match=match)


def _successor_items(row: tuple[Any, ...]) -> list[Item]:
    debtor_id, successors, name, kind, debt = row
    items = []
    for successor in json.loads(successors or "[]"):
        if not successor.get("source") or not successor.get("record_id"):
            continue
        items.append(Item("successor", debtor_id, name, kind, successor["source"],
                          successor["record_id"], "company", successor.get("name") or "",
                          float(successor.get("confidence") or 0.0),
                          None if debt is None else float(debt), None, successor=successor))
    return items


def build(conn: sqlite3.Connection, agency: int, band: Band, *, assets: bool,
          include_judged: bool = False) -> list[Item]:
    """The agency's queue, most at stake first (then most doubtful: nearest 0.5, then ids).
    ``assets``: whether the reader's role sees assets (else asset candidates are left out);
    ``include_judged``: keep candidates judged accept or reject (a page reopened after its
    decision)."""
    rows = _band_matches(conn, agency, band)
    values = _profile_assets(conn, {r[0] for r in rows})
    items = [i for i in (_match_item(r, values.get(r[0], {})) for r in rows) if i is not None]
    for row in _successor_rows(conn, agency):
        items += _successor_items(row)
    if not assets:
        items = [i for i in items if not i.is_asset]
    judged = of_debtors(conn, sorted({i.debtor_id for i in items}))
    kept = []
    for item in items:
        item.judgement = judged.get((item.debtor_id, item.source, item.record_id))
        if include_judged or item.judgement is None or item.judgement.verdict == "unsure":
            kept.append(item)
    kept.sort(key=lambda i: (-i.stake, abs(i.probability - 0.5), i.debtor_id, i.source,
                             i.record_id))
    return kept


def find(conn: sqlite3.Connection, agency: int, band: Band, token: str, *, assets: bool
         ) -> tuple[Item | None, Item | None, Item | None]:
    """(the previous item, the item called ``token``, the next one) in the queue's order; the
    item itself may have been judged already (a page reopened)."""
    items = build(conn, agency, band, assets=assets, include_judged=True)
    for index, item in enumerate(items):
        if item.token == token:
            pending = [i for i in items if i is item or i.judgement is None
                       or i.judgement.verdict == "unsure"]
            at = pending.index(item)
            before = pending[at - 1] if at > 0 else None
            after = pending[at + 1] if at + 1 < len(pending) else None
            return before, items[index], after
    return None, None, None


__all__ = ["KINDS", "Band", "Item", "build", "find", "item_token"]
