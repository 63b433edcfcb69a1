"""The OpenAPI document: FastAPI's, with the profile contract (schema/profile.schema.json) put
in as it is, so that the API and ``enrich --out`` are checked against one schema."""

from __future__ import annotations

from typing import Any

from skiptrace.profile.schema import load_schema
from skiptrace.service.views import contacts_schema

PROFILE, CONTACTS = "Profile", "ContactsProfile"


def _rewrite(value: Any) -> Any:
    """``#/$defs/x`` → ``#/components/schemas/Profile_x``."""
    if isinstance(value, dict):
        return {k: (f"#/components/schemas/{PROFILE}_{v.rsplit('/', 1)[-1]}"
                    if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/")
                    else _rewrite(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v) for v in value]
    return value


def components() -> dict[str, Any]:
    """The profile, its definitions and the contacts view as OpenAPI components."""
    schema = load_schema()
    out = {f"{PROFILE}_{name}": _rewrite(d) for name, d in schema.get("$defs", {}).items()}
    body = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}
    out[PROFILE] = _rewrite(body)
    out[CONTACTS] = _rewrite(contacts_schema(schema))
    return out


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def extend(document: dict[str, Any]) -> dict[str, Any]:
    document.setdefault("components", {}).setdefault("schemas", {}).update(components())
    return document


__all__ = ["CONTACTS", "PROFILE", "components", "extend", "ref"]
