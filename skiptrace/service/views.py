"""What a role sees of a profile, and the profile in each format the API serves.

The whole profile is the contract of schema/profile.schema.json. The *contacts view* is what an
investigator gets (DOMAIN.md 8.2, "restrict who sees asset data"): who the debtor is, the
sources' states, the ranked contacts and the contact plan, with ``view: "contacts"`` and the
list of sections withheld. It is a subset, not a profile with zeros: nothing in it pretends the
debtor owns nothing.
"""

from __future__ import annotations

from typing import Any

CONTACT_KEYS = ("schema_version", "debtor_id", "generated_at", "partial", "debtor", "sources",
                "contacts", "contact_plan")
MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8",
         "graphml": "application/graphml+xml"}


def contacts_view(profile: dict[str, Any]) -> dict[str, Any]:
    view = {k: profile[k] for k in CONTACT_KEYS if k in profile}
    view["view"] = "contacts"
    view["withheld"] = sorted(k for k in profile if k not in CONTACT_KEYS)
    return view


def for_role(profile: dict[str, Any], sees_assets: bool) -> dict[str, Any]:
    return profile if sees_assets else contacts_view(profile)


def rendered(profile: dict[str, Any], fmt: str) -> str:
    """The whole profile as the HTML report or GraphML (both show assets)."""
    if fmt == "html":
        from skiptrace.render import html

        return html.render(profile)
    from skiptrace.render import graphml

    return graphml.dumps(profile)


def contacts_schema(profile_schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema of the contacts view, from the profile's (its $refs are rewritten
    with the profile's by the caller)."""
    props = profile_schema["properties"]
    properties: dict[str, Any] = {k: props[k] for k in CONTACT_KEYS}
    properties["view"] = {"const": "contacts"}
    properties["withheld"] = {"type": "array", "items": {"type": "string"}}
    required = [k for k in profile_schema["required"] if k in CONTACT_KEYS] + ["view", "withheld"]
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": required,
            "description": "an investigator's profile: contacts only (docs/api.md, roles)"}


__all__ = ["CONTACT_KEYS", "MEDIA", "contacts_schema", "contacts_view", "for_role", "rendered"]
