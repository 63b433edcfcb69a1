"""Fixtures for the limits shared through Redis: a real Redis (tests/services.py: skipped with
one line under plain `make test`, failing under CI when absent), each test on its own key
prefix so that xdist's workers never share a key, and the keys removed afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from skiptrace.config import LimitsConfig
from tests.services import service_url


@pytest.fixture
def redis_url() -> str:
    return service_url("SKIPTRACE_TEST_REDIS_URL", "Redis")


@pytest.fixture
def limits(redis_url: str) -> Iterator[LimitsConfig]:
    """``[limits]`` on the test Redis with a prefix of this test's own."""
    import redis

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield LimitsConfig(redis=redis_url, prefix=prefix)
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def raw_redis(redis_url: str) -> Iterator[Any]:
    """A plain client of the test Redis, to read what the limits wrote."""
    import redis

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()
