"""The circuit breaker every worker shares through Redis: a source one worker sees failing is
rested by all; one trial at a time across workers, leased so a dead worker frees it; TTLs."""

from __future__ import annotations

from typing import Any

import pytest

from skiptrace.config import LimitsConfig, SourceConfig
from skiptrace.connectors.breaker import CircuitBreaker
from skiptrace.connectors.redislink import RedisLink
from skiptrace.connectors.shared import source_breaker
from skiptrace.connectors.shared_breaker import SharedCircuitBreaker
from skiptrace.errors import SourceUnavailable

from ..conftest import FakeClock


def breaker(limits: LimitsConfig, clock: FakeClock, failures: int = 3, cooldown: float = 10.0,
            lease: float = 5.0) -> SharedCircuitBreaker:
    """The land registry's breaker as one more worker sees it (a link of its own)."""
    return SharedCircuitBreaker("land_registry", failures, cooldown, RedisLink(limits),
                                lease=lease, clock=clock)


def test_a_breaker_opened_by_one_worker_is_open_for_another(limits: LimitsConfig) -> None:
    clock = FakeClock()
    one, two = breaker(limits, clock), breaker(limits, clock)
    one.record_failure()
    two.record_failure()  # consecutive failures count whoever saw them
    assert two.state == "closed"
    one.before_call()
    one.record_failure()
    assert (one.state, two.state, one.opened_count, two.opened_count) == ("open", "open", 1, 0)
    with pytest.raises(SourceUnavailable, match=r"circuit open after 3 consecutive failures "
                                                r"\(next trial in 10.0s\)"):
        two.before_call()


def test_a_success_anywhere_resets_the_count(limits: LimitsConfig) -> None:
    clock = FakeClock()
    one, two = breaker(limits, clock), breaker(limits, clock)
    one.record_failure()
    one.record_failure()
    two.record_success()
    one.record_failure()
    assert one.state == "closed"


def test_after_the_cooldown_exactly_one_worker_gets_the_trial(limits: LimitsConfig) -> None:
    clock = FakeClock()
    one, two, three = (breaker(limits, clock) for _ in range(3))
    for _ in range(3):
        one.record_failure()
    clock.now += 10.0
    assert two.state == "half-open"
    two.before_call()  # the trial
    for other in (one, three):
        with pytest.raises(SourceUnavailable):
            other.before_call()
    two.record_success()
    assert three.state == "closed"
    three.before_call()
    one.before_call()


def test_a_failed_trial_opens_it_again_for_everyone(limits: LimitsConfig) -> None:
    clock = FakeClock()
    one, two = breaker(limits, clock), breaker(limits, clock)
    for _ in range(3):
        one.record_failure()
    clock.now += 10.0
    two.before_call()
    two.record_failure()
    assert one.state == "open" and two.opened_count == 1
    clock.now += 9.9
    with pytest.raises(SourceUnavailable, match=r"next trial in 0.1s"):
        one.before_call()


def test_a_trial_whose_worker_died_is_given_again_after_its_lease(limits: LimitsConfig) -> None:
    clock = FakeClock()
    dead, alive = breaker(limits, clock, lease=5.0), breaker(limits, clock, lease=5.0)
    for _ in range(3):
        alive.record_failure()
    clock.now += 10.0
    dead.before_call()  # took the trial, never says how it went
    clock.now += 4.9
    with pytest.raises(SourceUnavailable):
        alive.before_call()
    clock.now += 0.2
    alive.before_call()  # the lease ran out: a new trial


def test_its_redis_key_expires(limits: LimitsConfig, raw_redis: Any) -> None:
    clock = FakeClock()
    one = breaker(limits, clock, cooldown=10.0, lease=5.0)
    one.record_failure()
    key = f"{limits.prefix}:breaker:land_registry"
    assert 0 < raw_redis.pttl(key) <= 2 * (10.0 + 5.0) * 1000
    assert set(raw_redis.hkeys(key)) == {"failures"}
    one.record_success()
    assert raw_redis.exists(key) == 0


def test_the_config_chooses_the_shared_or_the_local_breaker(limits: LimitsConfig) -> None:
    local = SourceConfig(name="geocoder", breaker_failures=2)
    shared = SourceConfig(name="geocoder", breaker_failures=2, limits=limits)
    clock = FakeClock()
    assert isinstance(source_breaker(local, clock), CircuitBreaker)
    first, second = source_breaker(shared, clock), source_breaker(shared, clock)
    first.record_failure()
    second.record_failure()
    with pytest.raises(SourceUnavailable):
        first.before_call()
