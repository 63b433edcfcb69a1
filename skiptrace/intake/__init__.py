"""Portfolio intake: CNSS and agency debtor files (CSV or JSON Lines) into :class:`Debtor`s.

``read_portfolio(path)`` streams events (:class:`Accepted`, :class:`Rejected`, :class:`Notice`);
``load_portfolio(path, rejects_path, warnings_path, sink=...)`` reads a whole file and writes
the rejects and warnings files. Accepted columns and formats: docs/portfolio.md. A file that
cannot be read at all (a workbook, binary data) raises :class:`PortfolioError`; a bad row never
raises, it is a :class:`Rejected` event.
"""

from __future__ import annotations

from skiptrace.intake.load import IntakeResult, load_portfolio, read_debtors
from skiptrace.intake.reader import (
    Accepted,
    IntakeEvent,
    Notice,
    PortfolioReader,
    Rejected,
    read_portfolio,
)
from skiptrace.intake.text import PortfolioError

__all__ = [
    "Accepted",
    "IntakeEvent",
    "IntakeResult",
    "Notice",
    "PortfolioError",
    "PortfolioReader",
    "Rejected",
    "load_portfolio",
    "read_debtors",
    "read_portfolio",
]
