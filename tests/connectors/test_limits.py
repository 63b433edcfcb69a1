"""Circuit breaker and token bucket on a fake clock: exact, instant, no sleeps."""

from __future__ import annotations

import pytest

from skiptrace.connectors.breaker import CircuitBreaker
from skiptrace.connectors.http import parse_retry_after
from skiptrace.connectors.ratelimit import TokenBucket
from skiptrace.errors import SourceError, SourceUnavailable

from .conftest import FakeClock


def test_breaker_states_closed_open_half_open_closed():
    clock = FakeClock()
    breaker = CircuitBreaker("land_registry", failures=3, cooldown=0.5, clock=clock)
    for _ in range(2):
        breaker.before_call()
        breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.state == "open"
    with pytest.raises(SourceUnavailable, match="circuit open after 3 consecutive failures"):
        breaker.before_call()
    clock.now += 0.5
    assert breaker.state == "half-open"
    breaker.before_call()  # the one trial call
    with pytest.raises(SourceUnavailable):
        breaker.before_call()  # others still fail fast while the trial runs
    breaker.record_success()
    assert breaker.state == "closed"
    breaker.before_call()


def test_breaker_success_resets_the_count_and_failed_trial_reopens():
    clock = FakeClock()
    breaker = CircuitBreaker("geocoder", failures=2, cooldown=1.0, clock=clock)
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.state == "open" and breaker.opened_count == 1
    clock.now += 1.0
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state == "open" and breaker.opened_count == 2
    clock.now += 0.9
    assert breaker.state == "open"


def test_token_bucket_spaces_requests_at_the_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=4.0, burst=2, clock=clock, sleep=clock.sleep)
    waits = [bucket.acquire() for _ in range(5)]
    assert waits[:2] == [0.0, 0.0]
    assert waits[2:] == pytest.approx([0.25, 0.25, 0.25])
    clock.now += 10
    assert bucket.acquire() == 0.0 and bucket.acquire() == 0.0


def test_token_bucket_refuses_a_wait_past_the_deadline():
    clock = FakeClock()
    bucket = TokenBucket(rate=1.0, clock=clock, sleep=clock.sleep)
    bucket.acquire()
    with pytest.raises(SourceError, match="past the time budget"):
        bucket.acquire(deadline=clock.now + 0.5)
    assert bucket.acquire(deadline=clock.now + 1.5) == pytest.approx(1.0)


def test_retry_after_parses_seconds_and_http_dates():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("0.25") == 0.25
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
