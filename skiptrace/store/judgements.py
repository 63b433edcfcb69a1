"""Judgements: a person's decision on one candidate record of one debtor (issue 19).

Modelled on nomenklatura's resolver (positive / negative / unsure edges between two entity ids,
with the user and the time): here one side is always the debtor and the other a source record
named by its source and the source's own record id, never by our record key or its content, so
that a judgement holds when the record is fetched again. The store keeps the last judgement per
candidate (a later one replaces it); the audit chain keeps every one (store/audit.py), the note
by its hash only, since the audit log outlives a forgotten debtor (docs/review.md).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from skiptrace.model import utcnow
from skiptrace.store import audit as audit_log

VERDICTS = ("accept", "reject", "unsure")
#: the longest note kept (a sentence or two for the next person, not a file)
NOTE_MAX = 2000


@dataclass(frozen=True)
class Judgement:
    debtor_id: str
    source: str
    record_id: str
    verdict: str
    note: str
    judged_by: str
    via: str  # "web:<account id>" or "api:<key id>"
    judged_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_COLUMNS = "debtor_id, source, record_id, verdict, note, judged_by, via, judged_at"


def _row(row: tuple[Any, ...]) -> Judgement:
    return Judgement(*(str(v) for v in row))


def check(verdict: str, note: str, source: str, record_id: str) -> None:
    """ValueError naming what is wrong (never the value: a note may hold a name)."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
    if len(note) > NOTE_MAX:
        raise ValueError(f"a note is at most {NOTE_MAX} characters")
    if not source.strip() or not record_id.strip() or len(source) > 100 or len(record_id) > 200:
        raise ValueError("a judgement names a source (1-100 characters) and a record id (1-200)")


def record(conn: sqlite3.Connection, judgement: Judgement, purpose: str) -> int:
    """Store ``judgement`` (replacing an earlier one on the same candidate) and append its audit
    row; returns the audit row's id. Call inside a write transaction."""
    check(judgement.verdict, judgement.note, judgement.source, judgement.record_id)
    conn.execute(
        f"""INSERT INTO judgements({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (debtor_id, source, record_id) DO UPDATE SET verdict = excluded.verdict,
              note = excluded.note, judged_by = excluded.judged_by, via = excluded.via,
              judged_at = excluded.judged_at""",
        (judgement.debtor_id, judgement.source, judgement.record_id, judgement.verdict,
         judgement.note, judgement.judged_by, judgement.via, judgement.judged_at))
    details = {"source": judgement.source, "record_id": judgement.record_id,
               "verdict": judgement.verdict, "via": judgement.via,
               "note_sha256": hashlib.sha256(judgement.note.encode("utf-8")).hexdigest()
               if judgement.note else None}
    return audit_log.append(conn, judgement.judged_by, purpose, "judgement", judgement.debtor_id,
                            None, details)


def new(debtor_id: str, source: str, record_id: str, verdict: str, note: str, judged_by: str,
        via: str) -> Judgement:
    """A judgement made now."""
    return Judgement(debtor_id, source.strip(), record_id.strip(), verdict, note.strip(),
                     judged_by, via, utcnow().replace(microsecond=0).isoformat())


def of_debtor(conn: sqlite3.Connection, debtor_id: str) -> list[Judgement]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM judgements WHERE debtor_id = ? "
                        "ORDER BY source, record_id", (debtor_id,)).fetchall()
    return [_row(r) for r in rows]


def stored_judgements(store_conn: sqlite3.Connection
                      ) -> Callable[[str], dict[tuple[str, str], Judgement]]:
    """What the enrichment asks for each debtor (linking/judgements.apply_judgements): its
    accepted and rejected candidates by (source, source record id)."""
    def of(debtor_id: str) -> dict[tuple[str, str], Judgement]:
        return {(j.source, j.record_id): j for j in of_debtor(store_conn, debtor_id)
                if j.verdict != "unsure"}
    return of


def of_debtors(conn: sqlite3.Connection, debtor_ids: list[str]
               ) -> dict[tuple[str, str, str], Judgement]:
    """The judgements of several debtors by (debtor id, source, record id)."""
    found: dict[tuple[str, str, str], Judgement] = {}
    for start in range(0, len(debtor_ids), 500):
        chunk = debtor_ids[start:start + 500]
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM judgements WHERE debtor_id IN "
            f"({', '.join('?' * len(chunk))})", chunk).fetchall()
        for row in rows:
            j = _row(row)
            found[(j.debtor_id, j.source, j.record_id)] = j
    return found


__all__ = ["NOTE_MAX", "VERDICTS", "Judgement", "check", "new", "of_debtor", "of_debtors",
           "record", "stored_judgements"]
