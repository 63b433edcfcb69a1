"""Web results for many debtors from one crawl, handed to whichever worker waits for them.

A batch runs ONE Scrapy crawl for all its debtors (docs/decisions/0001); the crawl streams a
result per (debtor, source) as soon as it is complete. A reader thread files them here and
announces each debtor whose web sources have all answered (``ready``), in the order the crawl
finishes them, so the batch enriches debtors as their web results arrive instead of waiting on
them in portfolio order. When the crawl ends, every debtor it did not finish is announced too,
its missing sources failed with the reason.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from skiptrace.model import Record, SourceStatus


class WebResultLike(Protocol):
    debtor_id: str
    source: str
    records: list[Record]
    status: SourceStatus


@dataclass
class _Slot:
    records: list[Record] = field(default_factory=list)
    statuses: dict[str, SourceStatus] = field(default_factory=dict)


class WebHub:
    """Collects streamed web results per debtor; ``take`` blocks until a debtor is complete."""

    def __init__(self, sources: Iterable[str], expected: Iterable[str] = ()) -> None:
        self.sources = tuple(sources)
        self._slots: dict[str, _Slot] = {}
        self._cond = threading.Condition()
        self._closed_reason: str | None = None
        self._thread: threading.Thread | None = None
        self._expected = dict.fromkeys(expected)  # announced ones are removed
        self._ready: queue.Queue[str | None] = queue.Queue()

    def feed(self, results: Iterator[WebResultLike]) -> None:
        """Consume a crawl's result stream in a background thread."""
        self._thread = threading.Thread(target=self._consume, args=(results,), daemon=True)
        self._thread.start()

    def _consume(self, results: Iterator[WebResultLike]) -> None:
        reason = "the crawl ended before answering"
        try:
            for result in results:
                with self._cond:
                    slot = self._slots.setdefault(result.debtor_id, _Slot())
                    slot.records.extend(result.records)
                    slot.statuses[result.source] = result.status
                    if self._complete(result.debtor_id):
                        self._announce(result.debtor_id)
                    self._cond.notify_all()
        except Exception as exc:  # the crawl bridge should not raise; if it does, say why
            reason = f"the crawl failed: {exc}"
        with self._cond:
            self._closed_reason = reason
            for debtor_id in list(self._expected):
                self._announce(debtor_id)
            self._cond.notify_all()
        self._ready.put(None)

    def _announce(self, debtor_id: str) -> None:
        if debtor_id in self._expected:
            del self._expected[debtor_id]
            self._ready.put(debtor_id)
            if not self._expected:  # the crawl may go on (pivots): the first round is over
                self._ready.put(None)

    def wait_ended(self, timeout: float) -> bool:
        """Wait until the crawl's result stream has ended (its child reaped by the bridge)."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def ready(self) -> Iterator[str]:
        """Expected debtor ids as their web results complete (all of them by the crawl's end)."""
        if not self._expected and self._ready.empty():
            return
        while (debtor_id := self._ready.get()) is not None:
            yield debtor_id

    def _complete(self, debtor_id: str) -> bool:
        slot = self._slots.get(debtor_id)
        return slot is not None and all(s in slot.statuses for s in self.sources)

    def take(self, debtor_id: str, timeout: float) -> tuple[list[Record], list[SourceStatus]]:
        """The debtor's web records and one status per web source, missing ones failed."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._complete(debtor_id) and self._closed_reason is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            slot = self._slots.pop(debtor_id, _Slot())
            why = self._closed_reason or f"no answer within {timeout:.0f} s"
        statuses = [
            slot.statuses.get(source) or SourceStatus(source, "failed", reason=why)
            for source in self.sources
        ]
        return slot.records, statuses


class PivotSink(Protocol):
    def submit(self, task_id: str, query: Any) -> bool: ...


def pivot_fetch(hub: WebHub, stream: PivotSink,
                timeout: float) -> Callable[[str, Any], tuple[list[Record], list[SourceStatus]]]:
    """A debtor's pivot query on the running crawl (``stream``: its QueryStream), answered
    through the hub like a first-round query (linking/pivots.py)."""
    def fetch(task_id: str, query: Any) -> tuple[list[Record], list[SourceStatus]]:
        if not stream.submit(task_id, query):
            return [], [SourceStatus(s, "failed", reason="the crawl was already closed")
                         for s in hub.sources]
        return hub.take(task_id, timeout)
    return fetch
