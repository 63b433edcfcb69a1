"""The per-debtor profile graph: a networkx MultiDiGraph whose edges keep their evidence.

Node ids are namespaced by kind from normalised values ("phone:+212661001020", "title:12345/C",
"vehicle:12345-أ-6", "company:000123456000093", "address:n 12 rue 7 casablanca",
"person:BK100001", "debtor:<debtor_id>"). Node and edge types follow FollowTheMoney schemata
where one exists (Person, Company, Address, RealEstate, Vehicle, Ownership, Directorship); the
others are documented in docs/profile.md (Phone, Email; reachable_at, lives_at, registered_at,
same_as, partner_of). One edge per (source node, target node, type); evidence accumulates on it.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from skiptrace.model import Debtor
from skiptrace.profile.confidence import Evidence, evidence_order

NODE_SCHEMAS = ("Person", "Company", "Address", "Phone", "Email", "RealEstate", "Vehicle")
EDGE_TYPES = (
    "Ownership",
    "Directorship",
    "reachable_at",
    "lives_at",
    "registered_at",
    "same_as",
    "partner_of",
)
PROPERTY_KEYS = (
    "address", "area_m2", "capital", "cin", "city", "conservation", "created", "e164", "email",
    "first_registration", "ice", "legal_form", "make", "model", "nature", "plate", "rc",
    "rc_tribunal", "status", "title_number", "zone",
)


class ProfileGraph:
    """The graph under construction: nodes merge by id, edges by (u, v, type)."""

    def __init__(self, debtor: Debtor) -> None:
        self.graph = nx.MultiDiGraph(debtor_id=debtor.debtor_id)
        self.debtor_node = f"debtor:{debtor.debtor_id}"
        schema = "Person" if debtor.kind == "person" else "Company"
        self.node(self.debtor_node, schema, debtor.name, debtor=True)

    def node(self, node_id: str, schema: str, label: str, *, debtor: bool = False, **props: Any) -> str:
        """Add the node or merge properties into it (first non-empty value wins)."""
        if node_id not in self.graph:
            self.graph.add_node(node_id, schema=schema, label=label or node_id, debtor=debtor, flags=set(), props={})
        stored = self.graph.nodes[node_id]["props"]
        for key, value in props.items():
            if key in PROPERTY_KEYS and value not in (None, "", []) and key not in stored:
                stored[key] = value if isinstance(value, int | float | str) and not isinstance(value, bool) else str(value)
        return node_id

    def flag(self, node_id: str, flag: str) -> None:
        self.graph.nodes[node_id]["flags"].add(flag)

    def edge(self, u: str, v: str, etype: str, evidence: Evidence, **attrs: Any) -> None:
        """Add ``evidence`` to the edge u -etype-> v, creating it if needed."""
        if not self.graph.has_edge(u, v, key=etype):
            self.graph.add_edge(u, v, key=etype, type=etype, evidence=[], fact_kind=evidence.fact_kind, attrs={})
        data = self.graph.edges[u, v, etype]
        data["evidence"].append(evidence)
        for key, value in attrs.items():
            if value not in (None, ""):
                data["attrs"].setdefault(key, str(value))

    def edges(self, etype: str | None = None, *, source: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """Edges (u, v, data) sorted, optionally of one type and from one node."""
        found = [
            (u, v, d)
            for u, v, d in self.graph.edges(data=True)
            if (etype is None or d["type"] == etype) and (source is None or u == source)
        ]
        return sorted(found, key=lambda e: (e[0], e[1], e[2]["type"]))

    def schema_of(self, node_id: str) -> str:
        return str(self.graph.nodes[node_id]["schema"])


def node_json(node_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """A node as the profile's JSON writes it."""
    return {
        "id": node_id,
        "schema": data["schema"],
        "label": str(data["label"]),
        "debtor": bool(data["debtor"]),
        "flags": sorted(data["flags"]),
        "properties": {k: data["props"][k] for k in sorted(data["props"])},
    }


def edge_json(u: str, v: str, data: dict[str, Any], confidence: float) -> dict[str, Any]:
    """An edge with its fused confidence and every piece of evidence, sorted by record."""
    attrs = data["attrs"]
    return {
        "source": u,
        "target": v,
        "type": data["type"],
        "fact_kind": data["fact_kind"],
        "confidence": round(confidence, 6),
        "share": attrs.get("share"),
        "role": attrs.get("role"),
        "evidence": sorted((e.to_dict() for e in data["evidence"]), key=evidence_order),
    }
