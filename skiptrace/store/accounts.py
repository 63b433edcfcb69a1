"""Local accounts of the review page and their sessions (issue 19, docs/review.md).

Passwords are hashed with Argon2id by argon2-cffi (the reference implementation's bindings,
with its recommended parameters; a hash carries its parameters, so a later, stronger default
re-hashes on the next login). Failed logins count per account: after ``MAX_FAILURES`` in a row
the account is locked for ``LOCK_MINUTES``, and a login during the lock fails like a wrong
password (the page says the same thing either way, so it tells nobody which usernames exist).

A session cookie is 32 random bytes; the store keeps its SHA-256 only, with the session's
CSRF token (not a secret from the session's own page, a secret from other sites) and the
purpose the person declared when logging in (law 09-08: every page they open is audited with
it).
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from skiptrace.model import utcnow
from skiptrace.store.tenancy import agency_id

ROLES = ("investigator", "supervisor", "admin")
MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# verified when the username is unknown, so that the answer takes as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    agency_id: int
    agency: str


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str
    purpose: str


def _now() -> datetime:
    return utcnow().replace(microsecond=0)


def create(conn: sqlite3.Connection, username: str, password: str, role: str,
           agency: str) -> Account:
    """A new account (the agency made if new). Call inside a write transaction."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if not username.strip() or len(username) > 100 or not agency.strip():
        raise ValueError("an account needs a username (1-100 characters) and an agency")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    if conn.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone():
        raise ValueError("that username is taken")
    owner = agency_id(conn, agency, create=True)
    cursor = conn.execute(
        "INSERT INTO accounts(username, agency_id, role, password_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id", (username, owner, role, _hasher.hash(password),
                                                _now().isoformat()))
    return Account(int(cursor.fetchone()[0]), username, role, int(owner or 0), agency)


def set_password(conn: sqlite3.Connection, username: str, password: str) -> bool:
    """A new password, the lock lifted and every session ended; False for an unknown user."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    cursor = conn.execute("UPDATE accounts SET password_hash = ?, failures = 0, locked_until = "
                          "NULL WHERE username = ?", (_hasher.hash(password), username))
    conn.execute("DELETE FROM web_sessions WHERE account_id IN (SELECT id FROM accounts WHERE "
                 "username = ?)", (username,))
    return cursor.rowcount == 1


def disable(conn: sqlite3.Connection, username: str) -> bool:
    """No more logins, every session ended; False for an unknown or disabled user."""
    cursor = conn.execute("UPDATE accounts SET disabled_at = ? WHERE username = ? AND "
                          "disabled_at IS NULL", (_now().isoformat(), username))
    conn.execute("DELETE FROM web_sessions WHERE account_id IN (SELECT id FROM accounts WHERE "
                 "username = ?)", (username,))
    return cursor.rowcount == 1


def listed(conn: sqlite3.Connection) -> list[dict[str, object]]:
    rows = conn.execute(
        """SELECT a.id, a.username, a.role, g.name, a.created_at, a.disabled_at, a.locked_until
           FROM accounts a JOIN agencies g ON g.id = a.agency_id ORDER BY a.id""").fetchall()
    fields = ("id", "username", "role", "agency", "created_at", "disabled_at", "locked_until")
    return [dict(zip(fields, row, strict=True)) for row in rows]


def login(conn: sqlite3.Connection, username: str, password: str) -> Account | None:
    """The account when the password is right and the account is neither locked nor disabled;
    None otherwise (a failure counted, the lock set at ``MAX_FAILURES``). Call inside a write
    transaction."""
    row = conn.execute(
        """SELECT a.id, a.username, a.role, a.agency_id, g.name, a.password_hash, a.failures,
                  a.locked_until, a.disabled_at
           FROM accounts a JOIN agencies g ON g.id = a.agency_id WHERE a.username = ?""",
        (username,)).fetchone()
    if row is None:
        _verify(_DUMMY_HASH, password)
        return None
    account_id, _, role, agency, agency_name, hashed, failures, locked_until, disabled = row
    now = _now()
    locked = locked_until is not None and datetime.fromisoformat(locked_until) > now
    if locked or disabled is not None or not _verify(hashed, password):
        if not locked and disabled is None:
            failures = int(failures) + 1
            until = (now + timedelta(minutes=LOCK_MINUTES)).isoformat() \
                if failures >= MAX_FAILURES else None
            conn.execute("UPDATE accounts SET failures = ?, locked_until = ? WHERE id = ?",
                         (0 if until else failures, until, account_id))
        return None
    conn.execute("UPDATE accounts SET failures = 0, locked_until = NULL WHERE id = ?",
                 (account_id,))
    if _hasher.check_needs_rehash(hashed):
        conn.execute("UPDATE accounts SET password_hash = ? WHERE id = ?",
                     (_hasher.hash(password), account_id))
    return Account(int(account_id), str(row[1]), str(role), int(agency), str(agency_name))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(conn: sqlite3.Connection, account: Account, purpose: str) -> tuple[str, str]:
    """(cookie token, CSRF token) of a new session. Call inside a write transaction."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = _now()
    conn.execute("DELETE FROM web_sessions WHERE expires_at < ?", (now.isoformat(),))
    conn.execute("INSERT INTO web_sessions(token_hash, account_id, csrf, purpose, created_at, "
                 "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                 (_digest(token), account.id, csrf, purpose, now.isoformat(),
                  (now + timedelta(hours=SESSION_HOURS)).isoformat()))
    return token, csrf


def session(conn: sqlite3.Connection, token: str) -> Session | None:
    """The live session of this cookie (None: unknown, expired, or its account disabled)."""
    if not token or len(token) > 100:
        return None
    row = conn.execute(
        """SELECT a.id, a.username, a.role, a.agency_id, g.name, s.csrf, s.purpose, s.expires_at
           FROM web_sessions s JOIN accounts a ON a.id = s.account_id
           JOIN agencies g ON g.id = a.agency_id
           WHERE s.token_hash = ? AND a.disabled_at IS NULL""", (_digest(token),)).fetchone()
    if row is None or datetime.fromisoformat(row[7]) <= _now():
        return None
    account = Account(int(row[0]), str(row[1]), str(row[2]), int(row[3]), str(row[4]))
    return Session(account, str(row[5]), str(row[6]))


def close_session(conn: sqlite3.Connection, token: str) -> None:
    conn.execute("DELETE FROM web_sessions WHERE token_hash = ?", (_digest(token),))


__all__ = ["LOCK_MINUTES", "MAX_FAILURES", "MIN_PASSWORD", "ROLES", "Account", "Session",
           "close_session", "create", "disable", "listed", "login", "open_session", "session",
           "set_password"]
