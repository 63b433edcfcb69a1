"""``skiptrace accounts``: the review page's local accounts (admins, on the host).

A password is read from a prompt (never a command-line argument: shell histories and process
lists would keep it) or from standard input for scripts; only its Argon2id hash is stored
(store/accounts.py). Every change is written to the audit log with who made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skiptrace.context import resolve_db
from skiptrace.store import Store
from skiptrace.store import accounts as stored


def create(db: Path | None, *, username: str, password: str, role: str, agency: str,
           operator: str, purpose: str) -> dict[str, Any]:
    """A new account (ValueError: a short password, a taken name, an unknown role)."""
    with Store.open(resolve_db(db)) as store, store.atomic():
        made = stored.create(store.db.conn, username, password, role, agency)
        store.audit(operator, purpose, "account_create",
                    details={"account_id": made.id, "role": role, "agency": agency})
    return {"id": made.id, "username": made.username, "role": made.role, "agency": made.agency}


def listing(db: Path | None) -> list[dict[str, Any]]:
    with Store.open(resolve_db(db)) as store:
        return stored.listed(store.db.conn)


def set_password(db: Path | None, username: str, password: str, *, operator: str,
                 purpose: str) -> bool:
    """A new password, the lock lifted, every session ended; False for an unknown account."""
    with Store.open(resolve_db(db)) as store, store.atomic():
        done = stored.set_password(store.db.conn, username, password)
        store.audit(operator, purpose, "account_password", details={"done": done})
    return done


def disable(db: Path | None, username: str, *, operator: str, purpose: str) -> bool:
    with Store.open(resolve_db(db)) as store, store.atomic():
        done = stored.disable(store.db.conn, username)
        store.audit(operator, purpose, "account_disable", details={"done": done})
    return done


__all__ = ["create", "disable", "listing", "set_password"]
