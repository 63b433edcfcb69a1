"""The crawl of a lookup's web sources, started before the heavy imports (command.py).

The web sources run in a crawl child process (docs/decisions/0001) whose start-up (interpreter,
Scrapy, reactor) is the longest single wait of a lookup: it starts from what is cheap to know
(the debtor, the config), and stays open for pivot queries and for a second debtor's query (a
phone's holder) until ``close``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from skiptrace.config import Config
from skiptrace.model import Debtor, Record, SourceStatus


class WebPrefetch:
    """The crawl of one debtor's web sources, running in a thread from the moment it is made,
    and kept open for the debtor's pivot queries (linking/pivots.py) until ``close``."""

    TIMEOUT = 300.0  # the bridge bounds the crawl by its own stall deadline first

    def __init__(self, debtor: Debtor, sources: list[str], config: Config) -> None:
        from skiptrace.pipeline.webhub import WebHub  # light: the model only

        self.debtor_id = debtor.debtor_id
        self._first: tuple[list[Record], list[SourceStatus]] | None = None
        self._hub = WebHub(sources, expected=[debtor.debtor_id])
        self._later: Any = None  # the crawl's QueryStream, once the thread made it
        self._ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(debtor, sources, config), daemon=True, name="web-prefetch"
        )
        self._thread.start()

    def _run(self, debtor: Debtor, sources: list[str], config: Config) -> None:
        # In the thread, so that the connectors package loads while the crawl child starts.
        from skiptrace.connectors.query import DebtorQuery
        from skiptrace.connectors.web import QueryStream, crawl

        try:
            self._later = QueryStream([(debtor.debtor_id, DebtorQuery.from_debtor(debtor))])
        finally:
            self._ready.set()
        results: Iterator[Any] = crawl(self._later, sources, {"config": config})
        self._hub.feed(results)

    def take(self, debtor: Debtor) -> tuple[list[Record], list[SourceStatus]]:
        """The prefetched results of the debtor's own query (kept: a phone-only lookup reads
        them for the holder, then enriches with them); for another debtor (the one a phone's
        holder designates), its query on the same crawl."""
        if debtor.debtor_id != self.debtor_id:
            from skiptrace.connectors.query import DebtorQuery

            return self.pivot(debtor.debtor_id, DebtorQuery.from_debtor(debtor))
        if self._first is None:
            self._first = self._hub.take(debtor.debtor_id, self.TIMEOUT)
        return self._first

    def pivot(self, task_id: str, query: Any) -> tuple[list[Record], list[SourceStatus]]:
        """A pivot query on the same crawl (no second child to start)."""
        self._ready.wait()
        if self._later is None or not self._later.submit(task_id, query):
            return [], [SourceStatus(s, "failed", reason="the crawl was already closed")
                        for s in self._hub.sources]
        return self._hub.take(task_id, self.TIMEOUT)

    def close(self) -> None:
        """No more queries: the crawl child ends."""
        self._ready.wait()
        if self._later is not None:
            self._later.close()

    def wait_ended(self, timeout: float) -> bool:
        """Wait for the crawl child to exit after ``close`` (so that no process outlives the
        lookup); True when it did within ``timeout`` seconds."""
        return self._hub.wait_ended(timeout)


__all__ = ["WebPrefetch"]
