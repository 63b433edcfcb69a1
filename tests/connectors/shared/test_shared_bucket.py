"""The token bucket every worker shares through Redis: pyrate-limiter's GCRA in its
RedisStateStore, our reservation, deadline refusal and key expiry on top."""

from __future__ import annotations

from typing import Any

import pytest
from pyrate_limiter import RedisStateStore

from skiptrace.config import LimitsConfig, SourceConfig
from skiptrace.connectors.ratelimit import TokenBucket
from skiptrace.connectors.redislink import RedisLink
from skiptrace.connectors.shared import GuardedStore, source_bucket
from skiptrace.errors import SourceError

from ..conftest import FakeClock


def shared_bucket(limits: LimitsConfig, clock: FakeClock, rate: float, burst: int = 1,
                  source: str = "land_registry", horizon: float | None = None) -> TokenBucket:
    """A bucket on its own link (as another process's), counting in the fake clock."""
    link = RedisLink(limits)
    store = GuardedStore(RedisStateStore(link.client, link.key("bucket", source),
                                         ttl_ms=60_000), link, source)
    return TokenBucket(rate, burst, clock, clock.sleep, store=store, store_clock=clock,
                       horizon=horizon)


def test_two_processes_buckets_on_one_source_share_its_rate(limits: LimitsConfig) -> None:
    clock = FakeClock()
    one, two = shared_bucket(limits, clock, 10.0), shared_bucket(limits, clock, 10.0)
    waits = [bucket.reserve() for bucket in (one, two, one, two)]
    assert waits == pytest.approx([0.0, 0.1, 0.2, 0.3])  # one slot every 1/10 s, whoever asks


def test_the_burst_is_shared_too(limits: LimitsConfig) -> None:
    clock = FakeClock()
    one, two = shared_bucket(limits, clock, 4.0, 2), shared_bucket(limits, clock, 4.0, 2)
    assert [one.reserve(), two.reserve(), one.reserve()] == pytest.approx([0.0, 0.0, 0.25])


def test_each_source_has_its_own_key(limits: LimitsConfig) -> None:
    clock = FakeClock()
    land = shared_bucket(limits, clock, 1.0, source="land_registry")
    vehicle = shared_bucket(limits, clock, 1.0, source="vehicle_registry")
    assert [land.reserve(), vehicle.reserve(), land.reserve()] == pytest.approx([0.0, 0.0, 1.0])


def test_a_slot_past_the_deadline_is_refused_and_takes_nothing(limits: LimitsConfig) -> None:
    clock = FakeClock()
    one, two = shared_bucket(limits, clock, 2.0), shared_bucket(limits, clock, 2.0)
    assert one.reserve() == 0.0
    with pytest.raises(SourceError, match="past the time budget"):
        two.reserve(deadline=clock.now + 0.2)  # the next slot is 0.5 s away
    assert one.reserve() == pytest.approx(0.5)  # the refusal took no slot


def test_a_reservation_goes_no_further_than_the_horizon(limits: LimitsConfig) -> None:
    clock = FakeClock()
    bucket = shared_bucket(limits, clock, 1.0, horizon=2.5)
    assert [bucket.reserve() for _ in range(3)] == pytest.approx([0.0, 1.0, 2.0])
    with pytest.raises(SourceError, match="past the time budget"):
        bucket.reserve()  # 3 s ahead: past the horizon, though no deadline was given


def test_a_sources_bucket_is_shared_when_the_config_names_a_redis(
        limits: LimitsConfig, raw_redis: Any) -> None:
    cfg = SourceConfig(name="geocoder", rate_limit=5.0, burst=1, timeout=4.0, limits=limits)
    clock = FakeClock()  # deadlines only: the shared bucket counts in the Redis server's time
    first, second = source_bucket(cfg, clock, clock.sleep), source_bucket(cfg, clock, clock.sleep)
    waits = [first.reserve(), second.reserve(), first.reserve()]
    assert waits[0] == pytest.approx(0.0, abs=0.05)
    assert waits[1] == pytest.approx(0.2, abs=0.05) and waits[2] == pytest.approx(0.4, abs=0.05)
    key = f"{limits.prefix}:bucket:geocoder"
    ttl_ms = raw_redis.pttl(key)
    assert 0 < ttl_ms <= (4.0 + 2 * 1 / 5.0) * 1000 + 1000  # the horizon and two intervals: expires
    assert set(raw_redis.hkeys(key)) == {"tat1"}  # a few numbers, nothing about anyone


def test_without_a_redis_the_bucket_is_this_process_s() -> None:
    cfg = SourceConfig(name="geocoder", rate_limit=5.0, burst=1)
    clock = FakeClock()
    first, second = source_bucket(cfg, clock, clock.sleep), source_bucket(cfg, clock, clock.sleep)
    assert [first.reserve(), second.reserve()] == [0.0, 0.0]  # two processes, two buckets
