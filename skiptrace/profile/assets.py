"""The debtor's assets found in the graph, each valued (low / mid / high) with its evidence.

An asset is the target of an Ownership edge: a RealEstate or Vehicle node held by the debtor
(seizable for the debtor's debt) or by a company the debtor runs (shown, flagged
``company_asset``, not counted as the debtor's), and a Company node the debtor holds parts of.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from skiptrace.profile.confidence import Evidence, evidence_order, fuse
from skiptrace.profile.graph import ProfileGraph
from skiptrace.profile.params import ProfileParams
from skiptrace.profile.valuation import (
    AssetValue,
    parse_share,
    value_land_title,
    value_stake,
    value_vehicle,
)
from skiptrace.profile.valuation.common import to_number

KINDS = {"RealEstate": "land_title", "Vehicle": "vehicle", "Company": "company_stake"}


def _best_record(evidences: list[Evidence], kind: str) -> dict[str, Any]:
    """Fields of the strongest record of ``kind`` behind the edge (ties: record key)."""
    usable = [e for e in evidences if e.match.record.kind == kind] or evidences
    best = sorted(usable, key=lambda e: (-e.weight, e.match.record.key))[0]
    return best.match.record.fields


def _value(pg: ProfileGraph, holder: str, target: str, data: dict[str, Any], as_of: datetime, params: ProfileParams) -> AssetValue:
    schema = pg.schema_of(target)
    evidences: list[Evidence] = data["evidence"]
    share_text = data["attrs"].get("share")
    direct = holder == pg.debtor_node
    if schema == "RealEstate":
        fields = _best_record(evidences, "land_title")
        value = value_land_title(fields, share_text, len(fields.get("owners") or []), params.valuation)
    elif schema == "Vehicle":
        value = value_vehicle(_best_record(evidences, "vehicle"), as_of, params.valuation)
    else:
        fields = _best_record(evidences, "company")
        value = value_stake(fields, parse_share(share_text), as_of, params.valuation)
    if not direct:
        value.flags.append("company_asset")
    return value


def find_assets(pg: ProfileGraph, as_of: datetime, params: ProfileParams) -> list[dict[str, Any]]:
    """Every owned asset in the graph, valued, sorted (debtor's own first, then by id)."""
    found = []
    for holder, target, data in pg.edges("Ownership"):
        schema = pg.schema_of(target)
        if schema not in KINDS or not (holder == pg.debtor_node or pg.schema_of(holder) == "Company"):
            continue
        if schema == "Company" and holder != pg.debtor_node:
            continue  # stakes between third companies are not the debtor's
        value = _value(pg, holder, target, data, as_of, params)
        entry = {
            "asset_id": target,
            "kind": KINDS[schema],
            "label": str(pg.graph.nodes[target]["label"]),
            "held_by": "debtor" if holder == pg.debtor_node else "company",
            "via": None if holder == pg.debtor_node else holder,
            "confidence": round(fuse(data["evidence"]), 6),
            "share": data["attrs"].get("share"),
            **value.to_dict(),
            "evidence": sorted((e.to_dict() for e in data["evidence"]), key=evidence_order),
        }
        found.append(entry)
    return sorted(found, key=lambda a: (a["held_by"] != "debtor", a["kind"], a["asset_id"], a["via"] or ""))


def find_companies(pg: ProfileGraph) -> list[dict[str, Any]]:
    """Companies the debtor manages or holds parts of, with roles and confidence."""
    roles: dict[str, list[dict[str, Any]]] = {}
    for _, company, data in pg.edges(source=pg.debtor_node):
        if data["type"] in ("Directorship", "Ownership") and pg.schema_of(company) == "Company":
            roles.setdefault(company, []).append({
                "relation": data["type"],
                "role": data["attrs"].get("role"),
                "share": data["attrs"].get("share"),
                "confidence": round(fuse(data["evidence"]), 6),
            })
    result = []
    for node, found in sorted(roles.items()):
        props = pg.graph.nodes[node]["props"]
        result.append({
            "node_id": node,
            "name": str(pg.graph.nodes[node]["label"]),
            "ice": props.get("ice"),
            "rc": props.get("rc"),
            "legal_form": props.get("legal_form"),
            "capital": to_number(props.get("capital")),
            "status": props.get("status"),
            "city": props.get("city"),
            "roles": sorted(found, key=lambda r: (r["relation"], r["role"] or "")),
            "confidence": max(r["confidence"] for r in found),
        })
    return result
