"""GraphML export of a profile's graph (for Gephi, yEd, Neo4j imports).

GraphML carries flat attributes only, so every value is a string: lists are joined with "; ",
and an edge's evidence becomes its record keys, its count and its best probability.
"""

from __future__ import annotations

import io
import os
from typing import IO, Any

import networkx as nx

from skiptrace.privacy import write_private_text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_networkx(profile: dict[str, Any]) -> nx.MultiDiGraph:
    """The profile's graph with string attributes only."""
    graph = nx.MultiDiGraph(debtor_id=profile["debtor_id"], schema_version=profile["schema_version"],
                            generated_at=profile["generated_at"])
    for node in profile["graph"]["nodes"]:
        attrs = {"schema": node["schema"], "label": node["label"], "debtor": _text(node["debtor"]),
                 "flags": _text(node["flags"])}
        attrs.update({f"p_{k}": _text(v) for k, v in node["properties"].items()})
        graph.add_node(node["id"], **attrs)
    for edge in profile["graph"]["edges"]:
        evidence = edge["evidence"]
        graph.add_edge(
            edge["source"], edge["target"], key=edge["type"], type=edge["type"], fact_kind=edge["fact_kind"],
            confidence=_text(edge["confidence"]), share=_text(edge["share"]), role=_text(edge["role"]),
            evidence_count=_text(len(evidence)), evidence_records=_text([e["record_key"] for e in evidence]),
            best_probability=_text(max((e["probability"] for e in evidence), default=0.0)),
        )
    return graph


def dumps(profile: dict[str, Any]) -> str:
    """The GraphML document as text."""
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(profile), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def write_graphml(target: str | os.PathLike[str] | IO[str], profile: dict[str, Any]) -> None:
    """Write the GraphML (a new file is created 0600: it holds personal data)."""
    text = dumps(profile)
    write_private_text(target, text)
