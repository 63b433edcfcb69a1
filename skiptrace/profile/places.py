"""One address node per dwelling: the same building written several ways is one place.

Sources write one address many ways ("Rés. Rayhane, Imm 14, Appt 9, N° 142 Av Hassan II",
"142 Av. Hassan II, Maârif", "Res Rayhane Imm. 14 App 9 No 142 Avenue Hassan II"); keyed by its
text, each became an address of its own, and the evidence for the debtor's home was split three
ways (issue 14: the best address's confidence fell from 0.89 to 0.59). Before confidence is
fused, address nodes that ``matching.addresses`` finds to be the same place are merged: the same
address (``exact``), or the same number in the same street of the same city when neither side
names another building or flat. The merged node keeps the most detailed writing as its label
and every edge and piece of evidence of the others.
"""

from __future__ import annotations

from typing import Any

from matching.addresses import compare_addresses, parse_address
from skiptrace.profile.confidence import Evidence
from skiptrace.profile.graph import ProfileGraph

SAME_PLACE = frozenset({"exact", "same_street_number"})


def merge_same_places(pg: ProfileGraph, geocoded: dict[str, list[Evidence]]) -> None:
    """Merge the graph's address nodes that are one dwelling (in place); ``geocoded`` (address
    node → geocoder confirmations) follows the merge."""
    nodes = sorted(n for n, d in pg.graph.nodes(data=True) if d["schema"] == "Address")
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            if find(a) != find(b) and same_place(_text(pg, a), _text(pg, b)):
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = max(members, key=lambda n: (len(_text(pg, n)), n))  # the most detailed writing
        for other in sorted(m for m in members if m != keep):
            _move(pg, other, keep)
            geocoded.setdefault(keep, []).extend(geocoded.pop(other, []))


def same_place(a: str, b: str) -> bool:
    """The same dwelling: the same address, or the same number and street in one city when
    neither names a building or flat the other contradicts."""
    level = compare_addresses(a, b).level
    if level == "exact":
        return True
    if level not in SAME_PLACE:
        return False
    pa, pb = parse_address(a), parse_address(b)
    return all(x is None or y is None or x == y
               for x, y in ((pa.building, pb.building), (pa.apartment, pb.apartment),
                            (pa.residence, pb.residence)))


def _text(pg: ProfileGraph, node: str) -> str:
    return str(pg.graph.nodes[node]["label"])


def _move(pg: ProfileGraph, old: str, new: str) -> None:
    """Every edge of ``old`` onto ``new`` (evidence lists joined), its flags and missing
    properties too; then ``old`` goes."""
    graph = pg.graph
    for u, _, key, data in list(graph.in_edges(old, keys=True, data=True)):
        _join(graph, u, new, key, data)
    for _, v, key, data in list(graph.out_edges(old, keys=True, data=True)):
        _join(graph, new, v, key, data)
    kept = graph.nodes[new]
    kept["flags"] |= graph.nodes[old]["flags"]
    for name, value in graph.nodes[old]["props"].items():
        kept["props"].setdefault(name, value)
    graph.remove_node(old)


def _join(graph: Any, u: str, v: str, key: str, data: dict[str, Any]) -> None:
    if not graph.has_edge(u, v, key=key):
        graph.add_edge(u, v, key=key, type=data["type"], evidence=list(data["evidence"]),
                       fact_kind=data["fact_kind"], attrs=dict(data["attrs"]))
        return
    target = graph.edges[u, v, key]
    target["evidence"].extend(data["evidence"])
    for name, value in data["attrs"].items():
        target["attrs"].setdefault(name, value)
