"""Ranked contacts: the debtor's addresses, phones and e-mails, best first, each with why.

Addresses are single-valued (one current home or seat), so rival addresses from other sources
lower each other; phones and e-mails are not (people keep several). Ties break on geocoder
confirmation, then on not being shared, then on recency, then on the value itself.
"""

from __future__ import annotations

from typing import Any

from matching.addresses import compare_addresses
from skiptrace.profile.confidence import Evidence, contradict, evidence_order, fuse, per_source
from skiptrace.profile.graph import ProfileGraph
from skiptrace.profile.params import ProfileParams

PLACES = ("lives_at", "registered_at")


def _candidates(pg: ProfileGraph, prefix: str, types: tuple[str, ...]) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = {}
    for _, v, data in pg.edges(source=pg.debtor_node):
        if data["type"] in types and v.startswith(prefix):
            found.setdefault(v, []).extend(data["evidence"])
    return found


def _sharers(pg: ProfileGraph, node: str) -> list[str]:
    return sorted(
        str(pg.graph.nodes[u]["label"])
        for u, _, d in pg.graph.in_edges(node, data=True)
        if d["type"] == "reachable_at" and u != pg.debtor_node
    )


def why(evidences: list[Evidence], before: float, after: float, *, geocoded: list[Evidence], sharers: list[str]) -> list[str]:
    """The sentences an investigator reads next to a contact."""
    best = per_source(evidences)
    parts = []
    for source in sorted(best):
        top = max((e for e in evidences if e.source == source), key=lambda e: e.weight)
        parts.append(f"{source} (match {top.match.probability:.2f} × reliability {top.reliability:.2f})")
    n = len(best)
    lines = [f"Given by {n} independent source{'s' if n > 1 else ''}: {', '.join(parts)}."]
    if n > 1:
        lines.append(f"{n} sources agree, which raises the confidence to {before:.2f}.")
    last = max(evidences, key=lambda e: e.observed_at)
    lines.append(f"Last seen {last.observed_at.date().isoformat()} ({last.age_days:.0f} days before this profile; age weight {last.decay:.2f}).")
    if after < before - 1e-9:
        lines.append(f"Another source gives a different current address: confidence lowered from {before:.2f} to {after:.2f}.")
    if geocoded:
        fields = geocoded[0].match.record.fields
        lines.append(f"Confirmed by the geocoder ({fields.get('display_name') or 'located'}; {fields.get('lat')}, {fields.get('lon')}).")
    if sharers:
        lines.append(f"Shared number: also listed for {', '.join(sharers)}.")
    return lines


def _contact(pg: ProfileGraph, node: str, evidences: list[Evidence], before: float, after: float,
             geocoded: list[Evidence]) -> dict[str, Any]:
    data = pg.graph.nodes[node]
    sharers = _sharers(pg, node) if node.startswith("phone:") else []
    last = max(e.observed_at for e in evidences)
    return {
        "node_id": node,
        "value": str(data["label"]),
        "confidence": round(after, 6),
        "confidence_before_contradiction": round(before, 6),
        "sources": sorted(per_source(evidences)),
        "agreement": len(per_source(evidences)),
        "last_seen": last.isoformat(),
        "geocoded": bool(geocoded),
        "shared_with": sharers,
        "flags": sorted(data["flags"]),
        "why": why(evidences, before, after, geocoded=geocoded, sharers=sharers),
        "evidence": sorted((e.to_dict() for e in evidences + geocoded), key=evidence_order),
    }


def _ranked(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items.sort(key=lambda c: c["node_id"])
    items.sort(key=lambda c: c["last_seen"], reverse=True)
    items.sort(key=lambda c: (-c["confidence"], not c["geocoded"], bool(c["shared_with"])))
    for rank, item in enumerate(items, 1):
        item["rank"] = rank
    return items


COMPATIBLE_PLACES = frozenset({"exact", "same_street_number", "same_street"})


def _same_street(pg: ProfileGraph, a: str, b: str) -> bool:
    """Two address nodes that do not contradict each other: the same street with and without a
    number (a portfolio's "Rue Al Farabi" and a register's "N° 126, Rue Al Farabi")."""
    la, lb = str(pg.graph.nodes[a]["label"]), str(pg.graph.nodes[b]["label"])
    return compare_addresses(la, lb).level in COMPATIBLE_PLACES


def rank_contacts(pg: ProfileGraph, params: ProfileParams, geocoded: dict[str, list[Evidence]]) -> dict[str, list[dict[str, Any]]]:
    """Addresses, phones and e-mails of the debtor, each list best first."""
    addresses = _candidates(pg, "address:", PLACES)
    scored = contradict(addresses, params.contradiction, compatible=lambda a, b: _same_street(pg, a, b))
    result = {"addresses": _ranked([_contact(pg, n, ev, *scored[n], geocoded.get(n, [])) for n, ev in sorted(addresses.items())])}
    for kind, prefix in (("phones", "phone:"), ("emails", "email:")):
        found = _candidates(pg, prefix, ("reachable_at",))
        result[kind] = _ranked([_contact(pg, n, ev, fuse(ev), fuse(ev), []) for n, ev in sorted(found.items())])
    return result
