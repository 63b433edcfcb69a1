"""A thread-safe token bucket per source: each source keeps its own requests-per-second.

Callers reserve a slot under the lock and wait outside it, so concurrent debtors queue in
order instead of spinning. A wait that would overrun the caller's deadline is refused at once
(the lookup is reported partial rather than silently taking longer than its budget).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..errors import SourceError


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up."""

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be > 0")
        self.rate = rate
        self.burst = max(1, burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(self.burst)
        self._stamp = clock()

    def reserve(self, deadline: float | None = None) -> float:
        """Take a token; return how long the caller must wait before using it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
            if deadline is not None and now + wait > deadline:
                raise SourceError(f"rate limit: next slot in {wait:.2f}s is past the time budget")
            self._tokens -= 1
            return wait

    def acquire(self, deadline: float | None = None) -> float:
        """Block until a token is ours; return the seconds waited."""
        wait = self.reserve(deadline)
        if wait > 0:
            self._sleep(wait)
        return wait
