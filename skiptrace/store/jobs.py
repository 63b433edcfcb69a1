"""Batch jobs, their per-debtor checkpoints, and what each checkpoint produced.

A checkpoint writes the debtor's profile, its matches and the job item together, so a batch
killed at any instant has either all three for a debtor or none: a resumed job skips exactly the
debtors in :func:`done_debtors` and redoes the rest.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from skiptrace.model import utcnow


def start_job(
    conn: sqlite3.Connection, job_id: str, portfolio: str | None, params: dict[str, Any]
) -> bool:
    """Create the job, or mark an existing one running again; True when it is new."""
    cursor = conn.execute(
        """INSERT INTO jobs(job_id, portfolio, params, started_at, status)
           VALUES (?, ?, ?, ?, 'running') ON CONFLICT(job_id) DO NOTHING""",
        (job_id, portfolio, json.dumps(params, sort_keys=True), utcnow().isoformat()),
    )
    if cursor.rowcount:
        return True
    conn.execute(
        "UPDATE jobs SET status = 'running', finished_at = NULL WHERE job_id = ?", (job_id,)
    )
    return False


def get_job(conn: sqlite3.Connection, job_id: str) -> dict[str, Any] | None:
    """The job row with ``params`` decoded and ``done`` (checkpointed debtors) counted."""
    row = conn.execute(
        "SELECT job_id, portfolio, params, started_at, finished_at, status FROM jobs"
        " WHERE job_id = ?",
        (job_id,),
    ).fetchone()
    if row is None:
        return None
    keys = ("job_id", "portfolio", "params", "started_at", "finished_at", "status")
    job = dict(zip(keys, row, strict=True))
    job["params"] = json.loads(job["params"])
    sql = "SELECT count(*) FROM job_items WHERE job_id = ?"
    job["done"] = int(conn.execute(sql, (job_id,)).fetchone()[0])
    return job


def done_debtors(conn: sqlite3.Connection, job_id: str) -> set[str]:
    rows = conn.execute("SELECT debtor_id FROM job_items WHERE job_id = ?", (job_id,))
    return {r[0] for r in rows}


def item_statuses(conn: sqlite3.Connection, job_id: str) -> dict[str, str]:
    """Each checkpointed debtor's last status (done, partial, failed): a rerun retries the last
    two."""
    rows = conn.execute("SELECT debtor_id, status FROM job_items WHERE job_id = ?", (job_id,))
    return {r[0]: r[1] for r in rows}


def _profile_segment(profile: dict[str, Any]) -> str | None:
    recoverability = profile.get("recoverability")
    if isinstance(recoverability, dict) and recoverability.get("segment"):
        return str(recoverability["segment"])
    return str(profile["segment"]) if profile.get("segment") else None


def save_profile(conn: sqlite3.Connection, debtor_id: str, profile: dict[str, Any],
                 text: str | None = None) -> None:
    """Store the debtor's profile; ``text`` is its JSON when the caller has it already (a
    batch writes each profile to its output file too, and serialising it once is enough)."""
    conn.execute(
        """INSERT INTO profiles(debtor_id, json, built_at, segment) VALUES (?, ?, ?, ?)
           ON CONFLICT(debtor_id) DO UPDATE SET json = excluded.json,
               built_at = excluded.built_at, segment = excluded.segment""",
        (debtor_id, text if text is not None else json.dumps(profile, ensure_ascii=False),
         utcnow().isoformat(),
         _profile_segment(profile)),
    )


def replace_matches(
    conn: sqlite3.Connection, debtor_id: str, matches: Iterable[dict[str, Any]]
) -> None:
    """The debtor's matches become exactly ``matches`` (``Match.to_dict()`` dicts)."""
    conn.execute("DELETE FROM matches WHERE debtor_id = ?", (debtor_id,))
    rows = []
    for match in matches:
        provenance = match["record"]["provenance"]
        party = match.get("party") or {}
        rows.append((
            debtor_id,
            f"{provenance['source']}:{provenance['record_id']}",
            party.get("index"),
            float(match["probability"]),
            json.dumps(match, ensure_ascii=False),
        ))
    conn.executemany(
        "INSERT INTO matches(debtor_id, record_key, party_index, probability, json)"
        " VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def mark_done(conn: sqlite3.Connection, job_id: str, debtor_id: str, status: str) -> None:
    """Checkpoint one debtor; a job never started (e.g. one-off "lookups") is created on the fly."""
    conn.execute(
        "INSERT INTO jobs(job_id, params, started_at, status) VALUES (?, '{}', ?, 'running')"
        " ON CONFLICT(job_id) DO NOTHING",
        (job_id, utcnow().isoformat()),
    )
    conn.execute(
        """INSERT INTO job_items(job_id, debtor_id, status, finished_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(job_id, debtor_id) DO UPDATE SET status = excluded.status,
               finished_at = excluded.finished_at""",
        (job_id, debtor_id, status, utcnow().isoformat()),
    )


def finish_job(conn: sqlite3.Connection, job_id: str, status: str = "done") -> None:
    conn.execute(
        "UPDATE jobs SET status = ?, finished_at = ? WHERE job_id = ?",
        (status, utcnow().isoformat(), job_id),
    )


def get_profile(conn: sqlite3.Connection, debtor_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT json FROM profiles WHERE debtor_id = ?", (debtor_id,)).fetchone()
    return json.loads(row[0]) if row else None


def get_matches(conn: sqlite3.Connection, debtor_id: str) -> list[dict[str, Any]]:
    """The debtor's stored matches, most probable first."""
    rows = conn.execute(
        "SELECT json FROM matches WHERE debtor_id = ? ORDER BY probability DESC, id", (debtor_id,)
    )
    return [json.loads(r[0]) for r in rows]


__all__ = [
    "done_debtors",
    "finish_job",
    "get_job",
    "get_matches",
    "get_profile",
    "mark_done",
    "replace_matches",
    "save_profile",
    "start_job",
]
