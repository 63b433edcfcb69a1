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

from skiptrace.model import Debtor, Record, SourceStatus


class WebResultLike(Protocol):
    """What the crawl bridge yields (connectors/web.py ``WebResult``), read-only here."""

    @property
    def debtor_id(self) -> str | None: ...

    @property
    def source(self) -> str: ...

    @property
    def records(self) -> list[Record]: ...

    @property
    def status(self) -> SourceStatus: ...


@dataclass
class _Slot:
    records: list[Record] = field(default_factory=list)
    statuses: dict[str, SourceStatus] = field(default_factory=dict)


class WebHub:
    """Collects streamed web results per debtor; ``take`` blocks until a debtor is complete.

    Two ways to say which debtors to expect. ``expected`` names them all up front (a lookup's
    one or two). A batch instead ``admit``-s its debtors one by one as it sends their queries
    to the crawl, with a ``window``: ``admit`` blocks while ``window`` admitted debtors are not
    yet handed out by ``ready``, so the crawl child, its scheduler and this hub never hold
    more than a window of the portfolio (issue 17, docs/decisions/0006). With a window the hub
    also keeps only the results somebody waits for (``want``): a late answer for a debtor
    already taken, or a pivot given up on, is dropped instead of staying here forever.
    """

    def __init__(self, sources: Iterable[str], expected: Iterable[str] = (),
                 window: int | None = None) -> None:
        self.sources = tuple(sources)
        self.window = window
        self._slots: dict[str, _Slot] = {}
        self._cond = threading.Condition()
        self._closed_reason: str | None = None
        self._thread: threading.Thread | None = None
        self._expected = dict.fromkeys(expected)  # announced ones are removed
        self._ready: queue.Queue[str | None] = queue.Queue()
        # admitted and not yet handed out by ready(): what the window counts
        self._held: set[str] = set()
        self._all_admitted = window is None  # ``expected`` is the whole list
        self._admit_error: BaseException | None = None
        self._stopped = False
        self._wanted: set[str] | None = set() if window is not None else None
        self.dropped = 0  # results nobody waited for (counted, not kept)
        self.high_water = 0  # most debtors held at once in the window (tests, 0006)

    # --- the batch's side: admitting debtors into the window ---------------------------
    def admit(self, debtor_id: str) -> bool:
        """Expect ``debtor_id``, once the window has room; False if the hub was stopped (the
        job is ending: send nothing more). Once the crawl has ended, the debtor is announced
        at once (its web sources failed with the reason), still a window at a time: the rest
        of the portfolio is not read into memory because nothing slows it any more."""
        with self._cond:
            while (self.window is not None and len(self._held) >= self.window
                   and not self._stopped):
                self._cond.wait()
            if self._stopped:
                return False
            self._held.add(debtor_id)
            self.high_water = max(self.high_water, len(self._held))
            self.want(debtor_id)
            self._expected[debtor_id] = None
            if self._closed_reason is not None:
                self._announce(debtor_id)
            return True

    def admitted_all(self, error: BaseException | None = None) -> None:
        """No debtor will be admitted any more; ``error``: why not (``ready`` raises it once
        the debtors already admitted are out)."""
        with self._cond:
            self._admit_error = error
            self._all_admitted = True
            if not self._expected:
                self._ready.put(None)

    def stop(self) -> None:
        """The job is over (finished or failing): wake and refuse whoever is admitting."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def want(self, task_id: str) -> None:
        """Keep the results of ``task_id`` (a debtor admitted, a pivot query about to be
        sent) until it is taken; with a window, results of anything else are dropped."""
        if self._wanted is not None:
            with self._cond:
                self._wanted.add(task_id)

    def release(self, task_id: str) -> None:
        """Nobody will take ``task_id`` any more (taken, or its debtor crashed before taking
        it): forget its results, now and when they arrive later."""
        with self._cond:
            self._slots.pop(task_id, None)
            if self._wanted is not None:
                self._wanted.discard(task_id)

    def held(self) -> int:
        """Admitted debtors not yet handed out by ``ready`` (at most ``window``)."""
        with self._cond:
            return len(self._held)

    def slots(self) -> int:
        """Debtors and pivot queries whose results are kept here right now."""
        with self._cond:
            return len(self._slots)

    # --- the crawl's side ----------------------------------------------------------------
    def feed(self, results: Iterator[WebResultLike]) -> None:
        """Consume a crawl's result stream in a background thread."""
        self._thread = threading.Thread(target=self._consume, args=(results,), daemon=True)
        self._thread.start()

    def _consume(self, results: Iterator[WebResultLike]) -> None:
        reason = "the crawl ended before answering"
        try:
            for result in results:
                task_id = result.debtor_id
                with self._cond:
                    if task_id is None or (self._wanted is not None
                                           and task_id not in self._wanted):
                        self.dropped += 1
                        continue
                    slot = self._slots.setdefault(task_id, _Slot())
                    slot.records.extend(result.records)
                    slot.statuses[result.source] = result.status
                    if self._complete(task_id):
                        self._announce(task_id)
                    self._cond.notify_all()
        except Exception as exc:  # the crawl bridge should not raise; if it does, say why
            reason = f"the crawl failed: {exc}"
        with self._cond:
            self._closed_reason = reason
            for debtor_id in list(self._expected):
                self._announce(debtor_id)
            self._cond.notify_all()

    def _announce(self, debtor_id: str) -> None:
        if debtor_id in self._expected:
            del self._expected[debtor_id]
            self._ready.put(debtor_id)
            if not self._expected and self._all_admitted:
                self._ready.put(None)  # the crawl may go on (pivots): the first round is over

    def wait_ended(self, timeout: float) -> bool:
        """Wait until the crawl's result stream has ended (its child reaped by the bridge)."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def ready(self) -> Iterator[str]:
        """Expected debtor ids as their web results complete (all of them by the crawl's end);
        each one handed out frees its place in the window."""
        with self._cond:
            if self._all_admitted and not self._expected and self._ready.empty():
                return
        while (debtor_id := self._ready.get()) is not None:
            with self._cond:
                self._held.discard(debtor_id)
                self._cond.notify_all()
            yield debtor_id
        if self._admit_error is not None:
            raise self._admit_error

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
            if self._wanted is not None:
                self._wanted.discard(debtor_id)
            why = self._closed_reason or f"no answer within {timeout:.0f} s"
        statuses = [
            slot.statuses.get(source) or SourceStatus(source, "failed", reason=why)
            for source in self.sources
        ]
        # in source and record-id order, not arrival order: the sources answer in whatever
        # order the crawl children finish them, and a profile must be the same on every run
        # (a closed company's status read from its register entry before its notices)
        return sorted(slot.records, key=lambda r: (r.source, r.record_id)), statuses


class PivotSink(Protocol):
    def submit(self, task_id: str, query: Any) -> bool: ...


class FirstRound:
    """A batch's debtors sent to the running crawl a window ahead of their enrichment.

    A thread reads the pending debtors (a stream: the portfolio is read again, never held)
    and, for each, waits for room in the hub's window, then submits the debtor's query to the
    crawl's ``stream`` (the same stream as the pivot queries, which never wait for the
    window: a debtor being enriched waits on them). ``start`` returns the debtors in the
    order the crawl completes them; only the window's debtors are held here meanwhile."""

    def __init__(self, hub: WebHub, stream: PivotSink) -> None:
        self.hub = hub
        self.stream = stream
        self._waiting: dict[str, Debtor] = {}  # admitted (or being admitted), not yet out

    def start(self, debtors: Iterable[Debtor]) -> Iterator[Debtor]:
        threading.Thread(target=self._send, args=(debtors,), daemon=True,
                         name="first-round").start()
        return (self._waiting.pop(debtor_id) for debtor_id in self.hub.ready())

    def _send(self, debtors: Iterable[Debtor]) -> None:
        error: BaseException | None = None
        try:
            for debtor in debtors:
                self._waiting[debtor.debtor_id] = debtor  # before ready() can hand it out
                if not self.hub.admit(debtor.debtor_id):
                    self._waiting.pop(debtor.debtor_id, None)
                    return  # the job is over
                # refused once the crawl is gone: the hub then fails its web sources
                self.stream.submit(debtor.debtor_id, debtor)
        except BaseException as exc:  # reading the portfolio failed: the job says why
            error = exc
        finally:
            self.hub.admitted_all(error)

    def held(self) -> int:
        """Debtors read and not yet handed out (at most the window, plus the one waiting)."""
        return len(self._waiting)


def pivot_fetch(hub: WebHub, stream: PivotSink,
                timeout: float) -> Callable[[str, Any], tuple[list[Record], list[SourceStatus]]]:
    """A debtor's pivot query on the running crawl (``stream``: its QueryStream), answered
    through the hub like a first-round query (linking/pivots.py)."""
    def fetch(task_id: str, query: Any) -> tuple[list[Record], list[SourceStatus]]:
        hub.want(task_id)  # before it is sent: the answer may come before ``take`` waits
        if not stream.submit(task_id, query):
            hub.release(task_id)
            return [], [SourceStatus(s, "failed", reason="the crawl was already closed")
                         for s in hub.sources]
        return hub.take(task_id, timeout)
    return fetch
