"""A plan's independent searches asked side by side, read in the plan's order (issue 17).

A debtor's plan on one API source (a CIN and the surname within the city; an RC + court and
the company's name) was asked one search after the other: at 50 ms a request the land
registry's 3.8 requests took 0.5 s of a live debtor's 1.5 s, the longest wait of the sources
asked first (decision 0057). The searches a plan asks whatever the others find — every
top-level search but those ``within`` a broader one — do not depend on each other: the first
page of each after the first is asked at once on a helper thread, and the plan still reads
the answers in its own order, so what it fetches, reports, deduplicates and counts is what it
was, and only the waiting overlaps.

A question asked ahead is a guess (``SourceClient.guessing``): tried once, its failure not
held against the source's breaker, and asked again in line when the plan reaches it, so a
failing source fails a plan with the reason and the breaker it did before (it may see one
request more a search). None is asked ahead while the breaker is not closed. A guess's
requests count in the debtor's search when the plan reads its answer; one the plan never reads
(an earlier search failed) is cancelled if not yet sent and not counted if sent (the source's
own total counts it). When every helper is busy, the plan does not wait for one: it cancels
the queued question and asks it in line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple

from .planner import PlannedSearch, Signature, signature

if TYPE_CHECKING:
    from .http import CallStats

#: helper threads per source; a bound on requests in the air, not on debtors (the source's
#: token bucket still spaces every request)
AHEAD_THREADS = 16


class Guess(NamedTuple):
    """A question asked ahead: what it cost and its answer."""

    spent: CallStats
    answer: Any


Ask = Callable[[Mapping[str, Any]], Any]


class AskAhead:
    """One source's helper threads for first pages asked ahead (started on first use)."""

    def __init__(self, threads: int = AHEAD_THREADS) -> None:
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self, searches: list[PlannedSearch], ask: Callable[[Mapping[str, Any]], Guess],
              first_page: Callable[[PlannedSearch], Mapping[str, Any]]
              ) -> dict[Signature, Future[Guess]]:
        """The first pages of ``searches``' independent ones but the first (read in line
        anyway), each asked through ``ask`` with the parameters ``first_page`` gives it."""
        independent = [s for s in searches if s.within is None]
        if len(independent) < 2:
            return {}
        pool = self._helpers()
        ahead: dict[Signature, Future[Guess]] = {}
        for planned in independent[1:]:
            key = signature(planned.params)
            if key not in ahead:
                ahead[key] = pool.submit(ask, first_page(planned))
        return ahead

    @staticmethod
    def answer(future: Future[Guess] | None, ask: Ask, params: Mapping[str, Any],
               settle: Callable[[CallStats], None]) -> Any:
        """The answer a search asked ahead got (its requests ``settle``d in the search), or the
        question asked in line: when it was not asked ahead, is still queued, or failed (a
        guess is tried once; in line it has its retries, and its error, if any, is raised in
        the plan's order)."""
        if future is None or future.cancel():
            return ask(params)
        try:
            guess = future.result()
        except Exception:  # noqa: BLE001 - any failure of a guess is asked again in line
            return ask(params)
        settle(guess.spent)
        return guess.answer

    @staticmethod
    def drop(ahead: dict[Signature, Future[Guess]]) -> None:
        """Cancel what the plan will not read and was not sent yet."""
        for future in ahead.values():
            future.cancel()

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def _helpers(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="ask-ahead")
            return self._pool
