"""Run a debtor's sources side by side; a failed or slow source never stops the others.

This is the only place that waits on connectors. Each source runs in a worker thread, bounded
by its own time budget (``timeout``, plus a small grace for the thread to hand back) and by the
caller's overall deadline; whatever goes wrong becomes that source's status (failed with the
reason), never an exception for the caller.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from ..model import Record, SourceStatus, mask
from .base import Connector, ConnectorResult
from .query import DebtorQuery

log = logging.getLogger(__name__)
GRACE = 1.0  # seconds a connector may overrun its own budget before we stop waiting


def run_sources(
    query: DebtorQuery,
    connectors: Mapping[str, Connector] | Iterable[Connector],
    *,
    deadline: float | None = None,
    executor: ThreadPoolExecutor | None = None,
) -> tuple[list[Record], list[SourceStatus]]:
    """Records of every source and one status per source, in the connectors' order.

    ``deadline`` is a ``time.monotonic()`` instant after which no source is waited for;
    ``executor`` lets a batch reuse one pool instead of starting threads per debtor.
    """
    chosen = list(connectors.values() if isinstance(connectors, Mapping) else connectors)
    if not chosen:
        return [], []
    pool = executor or ThreadPoolExecutor(len(chosen), thread_name_prefix="source")
    try:
        started = time.monotonic()
        futures = [(c, pool.submit(safe_search, c, query)) for c in chosen]
        results = [_wait(c, future, started, deadline) for c, future in futures]
    finally:
        if executor is None:
            pool.shutdown(wait=False, cancel_futures=True)
    records = [record for result in results for record in result.records]
    for result in results:
        if result.status != "ok":
            log.info("%s for %s: %s (%s)", result.source, query.debtor_id, result.status, result.reason)
    return records, [result.to_status() for result in results]


def safe_search(connector: Connector, query: DebtorQuery) -> ConnectorResult:
    """``connector.search`` with a last net for connectors that break the never-raise rule."""
    started = time.perf_counter()
    try:
        return connector.search(query)
    except Exception as exc:
        log.exception("connector %s raised for debtor %s", connector.source, mask(query.debtor_id, 4))
        return ConnectorResult(
            connector.source, "failed", [], f"internal error: {type(exc).__name__}: {exc}",
            seconds=time.perf_counter() - started,
        )


def _wait(
    connector: Connector, future: Future[ConnectorResult], started: float, deadline: float | None
) -> ConnectorResult:
    end = started + connector.cfg.timeout + GRACE
    if deadline is not None:
        end = min(end, deadline)
    try:
        return future.result(timeout=max(0.0, end - time.monotonic()))
    except FutureTimeout:
        future.cancel()
        waited = time.monotonic() - started
        return ConnectorResult(
            connector.source, "failed", [], f"no answer within {waited:.1f}s", seconds=waited
        )
