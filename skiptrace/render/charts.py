"""Small inline SVG charts for pages that must open offline (no scripts, fonts or images).

One kind is enough for a portfolio: horizontal bars, one row per category, a label on the left
and the value written at the bar's end, so every figure is readable without hovering and the
chart prints. A second series (``part``) is drawn inside the first, darker — the share of a
debt that is expected back — so two amounts compare at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 520  # a half-page card holds it unscaled: 12px text stays 12px
ROW = 30
TOP = 8
LABEL_CHARS = 28
CHAR = 6.8  # the width of a 12px system-ui character, generously: texts must not overflow
MIN_SPAN = 80  # the bars' room never shrinks below this


@dataclass(frozen=True)
class Bar:
    """One row of a chart: ``value`` sets the bar's length, ``text`` is what is written."""

    label: str
    value: float
    text: str
    part: float | None = None  # a second, inner bar (e.g. the recoverable share of a debt)
    color: str = "#2563eb"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def hbars(bars: Sequence[Bar], *, title: str, part_color: str = "#0f172a") -> str:
    """An SVG element: one horizontal bar per item, longest = the largest value."""
    height = TOP * 2 + ROW * max(len(bars), 1)
    label_width = 12 + CHAR * max((len(_short(b.label)) for b in bars), default=0)
    value_width = 12 + CHAR * max((len(b.text) for b in bars), default=0)
    span = max(WIDTH - label_width - value_width, MIN_SPAN)
    width = round(label_width + span + value_width)  # WIDTH, unless long texts need more
    top = max((max(b.value, b.part or 0.0) for b in bars), default=0.0) or 1.0
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}'
           "</title>"]
    for i, bar in enumerate(bars):
        y = TOP + i * ROW
        length = span * max(bar.value, 0.0) / top
        out.append(f'<text x="{label_width - 8:.1f}" y="{y + 19}" text-anchor="end" class="clabel">'
                   f"<title>{escape(bar.label)}</title>{escape(_short(bar.label))}</text>")
        out.append(f'<rect x="{label_width:.1f}" y="{y + 6}" width="{length:.1f}" height="18" '
                   f'rx="3" fill="{escape(bar.color)}"/>')
        if bar.part:
            inner = span * max(bar.part, 0.0) / top
            out.append(f'<rect x="{label_width:.1f}" y="{y + 11}" width="{inner:.1f}" height="8" '
                       f'rx="2" fill="{escape(part_color)}"/>')
        out.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 19}" class="cvalue">'
                   f"{escape(bar.text)}</text>")
    out.append("</svg>")
    return "".join(out)


__all__ = ["Bar", "hbars"]
