"""A judgement made: the candidate checked, stored, audited (the web page and the API alike).

What may be judged: a candidate the store knows for that debtor — a stored match, a possible
successor in its profile, or a record judged before (a rejected record is no longer stored as a
candidate, and a person may change their mind). Its record kind decides who may: contact
records for every role, the rest only for roles that see assets (review/queue.py).
"""

from __future__ import annotations

import json
import sqlite3

from skiptrace.store import Store
from skiptrace.store import judgements as stored


class UnknownCandidate(LookupError):
    """No such candidate for that debtor (or not one the caller may see)."""


def candidate_kind(conn: sqlite3.Connection, debtor_id: str, source: str, record_id: str
                   ) -> str | None:
    """The record kind of the debtor's candidate ``source``/``record_id``, or None."""
    row = conn.execute(
        "SELECT json_extract(json, '$.record.kind') FROM matches WHERE debtor_id = ? "
        "AND record_key = ?", (debtor_id, f"{source}:{record_id}")).fetchone()
    if row is not None:
        return str(row[0])
    row = conn.execute("SELECT json_extract(json, '$.successors') FROM profiles "
                       "WHERE debtor_id = ?", (debtor_id,)).fetchone()
    for successor in json.loads(row[0]) if row and row[0] else []:
        if (successor.get("source"), successor.get("record_id")) == (source, record_id):
            return "company"
    row = conn.execute(
        "SELECT 1 FROM judgements WHERE debtor_id = ? AND source = ? AND record_id = ?",
        (debtor_id, source, record_id)).fetchone()
    return None if row is None else "judged"


def decide(store: Store, debtor_id: str, source: str, record_id: str, verdict: str, note: str,
           *, by: str, purpose: str, via: str, sees: frozenset[str] | None) -> stored.Judgement:
    """Store and audit the judgement; ``sees``: the record kinds the caller may judge (None:
    all). Raises UnknownCandidate, or ValueError for a bad verdict or note."""
    kind = candidate_kind(store.db.conn, debtor_id, source, record_id)
    if kind is None or (sees is not None and kind not in sees):
        raise UnknownCandidate("no such candidate")
    judgement = stored.new(debtor_id, source, record_id, verdict, note, by, via)
    with store.atomic():
        stored.record(store.db.conn, judgement, purpose)
    return judgement


__all__ = ["UnknownCandidate", "candidate_kind", "decide"]
