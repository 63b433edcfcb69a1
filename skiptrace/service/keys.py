"""``skiptrace keys``: make, list and revoke the service's API keys (admins, on the host).

A token is printed once, when its key is made: the store keeps only its hash
(store/tenancy.py). Every change is written to the audit log with who made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skiptrace.context import resolve_db
from skiptrace.store import Store, tenancy


def create(db: Path | None, *, name: str, role: str, agency: str, operator: str,
           purpose: str) -> dict[str, Any]:
    """A new key: its id, name, role, agency and token (shown this once)."""
    with Store.open(resolve_db(db)) as store, store.atomic():
        key, token = tenancy.create_key(store.db.conn, name, role, agency)
        store.audit(operator, purpose, "key_create",
                    details={"key_id": key.id, "role": role, "agency": agency})
    return {"id": key.id, "name": key.name, "role": key.role, "agency": key.agency,
            "token": token}


def listing(db: Path | None) -> list[dict[str, Any]]:
    with Store.open(resolve_db(db)) as store:
        return tenancy.list_keys(store.db.conn)


def revoke(db: Path | None, key_id: int, *, operator: str, purpose: str) -> bool:
    """True when the key was live and is now revoked."""
    with Store.open(resolve_db(db)) as store, store.atomic():
        done = tenancy.revoke_key(store.db.conn, key_id)
        store.audit(operator, purpose, "key_revoke", details={"key_id": key_id, "revoked": done})
    return done


__all__ = ["create", "listing", "revoke"]
