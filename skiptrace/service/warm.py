"""What a service keeps loaded between lookups: config, store, connectors and one crawl child.

A cold ``skiptrace lookup`` starts a crawl child per lookup and imports matching, the profile
and the renderers each time (docs/decisions/0001, 0007). Here the direct connectors and their
HTTP pool are opened once (as ``enrich`` opens them), and ONE crawl child runs for the life of
the service, fed through an open query stream: every lookup sends its first-round and pivot
queries to it under task ids of its own, and the hub hands each answer back to whoever waits.
A crawl child that dies is replaced for the next lookup.
"""

from __future__ import annotations

import itertools
import logging
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from skiptrace.config import Config, load_config
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.web import QueryStream, crawl
from skiptrace.context import remote_sources, web_sources
from skiptrace.model import Debtor, Record, SourceStatus
from skiptrace.pipeline.batch import now_or
from skiptrace.pipeline.enrich import Enriched, Enricher
from skiptrace.pipeline.runtime import open_direct_sources
from skiptrace.pipeline.webhub import WebHub, pivot_fetch
from skiptrace.store.judgements import stored_judgements

log = logging.getLogger(__name__)
WebResults = tuple[list[Record], list[SourceStatus]]
#: lookups in flight at once the HTTP pool keeps connections for
IN_FLIGHT = 8
#: the hub's window is never used to admit (no first round here): only its "keep what somebody
#: waits for" behaviour is, so that answers of a lookup that gave up are dropped
_NO_ADMISSION = 1 << 30


class WarmCrawl:
    """One crawl child for every lookup of the service, restarted when it has died."""

    def __init__(self, sources: list[str], config: Config, timeout: float) -> None:
        self.sources = sources
        self.config = config
        self.timeout = timeout
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.starts = 0
        self._start()

    def _start(self) -> None:
        self._stream = QueryStream()
        self._hub = WebHub(self.sources, window=_NO_ADMISSION)
        self._hub.feed(crawl(self._stream, self.sources, {"config": self.config}))
        self._fetch = pivot_fetch(self._hub, self._stream, self.timeout)
        self.starts += 1

    def fetch(self, task_id: str, query: Any) -> WebResults:
        with self._lock:
            if self._hub.wait_ended(0):  # the child is gone: a new one for this query
                log.warning("the warm crawl child had ended: starting another")
                self._start()
            fetch = self._fetch
        return fetch(task_id, query)

    def session(self) -> tuple[Any, Any]:
        """A lookup's ``web_fetch`` and ``web_pivot``, under a task-id prefix of its own."""
        prefix = f"svc{next(self._ids)}:"

        def first(debtor: Debtor) -> WebResults:
            return self.fetch(prefix + debtor.debtor_id, DebtorQuery.from_debtor(debtor))

        def pivot(task_id: str, query: DebtorQuery) -> WebResults:
            return self.fetch(prefix + task_id, query)

        return first, pivot

    def close(self) -> None:
        self._stream.close()
        self._hub.wait_ended(10.0)


class Warm:
    """Everything a lookup needs, opened once for the service's life (``close`` at the end)."""

    def __init__(self, db: Path, config_path: Path | None, *, web: bool = True,
                 timeout: float = 120.0) -> None:
        self._stack = ExitStack()
        self.config = load_config(config_path)
        self.store, _http, self.connectors = open_direct_sources(
            self.config, db, IN_FLIGHT, self._stack)
        self.remote = remote_sources(self.config)
        sources = web_sources(self.config)
        self.crawl = WarmCrawl(sources, self.config, timeout) if web and sources else None
        _preload()

    def enrich(self, debtor: Debtor) -> Enriched:
        """One debtor through every source, on the warm connectors and crawl."""
        first, pivot = self.crawl.session() if self.crawl is not None else (None, None)
        enricher = Enricher(self.connectors, first, as_of=now_or(None), web_pivot=pivot,
                            judgements=stored_judgements(self.store.db.conn))
        try:
            return enricher.enrich(debtor)
        finally:
            enricher.close()

    def close(self, *, keep_store: bool = False) -> None:
        """End the crawl child; close the store and connectors unless ``keep_store`` (a batch
        still running on the store: it stops with the process and resumes next time)."""
        if self.crawl is not None:
            self.crawl.close()
        if not keep_store:
            self._stack.close()


def _preload() -> None:
    """Load matching's tables and the model now, not in the first investigator's lookup."""
    from matching import score
    from skiptrace.linking.scoring import debtor_description

    one = Debtor(debtor_id="warm-up", kind="person", name="EL ALAOUI Mohamed",
                 city="Casablanca")
    score(debtor_description(one), debtor_description(one))


__all__ = ["IN_FLIGHT", "Warm", "WarmCrawl"]
