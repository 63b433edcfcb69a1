"""Reading a whole portfolio: debtors to a sink (or a list), rejects and warnings to files.

The rejects and warnings files are CSV with columns ``line;reason;raw`` (``;``-separated, UTF-8,
what a French Excel opens), created 0600: they quote portfolio rows, which are personal data.
They are written by :mod:`skiptrace.csvsafe`, so a raw row or a reason that starts like a
formula (``=``, ``+``, ``-``, ``@``...) carries a leading apostrophe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from skiptrace import csvsafe
from skiptrace.intake.reader import Accepted, Notice, PortfolioReader, Rejected
from skiptrace.intake.text import LineSource
from skiptrace.model import Debtor
from skiptrace.privacy import private_open

log = logging.getLogger(__name__)
COLUMNS = ("line", "reason", "raw")


@dataclass
class IntakeResult:
    """Counts of what a portfolio gave; ``debtors`` is filled only when no sink was given."""

    path: Path
    format: str = ""
    encoding: str = ""
    delimiter: str | None = None
    rows: int = 0  # data rows read (blank lines not counted)
    accepted: int = 0
    warned: int = 0  # accepted rows with at least one warning
    rejected: int = 0
    notices: int = 0  # warnings about the file itself (unknown columns...)
    derived_ids: int = 0
    debtors: list[Debtor] = field(default_factory=list)
    rejects_path: Path | None = None
    warnings_path: Path | None = None


def _writer(stack: ExitStack, path: Path | None) -> Any:
    if path is None:
        return None
    handle: IO[str] = stack.enter_context(private_open(path, "w", newline=""))
    writer = csvsafe.writer(handle, delimiter=";")
    writer.writerow(COLUMNS)
    return writer


def load_portfolio(
    path: str | Path,
    rejects_path: str | Path | None = None,
    warnings_path: str | Path | None = None,
    *,
    sink: Callable[[list[Debtor]], Any] | None = None,
    batch_size: int = 1000,
) -> IntakeResult:
    """Read ``path``; accepted debtors go to ``sink`` in batches (e.g. ``store.upsert_debtors``)
    or, without a sink, into ``result.debtors``."""
    LineSource(path).close()  # a file that is not text raises PortfolioError before any output
    reader = PortfolioReader(path)
    result = IntakeResult(Path(path))
    result.rejects_path = Path(rejects_path) if rejects_path else None
    result.warnings_path = Path(warnings_path) if warnings_path else None
    batch: list[Debtor] = []
    with ExitStack() as stack:
        rejects = _writer(stack, result.rejects_path)
        warnings = _writer(stack, result.warnings_path)
        for event in reader:
            if isinstance(event, Accepted):
                result.rows += 1
                result.accepted += 1
                result.derived_ids += event.debtor.debtor_id_derived
                result.warned += bool(event.warnings)
                if warnings is not None:
                    warnings.writerows((event.line, w, event.raw) for w in event.warnings)
                batch.append(event.debtor)
                if sink is not None and len(batch) >= batch_size:
                    sink(batch)
                    batch = []
            elif isinstance(event, Rejected):
                result.rows += 1
                result.rejected += 1
                if rejects is not None:
                    rejects.writerow((event.line, event.reason, event.raw))
            elif isinstance(event, Notice):
                result.notices += 1
                if warnings is not None:
                    warnings.writerow((event.line, event.reason, event.raw))
        if sink is not None and batch:
            sink(batch)
        elif sink is None:
            result.debtors = batch
    result.format, result.encoding, result.delimiter = (
        reader.format, reader.encoding, reader.delimiter)
    log.info("portfolio %s: %d rows, %d accepted (%d with warnings), %d rejected",
             result.path.name, result.rows, result.accepted, result.warned, result.rejected)
    return result


def read_debtors(path: str | Path) -> Iterable[Debtor]:
    """Just the accepted debtors of a portfolio, streamed (rejects and warnings dropped)."""
    return (e.debtor for e in PortfolioReader(path) if isinstance(e, Accepted))


__all__ = ["COLUMNS", "IntakeResult", "load_portfolio", "read_debtors"]
