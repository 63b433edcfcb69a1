"""Per-key rate limits: a token bucket per API key, in this process's memory.

Each key has ``burst`` tokens, refilled at ``rate`` per second; a request takes one or is
refused (429, with ``Retry-After``: the seconds until a token is back). The buckets are
pyrate-limiter's, as the sources' are (skiptrace/connectors/ratelimit.py, docs/decisions/0014).
In memory because a service runs as one process per store (docs/decisions/0007); several
processes behind one proxy would each allow the rate, so limit at the proxy then
(docs/deploy.md), or give ``store_for`` a shared store (pyrate-limiter's RedisStateStore).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from pyrate_limiter import InMemoryStateStore, StateStore

from skiptrace.connectors.ratelimit import bucket_rate, check, millis


class TokenBuckets:
    def __init__(self, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic,
                 store_for: Callable[[int], StateStore] | None = None) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self._rates = [bucket_rate(rate, self.burst)]
        self._store_for = store_for or (lambda _key_id: InMemoryStateStore())
        self._stores: dict[int, StateStore] = {}  # key id -> its bucket's state
        self._lock = threading.Lock()

    def take(self, key_id: int) -> float:
        """0 when a token was taken; else the seconds to wait for one (none is taken)."""
        with self._lock:
            store = self._stores.get(key_id)
            if store is None:
                store = self._stores[key_id] = self._store_for(key_id)
        return check(store, self._rates, millis(self.clock())) / 1000


__all__ = ["TokenBuckets"]
