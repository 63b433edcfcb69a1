"""A circuit breaker per source, so a dead source is skipped fast instead of waited on.

closed ──N consecutive failures──▶ open ──cool-down──▶ half-open ──trial succeeds──▶ closed
                                     ▲                     │
                                     └──trial fails────────┘

While open every call fails at once with SourceUnavailable; half-open lets exactly one trial
call through (the others still fail fast) so a recovering source is not stampeded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from ..errors import SourceUnavailable

Clock = Callable[[], float]


class Breaker(Protocol):
    """What a source's client asks of its breaker: this process's (CircuitBreaker) or the one
    every worker shares through Redis (connectors/shared_breaker.py)."""

    name: str
    opened_count: int

    @property
    def state(self) -> str: ...

    def before_call(self) -> None: ...

    def record_success(self) -> None: ...

    def record_failure(self) -> None: ...


class CircuitBreaker:
    """Thread-safe breaker; ``clock`` is injectable so tests need no sleeps."""

    def __init__(
        self, name: str, failures: int, cooldown: float, clock: Clock = time.monotonic
    ) -> None:
        self.name = name
        self.threshold = max(1, failures)
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self.opened_count = 0  # how many times it opened: reported by benchmarks

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown:
            return "half-open"
        return "open"

    def before_call(self) -> None:
        """Raise SourceUnavailable unless a call may go out now."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return
            if state == "half-open" and not self._trial_running:
                self._trial_running = True
                return
            left = max(0.0, self.cooldown - (self._clock() - (self._opened_at or 0.0)))
            raise SourceUnavailable(
                f"{self.name}: circuit open after {self._failures} consecutive failures "
                f"(next trial in {left:.1f}s)"
            )

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            trial_failed = self._trial_running
            self._trial_running = False
            if trial_failed or (self._opened_at is None and self._failures >= self.threshold):
                self._opened_at = self._clock()
                self.opened_count += 1
