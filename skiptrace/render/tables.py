"""The CLI's plain tables (audit log, sources, source health) as people read them: headings in
words, times as ``04/12/2026 18:05``, yes/no for booleans, codes in words, and columns that
wrap to the terminal's width instead of being cut."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from skiptrace.humanize import DASH, day, moment, number
from skiptrace.i18n import _
from skiptrace.labels import label

# Columns that must stay whole: short values and the names one types; an address folds, but
# keeps its host on one line (min width).
NO_WRAP = frozenset({"at", "action", "name", "enabled", "reachable", "auth_ok", "latency_ms",
                     "debtor_id"})
MIN_WIDTH = {"base_url": 24}  # the host of an address stays on one line


def _value(value: Any) -> str:
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return number(value, 0 if float(value).is_integer() else 2)
    return str(value)


def details(data: dict[str, Any] | None) -> str:
    """An audit entry's details: ``job job-…, status done, matches 7``."""
    if not data:
        return DASH
    parts = []
    for key, value in data.items():
        if value is None or value == 0 or value is False:  # nothing to say (an erasure's zeros)
            continue
        name = label("detail", key) if key in _DETAIL else label("erased", key)
        shown = (label("status", value) if key == "status" else
                 day(value) if key == "before" else _value(value))
        parts.append(f"{name} {shown}" if not isinstance(value, bool) else name)
    return ", ".join(parts)


_DETAIL = frozenset(("job_id", "status", "matches", "lookup_copies", "copy_of", "purge",
                     "forgotten", "before"))

# A source's name stays as the configuration and the commands spell it (`skiptrace import
# land_registry …`): in `sources` and `sources check` it is what one types, not a code to hide.
CELL: dict[str, Callable[[Any], str]] = {
    "at": moment,
    "action": lambda v: label("action", v),
    "kind": lambda v: label("source_kind", v),
    "details": details,
    "latency_ms": lambda v: number(v),
}


def table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    """A rich table of ``rows`` (dicts) over ``columns`` (keys, shown as words)."""
    out = Table(title=title, expand=False)
    for column in columns:
        out.add_column(label("column", column), no_wrap=column in NO_WRAP,
                       overflow="fold", min_width=MIN_WIDTH.get(column))
    for row in rows:
        out.add_row(*_cells(row, columns))
    return out


class Foldable(Text):
    """Text that tells rich it may be folded down to a few characters: rich sizes a column no
    narrower than its longest word (a job id, a URL), so a table of such cells would be cut at
    the terminal's edge instead of folding them."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measured = super().__rich_measure__(console, options)
        return Measurement(min(measured.minimum, FOLD_MIN), measured.maximum)


FOLD_MIN = 10


def _cells(row: dict[str, Any], columns: tuple[str, ...]) -> list[Text]:
    return [(Text if c in NO_WRAP else Foldable)(
        CELL.get(c, _value)(row.get(c)) if row.get(c) is not None else DASH) for c in columns]


def cards(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    """The same rows one under the other, a line per column: what a table too wide for the
    terminal becomes, rather than being cut at its right edge."""
    out = Table(title=title, show_header=False, expand=True)
    out.add_column(no_wrap=True, style="bold")
    out.add_column(overflow="fold", ratio=1)
    for index, row in enumerate(rows):
        if index:
            out.add_section()
        for column, cell in zip(columns, _cells(row, columns), strict=True):
            out.add_row(label("column", column), cell)
    return out


def fitted(console: Console, title: str, rows: list[dict[str, Any]],
           columns: tuple[str, ...]) -> Table:
    """A table when it fits the console's width, else :func:`cards`."""
    wide = table(title, rows, columns)
    room = console.width - wide._extra_width  # borders and separators
    options = console.options.update_width(room)
    need = sum(wide._measure_column(console, options, c).minimum for c in wide.columns)
    return wide if need <= room else cards(title, rows, columns)
