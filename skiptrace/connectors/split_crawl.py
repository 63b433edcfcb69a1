"""A batch's web sources in several crawl children, each running some of the spiders.

One crawl child runs every web spider in one Scrapy process (docs/decisions/0001): one core
at most. At 10^4 debtors it was the busiest process of a batch (py-spy: 81 % of a core, the
notices' parsing a third of it) while the parent waited on it (issue 17, docs/decisions/0006).
Dealing the sources out to ``processes`` children — the notices in one, the register and the
directory in another — lets the crawl use the second core.

Each child gets every query (a query meant for other sources is answered "skipped" at once,
so the hub gets a status from every web source for every query), through its own
``QueryStream``; ``FanOutStream`` is the one stream the batch submits to. The children's
results are merged in arrival order into one stream for the ``WebHub``.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from skiptrace.connectors.web import QueryStream, WebResult, crawl

#: relative crawl cost per source (CPU in the crawl child per query, py-spy on the 10^4
#: benchmark: parsing a notice's text is the heaviest), to balance the children
CRAWL_COST = {"legal_notices": 3, "company_register": 2, "phone_directory": 1}


def crawl_groups(sources: Iterable[str], processes: int) -> list[list[str]]:
    """The web sources dealt out to at most ``processes`` children, costliest first, each to
    the least loaded child; deterministic. Never an empty group."""
    ordered = sorted(sources, key=lambda s: (-CRAWL_COST.get(s, 1), s))
    groups: list[list[str]] = [[] for _ in range(max(1, min(processes, len(ordered))))]
    loads = [0] * len(groups)
    for source in ordered:
        least = loads.index(min(loads))
        groups[least].append(source)
        loads[least] += CRAWL_COST.get(source, 1)
    return [g for g in groups if g]


class FanOutStream:
    """One query stream per crawl child; what is submitted goes to each."""

    def __init__(self, children: int) -> None:
        self.streams = [QueryStream() for _ in range(max(1, children))]

    def submit(self, task_id: str, query: Any) -> bool:
        """Queue ``query`` for every child; False once any is closed. A child that is gone
        would never answer for its sources, and the hub needs every source's status: the
        others are closed too, so the whole crawl ends and the hub fails what is left."""
        if not any(stream.closed for stream in self.streams):
            sent = [stream.submit(task_id, query) for stream in self.streams]
            if all(sent):
                return True
        self.close()
        return False

    def close(self) -> None:
        for stream in self.streams:
            stream.close()


_ENDED = object()


Crawl = Callable[[Iterable[tuple[str, Any]], list[str], dict[str, Any] | None],
                 Iterator[WebResult]]


def crawl_split(stream: FanOutStream, groups: list[list[str]],
                settings: dict[str, Any] | None = None,
                crawl_one: Crawl = crawl) -> Iterator[WebResult]:
    """One ``crawl_one`` (a crawl child) per group of sources, each fed by its own stream of
    ``stream``, their results merged as they come. Ends when every child's stream has ended."""
    if len(groups) != len(stream.streams):
        raise ValueError(f"{len(groups)} groups of sources for {len(stream.streams)} streams")
    if len(groups) == 1:
        yield from crawl_one(stream.streams[0], groups[0], settings)
        return
    merged: queue.Queue[Any] = queue.Queue()

    def pump(child: QueryStream, sources: list[str]) -> None:
        try:
            for result in crawl_one(child, sources, settings):
                merged.put(result)
        finally:
            merged.put(_ENDED)

    for child, sources in zip(stream.streams, groups, strict=True):
        threading.Thread(target=pump, args=(child, sources), daemon=True,
                         name=f"crawl-{'+'.join(sources)}").start()
    running = len(groups)
    while running:
        item = merged.get()
        if item is _ENDED:
            running -= 1
        else:
            yield item
