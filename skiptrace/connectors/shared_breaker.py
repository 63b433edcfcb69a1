"""A source's circuit breaker shared by every worker through Redis: a source one worker sees
failing is rested by all.

The same states and rules as this process's breaker (connectors/breaker.py): N consecutive
failed requests open it; open, every call fails at once; after the cool-down one trial goes
through (half-open) and its success closes it, its failure opens it again. The state is one
Redis hash per source, ``PREFIX:breaker:SOURCE`` (``failures``, ``opened_at`` and
``trial_until`` in ms of the server's clock, ``opened``: times it opened), and every change is
one short Lua script (redis-py's ``register_script``), so two workers never both take the
trial nor lose a failure. The trial is a lease of ``lease`` seconds (the source's time
budget): a worker killed during its trial does not hold the breaker half-open for ever. The
hash expires ``2 × (cool-down + lease)`` after its last change: nothing lingers, and
failures count as consecutive within that time.

Redis not answering: ``before_call`` raises SharedLimitsDown (the request is not sent: fail
closed, docs/decisions/0014); a success or failure that cannot be recorded is logged and
dropped, since the answer it came with is already in hand.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from ..errors import SourceUnavailable
from .redislink import RedisLink, SharedLimitsDown

log = logging.getLogger(__name__)

# ARGV: now_ms, cooldown_ms, lease_ms, ttl_ms. Returns {0} closed, {1} this call is the trial,
# {2, ms_left, failures} open.
_BEFORE = """
local opened = tonumber(redis.call('HGET', KEYS[1], 'opened_at'))
if not opened then return {0} end
local now = tonumber(ARGV[1])
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
if now - opened >= tonumber(ARGV[2]) then
  local trial = tonumber(redis.call('HGET', KEYS[1], 'trial_until') or '0')
  if trial <= now then
    redis.call('HSET', KEYS[1], 'trial_until', now + tonumber(ARGV[3]))
    redis.call('PEXPIRE', KEYS[1], ARGV[4])
    return {1}
  end
end
return {2, math.max(0, opened + tonumber(ARGV[2]) - now), failures}
"""

# ARGV: now_ms, threshold, ttl_ms. Returns 1 when this failure opened the breaker.
_FAILURE = """
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local opened = redis.call('HGET', KEYS[1], 'opened_at')
local trial = tonumber(redis.call('HGET', KEYS[1], 'trial_until') or '0')
local result = 0
if trial > 0 or (not opened and failures >= tonumber(ARGV[2])) then
  redis.call('HSET', KEYS[1], 'opened_at', ARGV[1], 'trial_until', 0)
  redis.call('HINCRBY', KEYS[1], 'opened', 1)
  result = 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return result
"""


class SharedCircuitBreaker:
    """``name``'s breaker, its state in Redis. ``clock``: seconds every worker reads alike
    (the link's, the Redis server's, unless a test gives its own)."""

    def __init__(self, name: str, failures: int, cooldown: float, link: RedisLink,
                 lease: float, clock: Callable[[], float] | None = None) -> None:
        self.name = name
        self.threshold = max(1, failures)
        self._cooldown_ms = math.ceil(cooldown * 1000)
        self._lease_ms = math.ceil(max(lease, 0.001) * 1000)
        self._ttl_ms = 2 * (self._cooldown_ms + self._lease_ms)
        self._link = link
        self._key = link.key("breaker", name)
        self._clock = clock or link.clock
        self._before = link.client.register_script(_BEFORE)
        self._failure = link.client.register_script(_FAILURE)
        self.opened_count = 0  # times this process's failures opened it: reported by benchmarks

    def _now_ms(self) -> int:
        with self._link.guard(self.name):
            return math.floor(self._clock() * 1000)

    @property
    def state(self) -> str:
        now = self._now_ms()
        with self._link.guard(self.name):
            opened = self._link.client.hget(self._key, "opened_at")
        if opened is None:
            return "closed"
        if now - int(opened) < self._cooldown_ms:
            return "open"
        return "half-open"

    def before_call(self) -> None:
        """Raise SourceUnavailable unless a call may go out now (SharedLimitsDown if Redis
        does not answer)."""
        now = self._now_ms()
        with self._link.guard(self.name):
            verdict = self._before(keys=[self._key], args=[
                now, self._cooldown_ms, self._lease_ms, self._ttl_ms])
        if int(verdict[0]) < 2:
            return
        left, failures = int(verdict[1]) / 1000, int(verdict[2])
        raise SourceUnavailable(
            f"{self.name}: circuit open after {failures} consecutive failures "
            f"(next trial in {left:.1f}s)")

    def record_success(self) -> None:
        try:
            with self._link.guard(self.name, "success not recorded"):
                self._link.client.delete(self._key)
        except SharedLimitsDown as exc:
            log.warning("%s", exc)

    def record_failure(self) -> None:
        try:
            with self._link.guard(self.name, "failure not recorded"):
                now = math.floor(self._clock() * 1000)
                opened = self._failure(keys=[self._key], args=[now, self.threshold, self._ttl_ms])
        except SharedLimitsDown as exc:
            log.warning("%s", exc)
            return
        if int(opened):
            self.opened_count += 1


__all__ = ["SharedCircuitBreaker"]
