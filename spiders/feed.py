"""Debtor queries arriving while the crawl runs: the parent may add a query at any time.

The parent writes queries as JSON Lines on the child's stdin and closes it when it has no more
(docs/decisions/0001). A batch's first queries come at once, but a **pivot** (a key found in a
matched record, issue 13) is only known after the debtor's first answers were matched, while
the crawl is still serving others; so the child reads stdin in a thread and hands each query to
every spider as it arrives. A pivot query jumps ahead of the first-round queries not started
yet: a debtor waits on it, a first-round query has no one waiting.

The feed reads every line as it comes and holds what Scrapy has not pulled yet (Scrapy pulls a
spider's ``start()`` without back-pressure, so every query handed over becomes scheduled
requests at once). What bounds it is the parent: a batch writes a first-round query only when
fewer than a window of debtors are ahead of their enrichment (skiptrace/pipeline/webhub.py
``FirstRound``, docs/decisions/0006); pivot queries are bounded by the debtors being enriched.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import threading
from collections.abc import Iterable
from typing import IO, Any

logger = logging.getLogger(__name__)
PIVOT_FIRST, FIRST_ROUND, END = 0, 1, 2


class QueryFeed:
    """Queries for several spiders: each spider reads its own queue (``queue_for``); the
    queues are filled on the reactor's event loop, from a reader thread or a fixed list."""

    def __init__(self) -> None:
        self._queues: dict[str, asyncio.PriorityQueue[tuple[int, int, dict[str, Any] | None]]] = {}
        self._order = itertools.count()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._source: IO[str] | Iterable[dict[str, Any]] | None = None
        self._started = False
        self._lock = threading.Lock()

    @classmethod
    def from_stream(cls, stream: IO[str]) -> QueryFeed:
        feed = cls()
        feed._source = stream
        return feed

    @classmethod
    def from_list(cls, queries: Iterable[dict[str, Any]]) -> QueryFeed:
        feed = cls()
        feed._source = list(queries)
        return feed

    def queue_for(self, spider: str) -> asyncio.PriorityQueue[tuple[int, int, dict[str, Any] | None]]:
        """The spider's queue; every spider asks before the first query is handed out (they
        are all made before the reactor starts), so none misses a query."""
        return self._queues.setdefault(spider, asyncio.PriorityQueue())

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Begin handing out queries on ``loop`` (the first spider to start calls this)."""
        with self._lock:
            if self._started:
                return
            self._started = True
            self._loop = loop
        source = self._source
        if source is None or isinstance(source, list):
            for query in source or []:
                self._put(query)
            self._close()
            return
        threading.Thread(target=self._read, args=(source,), daemon=True,
                         name="query-feed").start()

    def _read(self, stream: IO[str]) -> None:
        loop = self._loop
        if loop is None:  # start() sets it before the thread exists
            raise RuntimeError("the query feed was read before it was started")
        try:
            for line in stream:
                if not line.strip():
                    continue
                try:
                    query = json.loads(line)
                except json.JSONDecodeError:
                    logger.warning("unreadable query line (%d characters) skipped", len(line))
                    continue
                if isinstance(query, dict):
                    loop.call_soon_threadsafe(self._put, query)
        except (OSError, ValueError) as exc:  # the parent is gone: end as if stdin closed
            logger.warning("query feed stopped: %s", type(exc).__name__)
        loop.call_soon_threadsafe(self._close)

    def _put(self, query: dict[str, Any]) -> None:
        rank = PIVOT_FIRST if query.get("pivot") else FIRST_ROUND
        for queue in self._queues.values():
            queue.put_nowait((rank, next(self._order), query))

    def _close(self) -> None:
        for queue in self._queues.values():
            queue.put_nowait((END, next(self._order), None))
