"""One writing job per store and per output file, held as a row of the ``locks`` table.

A lock row names its holder (host, pid, start time, job). Taking a lock and taking over a stale
one happen inside one ``BEGIN IMMEDIATE`` transaction, so two processes never both win. A lock
is stale only when its holder ran on this host and its pid is gone; a holder on another host is
never presumed dead (its clock and pids are not ours to judge): :func:`break_lock` is for the
operator who checked.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from skiptrace.errors import SkiptraceError
from skiptrace.model import utcnow

log = logging.getLogger(__name__)

WRITER_LOCK = "writer"


class StoreBusy(SkiptraceError):
    """Another job holds the lock; the message names it and says what to do."""


@dataclass(frozen=True)
class Holder:
    name: str
    token: str
    host: str
    pid: int
    started_at: str
    job_id: str | None

    def describe(self) -> str:
        return (f"job {self.job_id or '?'}, pid {self.pid} on host {self.host} "
                f"since {self.started_at}")


def output_lock_name(path: str | os.PathLike[str]) -> str:
    """The lock name of an output file: one job appends to it at a time."""
    return f"output:{os.path.abspath(Path(path))}"


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists here (a pid we may not signal exists)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder(conn: sqlite3.Connection, name: str) -> Holder | None:
    row = conn.execute(
        "SELECT name, token, host, pid, started_at, job_id FROM locks WHERE name = ?", (name,)
    ).fetchone()
    return Holder(*row) if row else None


def is_stale(found: Holder) -> bool:
    return found.host == socket.gethostname() and not pid_alive(found.pid)


def _busy_message(name: str, found: Holder) -> str:
    what = "the store is busy" if name == WRITER_LOCK else f"{name.removeprefix('output:')} is busy"
    return (f"{what}: {found.describe()}; wait for it to finish or, if that process is gone "
            f"(another host, or a reused pid), release it with `skiptrace unlock {name}`")


def take(conn: sqlite3.Connection, name: str, job_id: str | None) -> str:
    """Insert our row, or take over a stale one; raises :class:`StoreBusy`. Call inside a write
    transaction. Returns the token that :func:`release` needs."""
    found = holder(conn, name)
    if found is not None:
        if not is_stale(found):
            raise StoreBusy(_busy_message(name, found))
        log.warning("taking over the lock %s from a dead process (%s)", name, found.describe())
        conn.execute("DELETE FROM locks WHERE name = ? AND token = ?", (name, found.token))
    token = uuid.uuid4().hex
    conn.execute(
        "INSERT INTO locks(name, token, host, pid, started_at, job_id) VALUES (?, ?, ?, ?, ?, ?)",
        (name, token, socket.gethostname(), os.getpid(), utcnow().isoformat(), job_id),
    )
    return token


def release(conn: sqlite3.Connection, name: str, token: str) -> bool:
    """Delete our row (not one that a takeover gave to someone else)."""
    sql = "DELETE FROM locks WHERE name = ? AND token = ?"
    return bool(conn.execute(sql, (name, token)).rowcount)


def break_lock(conn: sqlite3.Connection, name: str) -> Holder | None:
    """Remove a lock whoever holds it (the operator checked its holder is gone)."""
    found = holder(conn, name)
    if found is not None:
        conn.execute("DELETE FROM locks WHERE name = ?", (name,))
    return found


__all__ = [
    "WRITER_LOCK",
    "Holder",
    "StoreBusy",
    "break_lock",
    "holder",
    "is_stale",
    "output_lock_name",
    "pid_alive",
    "release",
    "take",
]
