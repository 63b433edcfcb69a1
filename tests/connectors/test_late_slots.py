"""Issue 21: what the source sees is when requests *go*, not the slots the bucket hands out.

Measured at the sandbox (benchmarks/scale_out.py --record-sends): every request had its own
slot and the slots kept to burst + rate × W, but threads woken late on a loaded machine sent
beside the next slots' requests (25 sent in 1 s against 22). A caller back more than the
bucket's tolerance after its slot gives the slot up, and the slots are spaced so that requests
sent up to that tolerance late still keep every window of a second or more. And a redirect
followed within the origin is a request at the source too: it takes a slot.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
import requests

from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.ratelimit import SEND_TOLERANCE, TokenBucket, spaced_rate
from skiptrace.sandbox.arrivals import most_in_window

from .conftest import FakeClock, person
from .test_credentials import config_at, registry


class LateClock(FakeClock):
    """A fake clock whose sleeps overrun by the next of ``lateness`` (a loaded machine)."""

    def __init__(self, lateness: list[float]) -> None:
        super().__init__()
        self.lateness = lateness

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds + (self.lateness.pop(0) if self.lateness else 0.0)


def test_a_caller_back_too_late_for_its_slot_takes_the_next_free_one():
    clock = LateClock([0.08])  # the first sleep overruns by 80 ms, past the 50 ms tolerance
    bucket = TokenBucket(rate=10.0, burst=1, clock=clock, sleep=clock.sleep, tolerance=0.05)
    interval = 1 / spaced_rate(10.0, 0.05)
    assert bucket.acquire() == 0.0  # the burst
    start = clock.now
    bucket.acquire()
    # slept for the slot at +1 interval, came back at +1 interval + 80 ms: that slot is given
    # up and the next free one (+2 intervals) taken, so the request goes on time for it
    assert clock.slept == pytest.approx([interval, 2 * interval - (interval + 0.08)], abs=1e-3)
    assert clock.now - start == pytest.approx(2 * interval, abs=1e-3)
    assert bucket.late_slots == 1


def test_a_caller_back_within_the_tolerance_keeps_its_slot():
    clock = LateClock([0.03])
    bucket = TokenBucket(rate=10.0, burst=1, clock=clock, sleep=clock.sleep, tolerance=0.05)
    bucket.acquire()
    bucket.acquire()
    assert len(clock.slept) == 1 and bucket.late_slots == 0


def test_without_a_tolerance_a_late_caller_sends_on_its_old_slot():
    """The bare bucket, as before issue 21: what the sandbox measured."""
    clock = LateClock([0.3])
    bucket = TokenBucket(rate=10.0, burst=1, clock=clock, sleep=clock.sleep)
    bucket.acquire()
    bucket.acquire()
    assert len(clock.slept) == 1 and bucket.late_slots == 0


def _sends(rate: float, burst: int, tolerance: float, lateness: list[float]) -> list[float]:
    """Many callers queue for slots at one instant (threads, or workers on one store); each
    sends its slot's lateness after it."""
    clock = FakeClock()
    bucket = TokenBucket(rate=rate, burst=burst, clock=clock, sleep=clock.sleep,
                         tolerance=tolerance)
    return sorted(clock.now + bucket.reserve() + late for late in lateness)


@pytest.mark.parametrize(("rate", "burst"), [(20.0, 2), (10.0, 1), (50.0, 10), (1.0, 1)])
def test_sends_up_to_the_tolerance_late_keep_every_window_of_a_second_or_more(rate, burst):
    n = int(rate * 12) + burst
    rng = random.Random(21)
    adversarial = [SEND_TOLERANCE if i < n // 2 else 0.0 for i in range(n)]  # late, then on time
    for lateness in (adversarial, [rng.uniform(0, SEND_TOLERANCE) for _ in range(n)]):
        sends = _sends(rate, burst, SEND_TOLERANCE, lateness)
        for width in (1.0, 1.25, 1.5, 2.0, 3.0, 5.0):
            assert most_in_window(sends, width) <= burst + rate * width, (lateness is adversarial,
                                                                          width)


def test_the_bare_bucket_sent_late_exceeds_a_window():
    """The failure giving a late slot up is for: slots at exactly the rate, the first half sent
    290 ms late (lateness the benchmark saw at its 99th percentile), join the next slots'
    requests: 26 in a second against 22, as at the sandbox."""
    n = 20 * 12 + 2
    sends = _sends(20.0, 2, 0.0, [0.29 if i < n // 2 else 0.0 for i in range(n)])
    assert most_in_window(sends, 1.0) == 26 > 2 + 20


def test_a_redirect_followed_within_the_origin_waits_for_a_slot_and_is_counted():
    clock = FakeClock()
    with registry() as site:
        site.redirect_all = f"{site.url}/landed"  # same origin: followed
        config = config_at(site.url)
        land_cfg = replace(config.sources["land_registry"], rate_limit=2.0, burst=1)
        config = replace(config, sources={**config.sources, "land_registry": land_cfg})
        http = HttpClient(session=requests.Session(), clock=clock, sleep=clock.sleep)
        land = build_connectors(config, http)["land_registry"]
        result = land.search(DebtorQuery.from_debtor(person()))
    assert result.status == "ok", result.reason
    landed = [path for path, _ in site.seen if path.startswith("/landed/")]
    assert len(site.seen) == 2 * len(landed) == result.requests  # each request, its redirect
    # every request after the first, the redirects included, waited one interval for its slot
    assert clock.slept == pytest.approx([1 / spaced_rate(2.0, SEND_TOLERANCE)]
                                        * (len(site.seen) - 1), abs=1e-3)
