"""The service's per-key buckets in the config's Redis: several service processes share each
key's rate; a lost Redis refuses the call (503), never lets it through unlimited."""

from __future__ import annotations

import pytest

from skiptrace.config import LimitsConfig
from skiptrace.service.errors import ApiError
from skiptrace.service.ratelimit import TokenBuckets

from .support import dead_port


def test_two_service_processes_share_each_keys_tokens(limits: LimitsConfig) -> None:
    one = TokenBuckets(1.0, 2, limits=limits)
    two = TokenBuckets(1.0, 2, limits=limits)
    assert one.take(7) == 0.0 and two.take(7) == 0.0  # the burst of 2, taken in two processes
    wait = one.take(7)
    assert 0.9 <= wait <= 1.0  # the third waits for the refill, whichever process it reaches
    assert two.take(8) == 0.0  # another key, its own bucket


def test_a_lost_redis_refuses_the_call() -> None:
    port = dead_port()
    buckets = TokenBuckets(5.0, 20, limits=LimitsConfig(redis=f"redis://127.0.0.1:{port}/0"))
    with pytest.raises(ApiError) as caught:
        buckets.take(1)
    assert (caught.value.status, caught.value.code) == (503, "limits_unavailable")
    assert caught.value.headers == {"Retry-After": "1"}
    assert f"redis://127.0.0.1:{port}/0 did not answer" in caught.value.message
    assert caught.value.message.endswith("call refused")
