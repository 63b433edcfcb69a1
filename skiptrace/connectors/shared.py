"""Each source's token bucket and circuit breaker: in this process, or shared by every worker
through Redis when the config's ``[limits] redis`` (or $SKIPTRACE_REDIS_URL) names one.

Shared, N processes on any number of machines together never exceed a source's configured
rate: the bucket is pyrate-limiter's GCRA in its ``RedisStateStore`` (one Lua script a
decision, docs/decisions/0014), keyed ``PREFIX:bucket:SOURCE``, counted in the Redis server's
clock; the breaker's state is shared too (connectors/shared_breaker.py). A worker needs no
wiring: its SourceConfig carries the ``[limits]`` it was loaded with. Without a Redis, the
bucket and breaker are this process's, as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from pyrate_limiter import RedisStateStore, StateStore

from ..config import Config, SourceConfig
from .breaker import Breaker, CircuitBreaker
from .ratelimit import SEND_TOLERANCE, TokenBucket
from .redislink import RedisLink, redis_link
from .shared_breaker import SharedCircuitBreaker


class GuardedStore(StateStore):
    """A shared store whose Redis failures become SharedLimitsDown (the request not sent)."""

    is_async = False

    def __init__(self, store: StateStore, link: RedisLink, what: str) -> None:
        self._store, self._link, self._what = store, link, what

    def check(self, algorithm: Any, rates: Any, now: int, weight: int) -> Any:
        with self._link.guard(self._what):
            return self._store.check(algorithm, rates, now, weight)

    def read(self, algorithm: Any, rates: Any) -> Any:
        with self._link.guard(self._what):
            return self._store.read(algorithm, rates)

    def reset(self) -> None:
        with self._link.guard(self._what, "not reset"):
            self._store.reset()


def is_shared(config: Config | SourceConfig) -> bool:
    """Whether the limits of this config live in Redis, shared by every worker."""
    return bool(config.limits.redis)


def source_bucket(cfg: SourceConfig, clock: Callable[[], float],
                  sleep: Callable[[float], None]) -> TokenBucket:
    """``cfg``'s bucket: deadlines in ``clock``, waits slept with ``sleep``. Shared, a slot is
    reserved at most the source's time budget ahead, and the key expires once that and two
    bursts' worth of intervals have passed with no request. Either way a request goes at most
    SEND_TOLERANCE after its slot, or takes a new one (ratelimit.py, docs/decisions/0021)."""
    if not is_shared(cfg):
        return TokenBucket(cfg.rate_limit, cfg.burst, clock, sleep, tolerance=SEND_TOLERANCE)
    link = redis_link(cfg.limits)
    horizon = cfg.timeout
    ttl_ms = math.ceil((horizon + 2 * max(1, cfg.burst) / cfg.rate_limit) * 1000) + 1000
    store = GuardedStore(RedisStateStore(link.client, link.key("bucket", cfg.name), ttl_ms=ttl_ms),
                         link, cfg.name)
    return TokenBucket(cfg.rate_limit, cfg.burst, clock, sleep, store=store,
                       store_clock=partial(link.now, cfg.name), horizon=horizon,
                       tolerance=SEND_TOLERANCE)


def source_breaker(cfg: SourceConfig, clock: Callable[[], float]) -> Breaker:
    """``cfg``'s circuit breaker: this process's on ``clock``, or the shared one on the Redis
    server's clock, its trial leased for the source's time budget."""
    if not is_shared(cfg):
        return CircuitBreaker(cfg.name, cfg.breaker_failures, cfg.breaker_cooldown, clock)
    return SharedCircuitBreaker(cfg.name, cfg.breaker_failures, cfg.breaker_cooldown,
                                redis_link(cfg.limits), lease=cfg.timeout)


__all__ = ["GuardedStore", "is_shared", "source_breaker", "source_bucket"]
