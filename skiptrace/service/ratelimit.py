"""Per-key rate limits: a token bucket per API key, in this process's memory or in Redis.

Each key has ``burst`` tokens, refilled at ``rate`` per second; a request takes one or is
refused (429, with ``Retry-After``: the seconds until a token is back). The buckets are
pyrate-limiter's, as the sources' are (skiptrace/connectors/ratelimit.py, docs/decisions/0014).
In memory when a service runs as one process per store (docs/decisions/0007); when the config's
``[limits] redis`` names a Redis, each key's bucket is there (``PREFIX:key:ID``), so several
service processes behind one proxy share each key's rate. That Redis not answering refuses the
call (503 ``limits_unavailable``) rather than letting it through unlimited: fail closed, as for
the sources.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial

from pyrate_limiter import InMemoryStateStore, RedisStateStore, StateStore

from skiptrace.config import LimitsConfig
from skiptrace.connectors.ratelimit import bucket_rate, check, millis
from skiptrace.connectors.redislink import SharedLimitsDown, redis_link
from skiptrace.connectors.shared import GuardedStore
from skiptrace.service.errors import ApiError

_WHAT = "API key rate limit"


class TokenBuckets:
    def __init__(self, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic,
                 store_for: Callable[[int], StateStore] | None = None,
                 limits: LimitsConfig | None = None) -> None:
        """``limits`` with a ``redis``: every key's bucket in that Redis, on its clock (unless
        ``store_for`` and ``clock`` are given)."""
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self._rates = [bucket_rate(rate, self.burst)]
        self._store_for = store_for or (lambda _key_id: InMemoryStateStore())
        if limits is not None and limits.redis and store_for is None:
            link = redis_link(limits)
            self._store_for = lambda key_id: GuardedStore(
                RedisStateStore(link.client, link.key("key", str(key_id))), link, _WHAT)
            self.clock = partial(link.now, _WHAT)
        self._stores: dict[int, StateStore] = {}  # key id -> its bucket's state
        self._lock = threading.Lock()

    def take(self, key_id: int) -> float:
        """0 when a token was taken; else the seconds to wait for one (none is taken)."""
        with self._lock:
            store = self._stores.get(key_id)
            if store is None:
                store = self._stores[key_id] = self._store_for(key_id)
        try:
            return check(store, self._rates, millis(self.clock())) / 1000
        except SharedLimitsDown as exc:
            raise ApiError(503, "limits_unavailable", str(exc).replace("request not sent",
                           "call refused"), headers={"Retry-After": "1"}) from None


__all__ = ["TokenBuckets"]
