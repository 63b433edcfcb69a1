"""Per-key rate limits: a token bucket per API key, in this process's memory.

Each key has ``burst`` tokens, refilled at ``rate`` per second; a request takes one or is
refused (429, with ``Retry-After``: the seconds until a token is back). In memory because a
service runs as one process per store (docs/decisions/0007); several processes behind one proxy
would each allow the rate, so limit at the proxy then (docs/deploy.md).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class TokenBuckets:
    def __init__(self, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # key id -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key_id: int) -> float:
        """0 when a token was taken; else the seconds to wait for one."""
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.get(key_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key_id] = (tokens, now)
        return (1.0 - tokens) / self.rate if self.rate > 0 else math.inf


__all__ = ["TokenBuckets"]
