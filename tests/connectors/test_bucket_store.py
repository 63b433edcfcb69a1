"""The token buckets on pyrate-limiter's stores (decision 0014): reservations in order under
threads, one limit shared by two buckets on one store (as workers on Redis will), the rate
never exceeded by rounding, and the service's per-key buckets refusing without taking."""

from __future__ import annotations

import threading

import pytest
from pyrate_limiter import InMemoryStateStore

from skiptrace.connectors.ratelimit import TokenBucket, bucket_rate
from skiptrace.errors import SourceError
from skiptrace.service.ratelimit import TokenBuckets

from .conftest import FakeClock


def test_threads_reserve_distinct_slots_in_order():
    clock = FakeClock()  # frozen: every thread asks at the same instant
    bucket = TokenBucket(rate=4.0, burst=1, clock=clock, sleep=clock.sleep)
    waits: list[float] = []
    lock, start = threading.Lock(), threading.Barrier(8)

    def one() -> None:
        start.wait()
        wait = bucket.reserve()
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(waits) == pytest.approx([i * 0.25 for i in range(8)])


def test_two_buckets_on_one_store_share_the_rate():
    clock, store = FakeClock(), InMemoryStateStore()
    first = TokenBucket(rate=10.0, burst=1, clock=clock, sleep=clock.sleep, store=store)
    second = TokenBucket(rate=10.0, burst=1, clock=clock, sleep=clock.sleep, store=store)
    waits = [bucket.reserve() for bucket in (first, second, first, second)]
    assert waits == pytest.approx([0.0, 0.1, 0.2, 0.3])
    alone = TokenBucket(rate=10.0, burst=1, clock=clock, sleep=clock.sleep)
    assert alone.reserve() == 0.0  # a bucket of its own store is not held by the others


def test_a_refused_wait_takes_no_slot():
    clock = FakeClock()
    bucket = TokenBucket(rate=2.0, burst=1, clock=clock, sleep=clock.sleep)
    assert bucket.reserve() == 0.0
    for _ in range(3):
        with pytest.raises(SourceError, match="next slot in 0.50s is past the time budget"):
            bucket.reserve(deadline=clock.now + 0.4)
    assert bucket.reserve(deadline=clock.now + 0.5) == pytest.approx(0.5)


@pytest.mark.parametrize("rate", [3.0, 7.0, 0.3, 10.0, 999.0, 1000.0])
def test_the_rate_is_never_exceeded_by_rounding(rate):
    """Waits are whole milliseconds rounded up: never faster than asked, at most 1 ms slower
    a request (999/s runs at 500/s; sources ask for 10/s or less)."""
    clock = FakeClock()
    bucket = TokenBucket(rate=rate, burst=1, clock=clock, sleep=clock.sleep)
    start = clock.now
    for _ in range(50):
        bucket.acquire()
    elapsed = clock.now - start  # 50 requests, 49 intervals
    assert 49 / rate <= elapsed <= 49 * (1 / rate + 0.001) + 1e-9


def test_rate_must_be_positive():
    with pytest.raises(ValueError, match="rate must be > 0"):
        bucket_rate(0.0, 1)


def test_service_keys_are_refused_without_taking_and_apart():
    clock = FakeClock()
    buckets = TokenBuckets(rate=1.0, burst=2, clock=clock)
    assert buckets.take(1) == 0.0 and buckets.take(1) == 0.0
    assert buckets.take(1) == pytest.approx(1.0)
    assert buckets.take(2) == 0.0  # another key has its own bucket
    clock.now += 0.5
    assert buckets.take(1) == pytest.approx(0.5)  # the refusals took nothing
    clock.now += 0.5
    assert buckets.take(1) == 0.0 and buckets.take(1) > 0


def test_service_processes_on_one_store_per_key_share_each_keys_rate():
    clock, shared = FakeClock(), {1: InMemoryStateStore(), 2: InMemoryStateStore()}
    first = TokenBuckets(rate=1.0, burst=1, clock=clock, store_for=shared.__getitem__)
    second = TokenBuckets(rate=1.0, burst=1, clock=clock, store_for=shared.__getitem__)
    assert first.take(1) == 0.0
    assert second.take(1) == pytest.approx(1.0)  # the other process spent key 1's token
    assert second.take(2) == 0.0 and first.take(2) == pytest.approx(1.0)
