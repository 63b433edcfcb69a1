"""Agencies, their API keys and which agency owns each debtor (the HTTP service, issue 18).

A key's token is shown once, when it is made, and never stored: the store keeps its SHA-256.
A token reads ``st_<key id>_<secret>``; the id finds the row (no search by hash, so the time a
check takes says nothing about other keys) and ``hmac.compare_digest`` compares the hashes.
The secret is 32 random bytes (``secrets.token_urlsafe``): a hash without salt or stretching is
enough for a value nobody chose and nobody can guess (passwords would need a slow hash).

Ownership: ``debtor_agencies`` says which agency a debtor belongs to. The service claims a
debtor for the calling key's agency before it writes it; a debtor written without a claim (the
CLI) belongs to agency 1, ``default``, by trigger (migration 9).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from skiptrace.model import utcnow
from skiptrace.store.audit import COLUMNS, oldest_first

ROLES = ("investigator", "case_system", "supervisor", "admin")
DEFAULT_AGENCY = 1
TOKEN_PREFIX = "st_"


@dataclass(frozen=True)
class ApiKey:
    """A key as the service sees it once its token checked out (no hash, no token)."""

    id: int
    name: str
    role: str
    agency_id: int
    agency: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def agency_id(conn: sqlite3.Connection, name: str, *, create: bool = False) -> int | None:
    """The agency called ``name``; made when ``create`` (call inside a write transaction)."""
    row = conn.execute("SELECT id FROM agencies WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return int(row[0])
    if not create:
        return None
    cursor = conn.execute("INSERT INTO agencies(name, created_at) VALUES (?, ?) RETURNING id",
                          (name, utcnow().isoformat()))
    return int(cursor.fetchone()[0])


def create_key(conn: sqlite3.Connection, name: str, role: str, agency: str) -> tuple[ApiKey, str]:
    """A new key and its token (shown once); the agency is made if new. Call inside a write
    transaction."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if not name.strip() or not agency.strip():
        raise ValueError("a key needs a name and an agency")
    owner = agency_id(conn, agency, create=True)
    if owner is None:  # create=True makes it: a programming error otherwise
        raise RuntimeError(f"agency {agency!r} could not be made")
    cursor = conn.execute(
        "INSERT INTO api_keys(name, role, agency_id, token_hash, created_at)"
        " VALUES (?, ?, ?, '', ?) RETURNING id", (name, role, owner, utcnow().isoformat()))
    key_id = int(cursor.fetchone()[0])
    token = f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    conn.execute("UPDATE api_keys SET token_hash = ? WHERE id = ?", (token_hash(token), key_id))
    return ApiKey(key_id, name, role, owner, agency), token


def check_token(conn: sqlite3.Connection, token: str) -> ApiKey | None:
    """The live key this token is, else None (malformed, unknown, wrong secret, revoked)."""
    head, _, rest = token.partition("_")
    key_text, _, secret = rest.partition("_")
    if head + "_" != TOKEN_PREFIX or not key_text.isdigit() or not secret or len(token) > 200:
        return None
    row = conn.execute(
        """SELECT k.id, k.name, k.role, k.agency_id, a.name, k.token_hash, k.revoked_at
           FROM api_keys k JOIN agencies a ON a.id = k.agency_id WHERE k.id = ?""",
        (int(key_text),)).fetchone()
    if row is None:
        return None
    if not hmac.compare_digest(str(row[5]), token_hash(token)) or row[6] is not None:
        return None
    return ApiKey(int(row[0]), str(row[1]), str(row[2]), int(row[3]), str(row[4]))


def revoke_key(conn: sqlite3.Connection, key_id: int) -> bool:
    """True when a live key was revoked now (False: unknown or revoked before)."""
    cursor = conn.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                          (utcnow().isoformat(), key_id))
    return cursor.rowcount == 1


def list_keys(conn: sqlite3.Connection, agency: int | None = None) -> list[dict[str, Any]]:
    """Every key (of one agency): id, name, role, agency, created, revoked; never a hash."""
    rows = conn.execute(
        """SELECT k.id, k.name, k.role, a.name, k.created_at, k.revoked_at
           FROM api_keys k JOIN agencies a ON a.id = k.agency_id
           WHERE ? IS NULL OR k.agency_id = ? ORDER BY k.id""", (agency, agency)).fetchall()
    fields = ("id", "name", "role", "agency", "created_at", "revoked_at")
    return [dict(zip(fields, row, strict=True)) for row in rows]


def owner(conn: sqlite3.Connection, debtor_id: str) -> int | None:
    """The agency that owns ``debtor_id`` (None: nobody has claimed it, nor is it stored)."""
    row = conn.execute("SELECT agency_id FROM debtor_agencies WHERE debtor_id = ?",
                       (debtor_id,)).fetchone()
    return int(row[0]) if row is not None else None


def claim(conn: sqlite3.Connection, debtor_ids: Iterable[str], agency: int) -> list[str]:
    """Claim the unclaimed ids for ``agency``; returns the ids another agency owns (left
    alone: the caller refuses to write them). Call inside a write transaction."""
    taken = []
    for debtor_id in debtor_ids:
        current = owner(conn, debtor_id)
        if current is None:
            conn.execute("INSERT INTO debtor_agencies(debtor_id, agency_id) VALUES (?, ?)",
                         (debtor_id, agency))
        elif current != agency:
            taken.append(debtor_id)
    return taken


def agency_audit(conn: sqlite3.Connection, agency: int, debtor_id: str | None,
                 limit: int) -> list[dict[str, Any]]:
    """The audit rows an agency's supervisors may read, oldest first: the service's rows of its
    own keys (``details.agency_id``), and the other rows about its debtors (lookups, batches,
    erasures); never another agency's call, even one about this agency's debtor (a probe that
    got 404 would otherwise name the other agency's operator). The last ``limit``."""
    rows = conn.execute(
        f"""SELECT {', '.join('a.' + c for c in COLUMNS)} FROM audit a
            LEFT JOIN debtor_agencies d ON d.debtor_id = a.debtor_id
            WHERE (? IS NULL OR a.debtor_id = ?)
              AND (CAST(json_extract(a.details, '$.agency_id') AS INTEGER) = ?
                   OR (d.agency_id = ? AND json_extract(a.details, '$.agency_id') IS NULL))
            ORDER BY a.id DESC LIMIT ?""",
        (debtor_id, debtor_id, agency, agency, limit)).fetchall()
    return oldest_first(rows)

__all__ = ["DEFAULT_AGENCY", "ROLES", "ApiKey", "agency_audit", "agency_id", "check_token",
           "claim", "create_key", "list_keys", "owner", "revoke_key", "token_hash"]
