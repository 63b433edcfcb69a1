"""The batch's portfolio outputs: the appended CSV (``--csv``) and the portfolio page
(``--portfolio-html``), written from the store once the job's debtors are checkpointed.

Both are rebuilt whole at the end of every run of the job, from the portfolio file and the job's
checkpoints, and moved into place atomically (:func:`skiptrace.privacy.replace_private`): a run
killed before the end leaves the previous complete files (or none), and the next run writes
every row once — the checkpoints are the commit point, as for the JSON Lines output
(docs/decisions/0003). The files are registered in the store first, so that ``forget`` reaches
them (skiptrace/store/outputs.py: the CSV loses the forgotten debtor's rows, the page is deleted
when it names them).

Nothing from the portfolio becomes a path: the operator names both files, and a report link is
the report's safe file name (skiptrace/pipeline/reports.py) relative to the page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from skiptrace.errors import ConfigError
from skiptrace.pipeline.portfolio_rows import PortfolioRows
from skiptrace.pipeline.reports import report_file_name
from skiptrace.privacy import replace_private
from skiptrace.render import portfolio_html
from skiptrace.render.portfolio_csv import AppendedCsv
from skiptrace.render.portfolio_view import PortfolioView
from skiptrace.store import Store

CSV_KIND = "appended_csv"
HTML_KIND = "portfolio_html"


@dataclass(frozen=True)
class PortfolioOutputs:
    """Where the operator asked for the portfolio outputs (None: not wanted)."""

    csv: Path | None = None
    html: Path | None = None
    reports_dir: Path | None = None

    def wanted(self) -> bool:
        return self.csv is not None or self.html is not None


def check_paths(outputs: PortfolioOutputs, taken: dict[str, Path | None]) -> None:
    """Refuse, before anything runs, an output whose folder does not exist or that would
    overwrite the portfolio or another file of the job (``taken``: option name → path)."""
    mine = {"--csv": outputs.csv, "--portfolio-html": outputs.html}
    for name, path in mine.items():
        if path is not None and not path.absolute().parent.is_dir():
            raise ConfigError(f"{name} {path}: the folder {path.absolute().parent} does not "
                              "exist (create it, or choose another file)")
    seen: dict[str, str] = {}
    for name, path in [*mine.items(), *taken.items()]:
        if path is None:
            continue
        key = os.path.abspath(path)
        if key in seen and (name in mine or seen[key] in mine):
            raise ConfigError(f"{name} and {seen[key]} name the same file ({path}): give "
                              "each output its own file")
        seen.setdefault(key, name)


def register(store: Store, job_id: str, outputs: PortfolioOutputs) -> None:
    """Tell the store about the files before they exist: a kill while writing them still leaves
    them reachable by ``forget``."""
    if outputs.csv is not None:
        store.register_file(CSV_KIND, outputs.csv, job_id)
    if outputs.html is not None:
        store.register_file(HTML_KIND, outputs.html, job_id)


def _report_href(outputs: PortfolioOutputs, debtor_id: str) -> str | None:
    """The debtor's report relative to the page, URL-quoted; None without reports or file."""
    if outputs.reports_dir is None or outputs.html is None:
        return None
    report = outputs.reports_dir / report_file_name(debtor_id)
    if not report.exists():
        return None
    relative = os.path.relpath(report.absolute(), outputs.html.absolute().parent)
    return quote(relative.replace(os.sep, "/"))


def _fill(store: Store, portfolio: Path, job_id: str, outputs: PortfolioOutputs,
          view: PortfolioView, handle: IO[str] | None) -> int:
    """One pass over the portfolio's rows: each into the CSV (when ``handle``) and the view."""
    statuses = store.item_statuses(job_id)
    rows = PortfolioRows(portfolio)
    writer: AppendedCsv | None = None
    count = 0
    for row in rows:
        if handle is not None and writer is None:
            writer = AppendedCsv(handle, rows.columns)
        profile: dict[str, Any] | None = None
        if row.rejected is not None:
            status = "rejected"
            view.reject()
        elif row.debtor_id in statuses:
            status = statuses[row.debtor_id]
            profile = store.get_profile(row.debtor_id)
        else:
            status = "pending"
        if profile is not None and row.debtor_id is not None:
            view.add(status, profile, _report_href(outputs, row.debtor_id))
        elif status != "rejected":
            status = "pending"  # checkpointed but its profile is gone (forgotten since)
            view.pending()
        if writer is not None:
            writer.row(row.cells, row.debtor_id, status, row.rejected, profile)
        count += 1
    if handle is not None and writer is None:
        AppendedCsv(handle, rows.columns)  # no data row: the header alone
    return count


def write(store: Store, portfolio: Path, job_id: str, outputs: PortfolioOutputs
          ) -> dict[str, Any]:
    """Write the outputs asked for; returns what was written, for the job's summary."""
    view = PortfolioView()
    written: dict[str, Any] = {}
    if outputs.csv is not None:
        counted: list[int] = []
        replace_private(outputs.csv, lambda fh: counted.append(
            _fill(store, portfolio, job_id, outputs, view, fh)))
        written["csv"] = {"path": str(outputs.csv), "rows": counted[0]}
    else:
        _fill(store, portfolio, job_id, outputs, view, None)
    if outputs.html is not None:
        text = portfolio_html.render(view, portfolio=portfolio.name, job_id=job_id)
        replace_private(outputs.html, lambda fh: fh.write(text))
        written["html"] = {"path": str(outputs.html), "worklist": len(view.worklist())}
    return written


__all__ = ["CSV_KIND", "HTML_KIND", "PortfolioOutputs", "check_paths", "register", "write"]
