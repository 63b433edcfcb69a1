"""Where the graph's edge labels go: on their edge, clear of the node labels, the nodes and
each other — so that "possède" never sits on a company's name (seen in the demo reports).

Text boxes are estimated from the font size (no font metrics offline): wide enough for the
sans-serif the report uses. A label tries points along its edge, the middle first, then beside it;
when every point collides it goes to the middle anyway (readable thanks to its white halo).
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # left, top, right, bottom
LINE = 11  # px between the lines of a multi-line edge label
TRIES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)
SHIFTS = (0.0, 14.0, -14.0, 28.0, -28.0)  # px beside the edge, when on it every point collides


def text_box(x: float, y: float, text: str, size: float, anchor: str = "middle") -> Box:
    """The box of ``text`` drawn with its baseline at ``y`` and anchored at ``x``."""
    width = 0.6 * size * len(text)
    left = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
    return (left, y - size, left + width, y + 0.3 * size)


def circle_box(x: float, y: float, radius: float) -> Box:
    return (x - radius, y - radius, x + radius, y + radius)


def overlaps(a: Box, b: Box, pad: float = 2.0) -> bool:
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1])


def place(start: tuple[float, float], end: tuple[float, float], lines: list[str],
          taken: list[Box], size: float = 10.0) -> tuple[float, float]:
    """The (x, y) of the first line's baseline (anchor middle) of a label for the edge from
    ``start`` to ``end``; its boxes are added to ``taken``."""
    (x1, y1), (x2, y2) = start, end
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1.0)
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length  # unit normal: beside the edge
    for shift in SHIFTS:
        for t in TRIES:
            x = x1 + t * (x2 - x1) + shift * nx
            y = y1 + t * (y2 - y1) + shift * ny - 4 - LINE * (len(lines) - 1) / 2
            boxes = [text_box(x, y + LINE * i, line, size) for i, line in enumerate(lines)]
            if not any(overlaps(b, other) for b in boxes for other in taken):
                taken.extend(boxes)
                return x, y
    x = x1 + TRIES[0] * (x2 - x1)  # every place collides: the middle, on the edge
    y = y1 + TRIES[0] * (y2 - y1) - 4 - LINE * (len(lines) - 1) / 2
    taken.extend(text_box(x, y + LINE * i, line, size) for i, line in enumerate(lines))
    return x, y
