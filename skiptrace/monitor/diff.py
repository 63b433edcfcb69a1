"""What changed between two profiles of one debtor: events with a stable type and the evidence.

A profile (schema/profile.schema.json) is reduced to *facts*, each under a key that stays the
same from one run to the next (an asset's id, an address's or phone's node id, a company's node,
a successor's register entry, the segment); :func:`diff` compares the facts of the last complete
profile with those of the new one. Only a complete profile is compared (:func:`comparable`): a
source that failed this time would make every record it gave last time look "lost", so a partial
profile defers every change of that debtor until a run where every source answered.

Event types are part of the API (docs/monitoring.md): a client switches on them, so they are
never renamed; a new kind of change gets a new type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ASSET_NEW, ASSET_LOST = "asset_new", "asset_lost"
TITLE_CHARGE_NEW, MORTGAGE_RELEASED = "title_charge_new", "mortgage_released"
ADDRESS_NEW, ADDRESS_LOST = "address_new", "address_lost"
PHONE_NEW, PHONE_LOST = "phone_new", "phone_lost"
COMPANY_STATUS_CHANGED = "company_status_changed"
SUCCESSOR_NEW = "successor_new"
SEGMENT_CHANGED = "segment_changed"
TYPES = (ASSET_NEW, ASSET_LOST, TITLE_CHARGE_NEW, MORTGAGE_RELEASED, ADDRESS_NEW, ADDRESS_LOST,
         PHONE_NEW, PHONE_LOST, COMPANY_STATUS_CHANGED, SUCCESSOR_NEW, SEGMENT_CHANGED)
#: what an investigator (the contacts view, docs/api.md) may see of the feed
CONTACT_TYPES = frozenset({ADDRESS_NEW, ADDRESS_LOST, PHONE_NEW, PHONE_LOST})
#: the flags of a land title (profile/valuation/land.py) that record a charge on it
CHARGE_FLAGS = ("mortgage", "seizure", "commandement", "prenotation", "usufruct")

Facts = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Change:
    """One event: its ``type`` (one of :data:`TYPES`), the fact's ``key`` and the evidence."""

    type: str
    key: str
    evidence: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "key": self.key, "evidence": self.evidence}


def comparable(profile: dict[str, Any]) -> bool:
    """Whether every source answered for this profile: only such a profile is compared, and
    only such a profile becomes the next baseline."""
    return profile.get("partial") is False


def _record(item: dict[str, Any]) -> dict[str, Any] | None:
    """Where a fact comes from: the first piece of evidence's source, record and URL."""
    for evidence in item.get("evidence") or []:
        if isinstance(evidence, dict) and evidence.get("source"):
            return {"source": evidence.get("source"), "record_id": evidence.get("record_id"),
                    "url": evidence.get("url")}
    return None


def _parameter(asset: dict[str, Any], name: str) -> Any:
    for parameter in asset.get("parameters") or []:
        if isinstance(parameter, dict) and parameter.get("name") == name:
            return parameter.get("value")
    return None


def _asset_fact(asset: dict[str, Any]) -> dict[str, Any]:
    value = asset.get("value") or {}
    return {
        "asset_id": asset.get("asset_id"), "kind": asset.get("kind"), "label": asset.get("label"),
        "held_by": asset.get("held_by"), "via": asset.get("via"), "share": asset.get("share"),
        "value_mid": value.get("mid") if isinstance(value, dict) else None,
        "flags": sorted(str(f) for f in asset.get("flags") or []),
        "mortgages_registered": _parameter(asset, "mortgages_registered"),
        "record": _record(asset),
    }


def _contact_fact(contact: dict[str, Any]) -> dict[str, Any]:
    return {"value": contact.get("value"), "confidence": contact.get("confidence"),
            "sources": list(contact.get("sources") or [])}


def _companies(profile: dict[str, Any]) -> Facts:
    """Companies and their register status: the debtor's own (a company debtor's node) and
    those the debtor manages or holds shares in."""
    found: Facts = {}
    for node in (profile.get("graph") or {}).get("nodes") or []:
        if node.get("debtor") and node.get("schema") == "Company":
            status = (node.get("properties") or {}).get("status")
            found[f"company:{node.get('id')}"] = {"company": node.get("id"),
                                                   "name": node.get("label"), "status": status,
                                                   "debtor": True}
    for company in profile.get("companies") or []:
        found[f"company:{company.get('node_id')}"] = {
            "company": company.get("node_id"), "name": company.get("name"),
            "status": company.get("status"), "debtor": False}
    return found


def facts(profile: dict[str, Any]) -> Facts:
    """The profile as facts under stable keys (what :func:`diff` compares)."""
    found: Facts = {}
    for asset in profile.get("assets") or []:
        found[f"asset:{asset.get('asset_id')}|{asset.get('via') or ''}"] = _asset_fact(asset)
    contacts = profile.get("contacts") or {}
    for section, kind in (("addresses", "address"), ("phones", "phone")):
        for contact in contacts.get(section) or []:
            node = str(contact.get("node_id"))  # "address:…", "phone:…" already
            found[node if node.startswith(f"{kind}:") else f"{kind}:{node}"] = (
                _contact_fact(contact))
    found.update(_companies(profile))
    for successor in profile.get("successors") or []:
        found[f"successor:{successor.get('source')}:{successor.get('record_id')}"] = {
            "record_id": successor.get("record_id"), "source": successor.get("source"),
            "name": successor.get("name"), "created": successor.get("created"),
            "confidence": successor.get("confidence"), "rc": successor.get("rc"),
            "tribunal": successor.get("tribunal")}
    segment = (profile.get("recoverability") or {}).get("segment")
    if segment is not None:
        found["segment"] = {"segment": segment}
    return found


_APPEAR = {"asset": ASSET_NEW, "address": ADDRESS_NEW, "phone": PHONE_NEW,
           "successor": SUCCESSOR_NEW}
_VANISH = {"asset": ASSET_LOST, "address": ADDRESS_LOST, "phone": PHONE_LOST}


def _charges(key: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """A land title's charges: a flag gained is a new charge, a mortgage gone (or a smaller
    registered total) is a release, a larger registered total a new mortgage."""
    if new.get("kind") != "land_title":
        return []
    before, after = set(old.get("flags") or ()), set(new.get("flags") or ())
    title = {"asset_id": new.get("asset_id"), "label": new.get("label"),
             "record": new.get("record")}
    changes = [Change(TITLE_CHARGE_NEW, f"{key}#{flag}", {**title, "charge": flag})
               for flag in CHARGE_FLAGS if flag in after - before]
    was, now = old.get("mortgages_registered"), new.get("mortgages_registered")
    amounts = {"mortgages_before": was, "mortgages_after": now}
    if "mortgage" in before and "mortgage" in after and _number(now) > _number(was):
        changes.append(Change(TITLE_CHARGE_NEW, f"{key}#mortgage",
                              {**title, "charge": "mortgage", **amounts}))
    if "mortgage" in before and ("mortgage" not in after or _number(now) < _number(was)):
        changes.append(Change(MORTGAGE_RELEASED, f"{key}#mortgage", {**title, **amounts}))
    return changes


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The events from profile ``old`` (the last complete one) to ``new``, sorted by type and
    key. The caller compares only :func:`comparable` profiles."""
    before, after = facts(old), facts(new)
    changes: list[Change] = []
    for key in sorted(after.keys() - before.keys()):
        kind = key.split(":", 1)[0]
        if kind in _APPEAR:
            changes.append(Change(_APPEAR[kind], key, after[key]))
    for key in sorted(before.keys() - after.keys()):
        kind = key.split(":", 1)[0]
        if kind in _VANISH:
            changes.append(Change(_VANISH[kind], key, before[key]))
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key], after[key]
        if key.startswith("asset:"):
            changes.extend(_charges(key, was, now))
        elif key.startswith("company:") and was.get("status") != now.get("status"):
            changes.append(Change(COMPANY_STATUS_CHANGED, key, {
                "company": now.get("company"), "name": now.get("name"),
                "debtor": now.get("debtor"), "before": was.get("status"),
                "after": now.get("status")}))
        elif key == "segment" and was != now:
            changes.append(Change(SEGMENT_CHANGED, key, {"before": was["segment"],
                                                         "after": now["segment"]}))
    return sorted(changes, key=lambda c: (TYPES.index(c.type), c.key))


__all__ = ["CHARGE_FLAGS", "CONTACT_TYPES", "TYPES", "Change", "comparable", "diff", "facts"]
