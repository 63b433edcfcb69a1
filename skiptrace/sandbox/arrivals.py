"""When each source's requests reached the sandbox, so a test, a benchmark or an operator can
check the rate a source saw against its configured limit (issue 21). Kept only when asked
(``SandboxServer(record_arrivals=True)``, ``skiptrace sandbox serve --record-arrivals``): times
only, never what was asked."""

from __future__ import annotations

import threading
import time


def most_in_window(arrivals: list[float], width: float) -> int:
    """The most of the sorted ``arrivals`` in any closed window of ``width`` seconds (a window
    holding the most always starts at an arrival)."""
    most, end = 0, 0
    for start, at in enumerate(arrivals):
        while end < len(arrivals) and arrivals[end] <= at + width:
            end += 1
        most = max(most, end - start)
    return most


class Arrivals:
    """Each source's arrival times (time.monotonic()), thread-safe."""

    def __init__(self) -> None:
        self._times: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self.started = time.monotonic()

    def note(self, source: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._times.setdefault(source, []).append(now)

    def of(self, source: str) -> list[float]:
        with self._lock:
            return sorted(self._times.get(source, ()))

    def report(self, window: float = 1.0) -> dict[str, dict[str, object]]:
        """Per source: requests, the most in any ``window`` seconds, the seconds from the first
        to the last, and every arrival in seconds since the sandbox started."""
        with self._lock:
            sources = sorted(self._times)
        out: dict[str, dict[str, object]] = {}
        for source in sources:
            times = self.of(source)
            out[source] = {"requests": len(times), "window": window,
                           "most_in_window": most_in_window(times, window),
                           "seconds": round(times[-1] - times[0], 6),
                           "times": [round(t - self.started, 6) for t in times]}
        return out


__all__ = ["Arrivals", "most_in_window"]
