"""The service's own monitoring schedule: a background thread that runs a pass every so often.

``skiptrace serve`` starts one (``--monitor-every MINUTES``, off with ``--no-monitor``): each
tick runs a monitoring pass (what is due, within the rate budget) and the webhook retries that
are due. A pass that finds the store busy (a batch holds the writer lock) is skipped; the next
tick tries again. ``stop`` ends the thread after the pass in progress.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class MonitorLoop:
    """Calls ``tick`` every ``every`` seconds on a daemon thread (the first after ``every``)."""

    def __init__(self, tick: Callable[[], Any], every: float) -> None:
        if every <= 0:
            raise ValueError("the monitoring period must be positive")
        self.tick = tick
        self.every = every
        self.passes = 0
        self.failures = 0
        self.last: Any = None
        self._stop = threading.Event()
        self._done = threading.Condition()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="monitoring")

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> bool:
        """No further tick; waits up to ``timeout`` for the one in progress. False when it is
        still running (it ends with the process; its debtors stay due)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.last = self.tick()
            except Exception:  # a failed pass is logged; the schedule goes on
                log.exception("monitoring pass failed")
                self.failures += 1
            with self._done:
                self.passes += 1
                self._done.notify_all()

    def wait_passes(self, count: int, timeout: float) -> bool:
        """Block until ``count`` ticks have ended (tests); False on timeout."""
        with self._done:
            return self._done.wait_for(lambda: self.passes >= count, timeout)


__all__ = ["MonitorLoop"]
