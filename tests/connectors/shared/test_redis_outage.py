"""Redis not answering fails closed (docs/decisions/0014): that source's request is not sent,
the search is reported with the Redis named as the reason, and the next request asks Redis
again. The password goes to the configured Redis and appears in no message."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from skiptrace.config import Config, LimitsConfig
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.redislink import SharedLimitsDown, redis_link

from ..conftest import person
from ..stub import StubServer
from .support import dead_port

QUERY = DebtorQuery.from_debtor(person())
SOURCE = "vehicle_registry"  # one request a search: asked by CIN only


def sharing(config: Config, limits: LimitsConfig) -> Config:
    """``config`` with ``[limits]`` set, as parse_config would give it."""
    sources = {name: replace(cfg, limits=limits) for name, cfg in config.sources.items()}
    return replace(config, sources=sources, limits=limits)


def search(config: Config) -> Any:
    connector = build_connectors(config, HttpClient(concurrency=2))[SOURCE]
    return connector.search(QUERY)


def test_a_redis_down_from_the_start_sends_nothing(stub: StubServer,
                                                   stub_config: Callable[..., Config]) -> None:
    port = dead_port()
    limits = LimitsConfig(redis=f"redis://127.0.0.1:{port}/0", prefix=f"t{uuid.uuid4().hex[:8]}")
    started = time.monotonic()
    result = search(sharing(stub_config(**{SOURCE: {"max_searches": 1}}), limits))
    assert result.status == "failed"
    assert (f"the shared limits' Redis at redis://127.0.0.1:{port}/0 did not answer "
            "(ConnectionError); request not sent") in result.reason
    assert stub.state.of(SOURCE) == [] and result.requests == 0
    assert time.monotonic() - started < 2.0  # refused on loopback: no retries with back-off


@pytest.fixture
def lose_redis(limits: LimitsConfig) -> Iterator[Callable[[bool], None]]:
    """``lose_redis(True)``: this process's link to the limits' Redis now reaches a port where
    nothing listens (its pooled sockets dropped), as when Redis dies mid-run; False: back."""
    pool = redis_link(limits).client.connection_pool
    port = pool.connection_kwargs["port"]

    def lose(lost: bool) -> None:
        pool.connection_kwargs["port"] = dead_port() if lost else port
        pool.disconnect()
        pool.reset()  # the pooled connections keep their port: new ones take the new one

    yield lose
    lose(False)


def test_redis_lost_mid_run_fails_that_request_closed_then_recovers(
        stub: StubServer, stub_config: Callable[..., Config], limits: LimitsConfig,
        lose_redis: Callable[[bool], None]) -> None:
    config = sharing(stub_config(**{SOURCE: {"max_searches": 1}}), limits)
    assert search(config).status == "ok"
    lose_redis(True)
    lost = search(config)
    assert lost.status == "failed" and "did not answer (ConnectionError); request not sent" in (
        lost.reason)
    assert len(stub.state.of(SOURCE)) == 1  # nothing went out while the limit was unknown
    lose_redis(False)
    assert search(config).status == "ok"
    assert len(stub.state.of(SOURCE)) == 2


def test_the_password_goes_to_the_configured_redis(limits: LimitsConfig, raw_redis: Any) -> None:
    user, password = f"{limits.prefix}-user", uuid.uuid4().hex
    raw_redis.acl_setuser(user, enabled=True, passwords=[f"+{password}"],
                          keys=[f"{limits.prefix}:*"], commands=["+@all"])
    try:
        url = limits.redis.replace("redis://", f"redis://{user}@", 1)
        good = replace(limits, redis=url, password=password)
        bucket_key = redis_link(good).key("bucket", "geocoder")
        with redis_link(good).guard("geocoder"):
            redis_link(good).client.hset(bucket_key, "tat1", 1)
        assert raw_redis.hget(bucket_key, "tat1") == "1"
        wrong = replace(limits, redis=url, password="not-" + password)
        with pytest.raises(SharedLimitsDown, match="AuthenticationError") as caught:
            redis_link(wrong).now("geocoder")
        assert password not in str(caught.value) and user not in str(caught.value)
    finally:
        raw_redis.acl_deluser(user)
