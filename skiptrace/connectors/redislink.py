"""One process's link to the Redis that holds the limits every worker shares (issue 21).

The link owns what every shared limit needs: a client (redis-py's connection pool, shared by
the threads, re-made after a fork), the server's clock, the URL as messages may show it (no
user, no password) and one rule for Redis failing. The password comes from the config's
``[limits]`` (read from $SKIPTRACE_REDIS_PASSWORD) and goes to the configured host only: the
client is made from that URL and nothing else, and it follows no redirection.

**Redis not answering fails closed** (docs/decisions/0014): whatever the limit was asked for
raises SharedLimitsDown, a SourceError, so that source's request is not sent and the lookup is
partial with a reason naming the Redis; the next request asks Redis again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from ..config import LimitsConfig
from ..errors import ConfigError, SourceError

#: a Redis that does not answer within this costs a request that long, then fails it
SOCKET_TIMEOUT = 2.0
SYNC_READINGS = 3


class SharedLimitsDown(SourceError):
    """The shared limits' Redis did not answer: the request was not sent (fail closed)."""


def show_redis(url: str) -> str:
    """The Redis URL as logs and messages show it: scheme, host, port and database only."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    host = f"[{host}]" if ":" in host else host
    try:
        port = parts.port or 6379
    except ValueError:
        port = 6379
    return f"{parts.scheme}://{host}:{port}/{parts.path.strip('/') or '0'}"


class RedisClock:
    """Seconds on the Redis server's clock, so that every worker on every machine counts the
    shared buckets and breakers in one time, whatever its own clock says.

    The server's TIME is read (taken at the middle of the shortest of three round trips), then
    carried forward by this process's monotonic clock and read again every ``resync`` seconds;
    a failed re-read keeps the last one (the monotonic clock drifts by parts per million).
    """

    def __init__(self, client: Any, resync: float = 300.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._resync = resync
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._server_at: float | None = None
        self._synced_at = 0.0

    def __call__(self) -> float:
        now = self._monotonic()
        with self._lock:
            server_at = self._server_at
            if server_at is None or now - self._synced_at > self._resync:
                server_at = self._sync()
            return server_at + (self._monotonic() - self._synced_at)

    def _sync(self) -> float:
        """Three readings, the one with the shortest round trip kept: a reading the process
        was descheduled during would put this worker's time off by half that pause. Returns
        the server's time at ``_synced_at``; a failure keeps the last reading, if any."""
        best: tuple[float, float, float] | None = None  # round trip, server time, our time
        for _ in range(SYNC_READINGS):
            before = self._monotonic()
            try:
                seconds, micros = self._client.time()
            except Exception:
                if self._server_at is None:
                    raise
                return self._server_at
            after = self._monotonic()
            if best is None or after - before < best[0]:
                best = (after - before, seconds + micros / 1_000_000, (before + after) / 2)
        if best is None:
            raise ValueError(f"SYNC_READINGS must be at least 1, not {SYNC_READINGS}")
        _, server_at, self._synced_at = best
        self._server_at = server_at
        return server_at


class RedisLink:
    """The limits' Redis for one process: ``client``, ``clock``, ``key()`` and ``guard()``."""

    def __init__(self, limits: LimitsConfig, client: Any | None = None) -> None:
        redis = _redis_module()
        self.shown = show_redis(limits.redis)
        self.prefix = limits.prefix
        # one immediate retry (a pooled socket a restarted Redis closed), not redis-py's ten
        # with back-off: a request waiting on a lost Redis fails in seconds, not tens of them
        self.client = client if client is not None else redis.Redis.from_url(
            limits.redis, password=limits.password,
            socket_connect_timeout=SOCKET_TIMEOUT, socket_timeout=SOCKET_TIMEOUT,
            retry=redis.retry.Retry(redis.backoff.NoBackoff(), 1))
        self._errors: type[Exception] = redis.exceptions.RedisError
        self.clock = RedisClock(self.client)

    def key(self, *parts: str) -> str:
        """``PREFIX:part:part``: every key the limits write starts with the configured prefix."""
        return ":".join((self.prefix, *parts))

    def now(self, what: str) -> float:
        """The server's clock, Redis failing as SharedLimitsDown."""
        with self.guard(what):
            return self.clock()

    @contextmanager
    def guard(self, what: str, outcome: str = "request not sent") -> Iterator[None]:
        """Any Redis failure inside becomes SharedLimitsDown naming ``what``, the Redis and
        the ``outcome`` (never the password; the client's own message is not repeated)."""
        try:
            yield
        except self._errors as exc:
            raise SharedLimitsDown(
                f"{what}: the shared limits' Redis at {self.shown} did not answer "
                f"({type(exc).__name__}); {outcome}") from None


_LINKS: dict[tuple[str, str, str | None], RedisLink] = {}
_LINKS_LOCK = threading.Lock()


def redis_link(limits: LimitsConfig) -> RedisLink:
    """This process's link to ``limits.redis`` (one per URL, prefix and password)."""
    key = (limits.redis, limits.prefix, limits.password)
    with _LINKS_LOCK:
        link = _LINKS.get(key)
        if link is None:
            link = _LINKS[key] = RedisLink(limits)
        return link


def _redis_module() -> Any:
    try:
        import redis
    except ImportError:
        raise ConfigError("[limits] redis is set but the Redis client is not installed: "
                          "pip install 'skiptrace[scale]'") from None
    return redis


__all__ = ["RedisClock", "RedisLink", "SharedLimitsDown", "redis_link", "show_redis"]
