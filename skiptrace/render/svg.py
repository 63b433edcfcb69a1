"""An inline SVG drawing of a profile graph with a deterministic radial layout.

The debtor sits in the centre, the nodes it touches on a first ring (grouped by kind), the rest
(a company's address, a relative sharing a phone) on an outer ring next to their neighbour.
No randomness, no JavaScript: the same profile draws the same picture.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from skiptrace.humanize import number
from skiptrace.i18n import _
from skiptrace.labels import label
from skiptrace.render.placement import LINE, Box, circle_box, overlaps, place, text_box

COLORS = {"Person": "#2563eb", "Company": "#7c3aed", "Address": "#059669", "Phone": "#d97706",
          "Email": "#db2777", "RealEstate": "#b91c1c", "Vehicle": "#0f766e"}
ORDER = list(COLORS)
WIDTH, HEIGHT = 960, 640
RADII = (190, 290)
CROWDED, STAGGER = 12, 70  # ring nodes beyond which every other one sits STAGGER px further out


def _neighbours(profile: dict[str, Any]) -> dict[str, list[str]]:
    around: dict[str, set[str]] = {n["id"]: set() for n in profile["graph"]["nodes"]}
    for e in profile["graph"]["edges"]:
        around[e["source"]].add(e["target"])
        around[e["target"]].add(e["source"])
    return {k: sorted(v) for k, v in around.items()}


def layout(profile: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Node id → (x, y)."""
    nodes = {n["id"]: n for n in profile["graph"]["nodes"]}
    around = _neighbours(profile)
    centre = next((n for n in sorted(nodes) if nodes[n]["debtor"]), sorted(nodes)[0] if nodes else "")
    cx, cy = WIDTH / 2, HEIGHT / 2
    pos = {centre: (cx, cy)}
    ring1 = sorted((n for n in around.get(centre, []) if n != centre), key=lambda n: (ORDER.index(nodes[n]["schema"]), n))
    angles: dict[str, float] = {}
    crowded = len(ring1) > CROWDED  # many facts: every other one further out, labels apart
    for i, node in enumerate(ring1):
        angles[node] = -math.pi / 2 + 2 * math.pi * i / max(len(ring1), 1)
        radius = RADII[0] + (STAGGER if crowded and i % 2 else 0)
        pos[node] = (cx + radius * math.cos(angles[node]), cy + radius * math.sin(angles[node]))
    children: dict[str, list[str]] = {}
    for node in sorted(nodes):
        if node not in pos:
            parent = next((p for p in around[node] if p in angles), None)
            children.setdefault(parent or "", []).append(node)
    orphans = children.pop("", [])
    step = 2 * math.pi / max(len(ring1), 1) / 3
    for parent, kids in sorted(children.items()):
        for j, node in enumerate(kids):
            angle = angles[parent] + (j - (len(kids) - 1) / 2) * min(step, 0.5)
            pos[node] = (cx + RADII[1] * math.cos(angle), cy + RADII[1] * math.sin(angle))
    for k, node in enumerate(orphans):
        pos[node] = (40 + 150 * (k % 6), HEIGHT - 30 - 40 * (k // 6))
    return pos


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _radius(node: dict[str, Any]) -> int:
    return 16 if node["debtor"] else 10


NUDGES = (0.0, 8.0, -8.0, 16.0, -16.0, 24.0, -24.0, 32.0, -32.0)  # px: off an earlier label


def _free_dy(x: float, y: float, dy: float, text: str, anchor: str, taken: list[Box]) -> float:
    """A node label's offset ``dy`` below its node, nudged — when the label would cover an
    earlier node's label or circle — to the first height where it does not (many assets around
    one debtor crowd the top and bottom of the ring); ``dy`` itself when nothing is free."""
    for nudge in NUDGES:
        box = text_box(x, y + dy + nudge, text, 12, anchor)
        if not any(overlaps(box, other) for other in taken):
            return dy + nudge
    return dy


def _nodes(profile: dict[str, Any], pos: dict[str, tuple[float, float]]
           ) -> tuple[list[str], list[Box]]:
    """The nodes' circles and labels (SVG), and the boxes they take, which edge labels avoid."""
    out: list[str] = []
    # every circle first: a label placed early must not end under a node drawn later
    taken: list[Box] = [circle_box(*pos[n["id"]], _radius(n)) for n in profile["graph"]["nodes"]]
    for n in profile["graph"]["nodes"]:
        x, y = pos[n["id"]]
        radius = _radius(n)
        stroke = ' stroke="#dc2626" stroke-width="3"' if "shared" in n["flags"] else ' stroke="#fff" stroke-width="2"'
        cls = "nlabel ltr" if n["schema"] == "Vehicle" else "nlabel"
        anchor = "middle" if abs(x - WIDTH / 2) < 2 else ("start" if x > WIDTH / 2 else "end")
        dx = 0 if anchor == "middle" else (14 if anchor == "start" else -14)
        # a label above a node that sits above the centre, below one below it: never across the
        # edge that leaves the node toward the centre
        above = anchor == "middle" and y < HEIGHT / 2 - 2
        dy: float = -(radius + 6) if above else (radius + 14 if anchor == "middle" else 4)
        text = _short(n["label"])
        dy = _free_dy(x + dx, y, dy, text, anchor, taken)
        taken.append(text_box(x + dx, y + dy, text, 12, anchor))
        tip = _("{name}: {value}").format(name=label("schema", n["schema"]), value=n["label"])
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{COLORS.get(n["schema"], "#64748b")}"{stroke}>'
                   f'<title>{escape(tip)}</title></circle>')
        out.append(f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" class="{cls}">{escape(text)}</text>')
    return out, taken


def draw(profile: dict[str, Any]) -> str:
    """The SVG element (as text) for embedding in the HTML report."""
    pos = layout(profile)
    ys = [y for _, y in pos.values()] or [HEIGHT / 2]
    top = max(0.0, min(ys) - 50)  # crop the empty band above and below a small graph
    height = max(max(ys) + 50 - top, len(COLORS) * 18 + 30)
    nodes, taken = _nodes(profile, pos)
    # as wide as the labels reach (a long address at the ring's side), never narrower than the page
    left = min([0.0, *(b[0] - 8 for b in taken)])
    right = max([float(WIDTH), *(b[2] + 8 for b in taken)])
    aria = escape(_("profile graph"))
    out = [f'<svg viewBox="{left:.0f} {top:.0f} {right - left:.0f} {height:.0f}" role="img" '
           f'aria-label="{aria}" class="graph">']
    labels: dict[tuple[str, str], list[str]] = {}
    for e in profile["graph"]["edges"]:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        dash = ' stroke-dasharray="5 4"' if e["confidence"] < 0.5 else ""
        width = 1 + 3 * e["confidence"]
        words = label("relation", e["type"]) + (f" {e['share']}" if e["share"] else "")
        a, b = sorted((e["source"], e["target"]))
        labels.setdefault((a, b), []).append(words)
        tip = _("{relation} · confidence {c}").format(relation=words, c=number(e["confidence"], 2))
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#94a3b8" '
                   f'stroke-width="{width:.1f}"{dash}><title>{escape(tip)}</title></line>')
    for (a, b), texts in sorted(labels.items()):
        x, y = place(pos[a], pos[b], sorted(texts), taken)
        lines = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(text)}</tspan>'
                        for i, text in enumerate(sorted(texts)))
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" class="elabel">{lines}</text>')
    out.extend(nodes)
    legend_y = top + 20
    for schema, color in COLORS.items():
        out.append(f'<circle cx="{left + 20:.0f}" cy="{legend_y}" r="6" fill="{color}"/><text x="{left + 32:.0f}" '
                   f'y="{legend_y + 4}" class="legend">{escape(label("schema", schema))}</text>')
        legend_y += 18
    out.append("</svg>")
    return "\n".join(out)
