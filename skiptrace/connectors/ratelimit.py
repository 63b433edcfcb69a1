"""Token buckets on pyrate-limiter's GCRA: a source's requests per second, an API key's calls.

pyrate-limiter keeps the state and applies the policy atomically in a *store*: this process's
memory today (``InMemoryStateStore``), Redis when several workers must share one limit
(``RedisStateStore``, a Lua script; issue 21) — one design for both (docs/decisions/0014).
What stays ours is what callers rely on and the library's own ``Limiter`` does not do:

- a *reservation*: a caller that must wait takes the next free slot at once, so concurrent
  debtors queue in order instead of racing for the slot after sleeping;
- a wait that would overrun the caller's deadline is refused before any time is spent (the
  lookup is reported partial rather than silently taking longer than its budget), where the
  library's ``Limiter`` sleeps until its timeout and only then fails;
- an injectable clock and sleep, so tests read the waits off a fake clock;
- a *late slot is given up* (``tolerance``): the store hands out slots at the rate, but what
  the source sees is when each request goes. A thread that wakes more than ``tolerance`` after
  its slot (a loaded machine: the GIL, other processes) would send beside the next slots'
  requests and put more than the rate into a second at the source (issue 21 measured it:
  sends 25 in 1 s where the slots were 22). It takes a new slot instead, and the slots are
  spaced so that a request sent up to ``tolerance`` late still keeps every window of a second
  or more within ``burst + rate × W`` (docs/decisions/0021).

A slot is reserved by asking the store whether one request conforms at a moment ``at``: now,
then, if refused, ``at`` plus the wait the store names, until one conforms. Each answer is one
atomic step of the store, so threads (or, with Redis, processes) never hand out a slot twice.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from pyrate_limiter import Decision, InMemoryStateStore, Rate, StateStore
from pyrate_limiter import TokenBucket as TokenBucketPolicy

from ..errors import SourceError

_POLICY = TokenBucketPolicy()  # stateless: the state lives in the stores
_UNITS = 1000


def bucket_rate(rate: float, burst: int) -> Rate:
    """``rate`` per second with ``burst`` saved up, as pyrate-limiter's Rate.

    A Rate counts whole units over whole milliseconds: a thousand units over ⌈10⁶/rate⌉ ms is
    one unit every ⌈10⁶/rate⌉ µs, exact to the microsecond and never faster than asked.
    """
    if not rate > 0:
        raise ValueError("rate must be > 0")
    return Rate(_UNITS, math.ceil(1_000_000 / rate), burst=max(1, burst))


def millis(seconds: float) -> int:
    """A clock's seconds as the whole milliseconds pyrate-limiter counts in."""
    return math.floor(seconds * 1000)


def check(store: StateStore, rates: list[Rate], at_ms: int) -> int:
    """Ask ``store`` for one request at ``at_ms``: 0 when it conforms (and is counted), else
    the milliseconds until it would."""
    decision = store.check(_POLICY, rates, at_ms, 1)
    if not isinstance(decision, Decision):  # an asyncio Redis client: not for these callers
        raise TypeError("token buckets need a synchronous store")
    if decision.allowed:
        return 0
    if decision.retry_after_ms is None:  # only for a weight above the burst; ours is 1
        raise ValueError(f"a request never fits {rates[0]}")
    return max(1, decision.retry_after_ms)


SEND_TOLERANCE = 0.05
"""Seconds a source's request may go after its slot (connectors/shared.py): 5 % of the rate,
the spacing that absorbs it; measured lateness on a loaded 2-core machine is a few ms at the
median, tens of ms at the 90th percentile (docs/decisions/0021)."""


def spaced_rate(rate: float, tolerance: float) -> float:
    """The rate the slots are handed out at so that requests sent up to ``tolerance`` seconds
    after their slot keep to ``rate`` in any window of one second or more: a window of W s
    then holds the slots of W + tolerance s, at most ``burst + spaced × (W + tolerance)``,
    which is ``burst + rate × W`` for W = 1 and less for longer windows."""
    return rate / (1 + max(0.0, tolerance))


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up, for one source.

    ``store``: where the bucket's state lives; this process's memory unless given. A shared
    store counts in ``store_clock``, a clock every worker reads alike (the Redis server's,
    skiptrace/connectors/shared.py), while deadlines stay in the caller's ``clock``;
    ``horizon``: how far ahead (seconds) a slot may be reserved at most, so that a shared
    store's keys can expire (a deadline further off is cut to it); ``tolerance``: how late
    (seconds) after its slot ``acquire`` may return; later, the slot is given up and a new one
    taken (0: no check and no widened spacing, the bare GCRA).
    """

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        store: StateStore | None = None,
        store_clock: Callable[[], float] | None = None,
        horizon: float | None = None,
        tolerance: float = 0.0,
    ) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.tolerance = max(0.0, tolerance)
        self._rates = [bucket_rate(spaced_rate(rate, self.tolerance), self.burst)]
        self._store = store if store is not None else InMemoryStateStore()
        self._clock = clock
        self._store_clock = store_clock or clock
        self._sleep = sleep
        self._horizon = horizon
        self._lock = threading.Lock()
        self.late_slots = 0  # slots given up because their caller woke too late for them

    def reserve(self, deadline: float | None = None) -> float:
        """Take the next free slot; return how long the caller must wait before using it."""
        return self._slot(deadline)[1]

    def _slot(self, deadline: float | None) -> tuple[float, float]:
        """The next free slot, taken: (its time on the store's clock, the wait until it)."""
        budget = None if deadline is None else deadline - self._clock()
        if self._horizon is not None:
            budget = self._horizon if budget is None else min(budget, self._horizon)
        now = self._store_clock()
        at = millis(now)
        while (later := check(self._store, self._rates, at)) > 0:
            at += later
            if budget is not None and at / 1000 - now > budget:
                raise SourceError(f"rate limit: next slot in {at / 1000 - now:.2f}s is past the "
                                  "time budget")
        return at / 1000, max(0.0, at / 1000 - now)

    def acquire(self, deadline: float | None = None) -> float:
        """Block until a token is ours; return the seconds slept for it. With a ``tolerance``,
        a caller back more than that after its slot gives the slot up and takes the next free
        one (refused, like any slot, past the deadline)."""
        waited = 0.0
        while True:
            slot, wait = self._slot(deadline)
            if wait > 0:
                self._sleep(wait)
                waited += wait
            if not self.tolerance or self._store_clock() - slot <= self.tolerance:
                return waited
            with self._lock:
                self.late_slots += 1
