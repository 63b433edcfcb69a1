"""Every API source under every fault mode: partial or failed with the reason, in time, no raise."""

from __future__ import annotations

import time

import pytest

from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.ratelimit import SEND_TOLERANCE, spaced_rate

from .conftest import FakeClock, person, wait_for

SOURCES = ("land_registry", "vehicle_registry", "geocoder")
QUERY = DebtorQuery.from_debtor(person())


def _search(stub_config, http, source, **settings):
    # one search per debtor: these tests count the requests of one search under faults
    settings = {"max_searches": 1, **settings}
    connector = build_connectors(stub_config(**{source: settings}), http)[source]
    started = time.monotonic()
    result = connector.search(QUERY)
    return result, time.monotonic() - started


@pytest.mark.parametrize("source", SOURCES)
def test_status500_fails_after_retries(stub, stub_config, http, source):
    stub.state.fault(source, "status500", 1.0)
    result, _ = _search(stub_config, http, source)
    assert result.status == "failed"
    assert "HTTP 500" in result.reason and "gave up after 3 attempts" in result.reason
    assert result.requests == 3 == len(stub.state.of(source))


@pytest.mark.parametrize("source", SOURCES)
def test_status500_on_some_requests_is_retried_to_success(stub, stub_config, http, source):
    stub.state.fault(source, "status500", 0.5)
    result, _ = _search(stub_config, http, source)
    assert result.status == "ok", result.reason
    assert result.records and result.requests == 2


@pytest.mark.parametrize("source", SOURCES)
def test_retry_after_is_honoured(stub, stub_config, http, source):
    stub.state.fault(source, "ratelimit", 0.3)
    result, _ = _search(stub_config, http, source)
    assert result.status == "ok", result.reason
    first, second = stub.state.of(source)[:2]
    assert second.at - first.at >= 0.3  # server-side arrival times, not our clock


@pytest.mark.parametrize("source", SOURCES)
def test_retry_after_past_the_budget_fails_at_once(stub, stub_config, http, source):
    stub.state.fault(source, "ratelimit", 30)
    result, elapsed = _search(stub_config, http, source, timeout=1.0)
    assert result.status == "failed" and "HTTP 429" in result.reason
    assert "budget" in result.reason and elapsed < 1.0
    assert len(stub.state.of(source)) == 1


@pytest.mark.parametrize("source", SOURCES)
def test_hang_fails_within_the_time_budget(stub, stub_config, http, source):
    stub.state.fault(source, "hang", 10)
    result, elapsed = _search(stub_config, http, source, timeout=0.6, read_timeout=0.25)
    assert result.status == "failed"
    assert "ReadTimeout" in result.reason or "budget" in result.reason
    assert elapsed < 0.6 + 0.75  # the budget, plus room for a loaded machine


@pytest.mark.parametrize("source", SOURCES)
def test_truncated_json_fails_with_reason(stub, stub_config, http, source):
    stub.state.fault(source, "truncate", 0.5)
    result, _ = _search(stub_config, http, source)
    assert result.status == "failed" and "invalid JSON" in result.reason
    assert result.records == []


@pytest.mark.parametrize("source", SOURCES)
def test_down_fails_with_connection_error(stub, stub_config, http, source):
    stub.state.fault(source, "down")
    result, elapsed = _search(stub_config, http, source)
    assert result.status == "failed" and "connection error" in result.reason
    assert elapsed < 2.0


@pytest.mark.parametrize(
    ("source", "env"), [("land_registry", "STUB_LAND"), ("vehicle_registry", "STUB_VEHICLE")]
)
def test_wrong_token_fails_unauthorized_without_retrying(stub, stub_config, http, source, env):
    result, _ = _search(stub_config, http, source, token_default="not-the-token")
    assert result.status == "failed" and "unauthorized" in result.reason
    assert result.requests == 1


@pytest.mark.parametrize("where", ["big", "bigstream"])  # declared length / streamed body
def test_oversized_answer_is_refused(stub, stub_config, http, where):
    result, _ = _search(
        stub_config, http, "land_registry", base_url=f"{stub.url}/{where}", max_response_bytes=10_000
    )
    assert result.status == "failed" and "exceeds cap of 10000 bytes" in result.reason
    assert ("200029 bytes" in result.reason) is (where == "big")


def test_breaker_opens_fails_fast_and_closes_after_cooldown(stub, stub_config, http):
    cfg = stub_config(land_registry={"breaker_failures": 3, "breaker_cooldown": 0.3})
    land = build_connectors(cfg, http)["land_registry"]
    stub.state.fault("land_registry", "down")
    first = land.search(QUERY)
    assert first.status == "failed" and land.client.breaker.state == "open"
    fast = land.search(QUERY)
    assert fast.status == "failed" and "circuit open" in fast.reason and fast.requests == 0
    # the breaker's 3, and one guess for each search of the plan asked ahead (connectors/
    # ahead.py: tried once, not held against the source, asked again in line: never reached)
    guesses = len([s for s in land.plan(QUERY) if s.within is None]) - 1
    assert guesses >= 1 and len(stub.state.of("land_registry")) == 3 + guesses
    stub.state.faults.clear()
    wait_for(lambda: land.client.breaker.state == "half-open", 2.0)
    healed = land.search(QUERY)
    assert healed.status == "ok" and land.client.breaker.state == "closed"


def test_breaker_half_open_trial_failure_reopens(stub, stub_config, http):
    cfg = stub_config(land_registry={"breaker_failures": 1, "breaker_cooldown": 0.2, "retries": 0})
    land = build_connectors(cfg, http)["land_registry"]
    stub.state.fault("land_registry", "status500", 1.0)
    assert land.search(QUERY).status == "failed" and land.client.breaker.state == "open"
    wait_for(lambda: land.client.breaker.state == "half-open", 2.0)
    assert land.search(QUERY).status == "failed"
    assert land.client.breaker.state == "open" and land.client.breaker.opened_count == 2


def test_rate_limit_is_per_source(stub, stub_config):
    clock = FakeClock()  # the buckets' waits are read off a fake clock: exact, no real sleeping
    http = HttpClient(clock=clock, sleep=clock.sleep)
    cfg = stub_config(
        land_registry={"rate_limit": 20.0, "burst": 1, "max_searches": 1},
        vehicle_registry={"rate_limit": 1000.0, "burst": 100},
    )
    built = build_connectors(cfg, http)
    for _ in range(4):
        assert built["land_registry"].search(QUERY).status == "ok"
    land_waits = list(clock.slept)
    for _ in range(4):
        assert built["vehicle_registry"].search(QUERY).status == "ok"
    # one interval between land requests: 1/20 s widened by the send tolerance (decision 0021)
    assert land_waits == pytest.approx([1 / spaced_rate(20.0, SEND_TOLERANCE)] * 3, abs=1e-3)
    assert clock.slept == land_waits  # the vehicle registry never waited on the land's limit
    assert len(stub.state.of("land_registry")) == 4 == len(stub.state.of("vehicle_registry"))
