"""The report's graph keeps its labels apart at 3, 10 and 30 nodes (issue 16: "labels that don't
collide"): no node label on another node's label or circle, no edge label on a node label."""

from __future__ import annotations

import re
from html import unescape

import pytest

from skiptrace.render.placement import Box, circle_box, overlaps, text_box
from skiptrace.render.svg import draw

KINDS = ("Vehicle", "RealEstate", "Phone", "Address", "Company", "Person")


def star(n: int) -> dict:
    """A debtor and ``n - 1`` facts around it, with labels as long as real ones."""
    nodes = [{"id": "debtor", "label": "EL ALAOUI Mohamed Amine", "schema": "Person", "debtor": True,
              "flags": []}]
    edges = []
    for i in range(1, n):
        kind = KINDS[i % len(KINDS)]
        nodes.append({"id": f"n{i}", "label": f"{kind} fact number {i:02d} with a long label",
                      "schema": kind, "debtor": False, "flags": []})
        edges.append({"source": "debtor", "target": f"n{i}", "type": "Ownership", "confidence": 0.9,
                      "share": "1/2" if i % 3 == 0 else None})
    return {"graph": {"nodes": nodes, "edges": edges}}


def boxes(svg: str, css: str, size: float) -> list[tuple[str, Box]]:
    """The text boxes of ``css`` labels as the renderer estimates them (the first line of an
    edge label: its anchor and size)."""
    found = []
    for m in re.finditer(rf'<text x="([\d.]+)" y="([-\d.]+)"(?: text-anchor="(\w+)")? class="{css}[^"]*">(.*?)</text>', svg):
        text = unescape(re.sub(r"<[^>]+>", "", m.group(4)))
        found.append((text, text_box(float(m.group(1)), float(m.group(2)), text, size, m.group(3) or "middle")))
    return found


@pytest.mark.parametrize("n", [3, 10, 30])
def test_node_and_edge_labels_keep_apart(n: int) -> None:
    svg = draw(star(n))
    nodes = boxes(svg, "nlabel", 12)
    edges = boxes(svg, "elabel", 10)
    circles = [circle_box(float(x), float(y), float(r)) for x, y, r in
               re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="(\d+)" fill', svg)]
    assert len(nodes) == n and len(circles) >= n
    for i, (text, box) in enumerate(nodes):
        others = [b for j, (_, b) in enumerate(nodes) if j != i]
        assert not any(overlaps(box, other, pad=0) for other in others), (n, text)
    for text, box in edges:
        assert not any(overlaps(box, other, pad=0) for _, other in nodes), (n, text)
