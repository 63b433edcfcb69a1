"""The Redis server's clock as every worker reads it: the reading with the shortest round trip,
carried forward by the monotonic clock, read again after ``resync``, kept when Redis fails."""

from __future__ import annotations

import pytest

from skiptrace.connectors.redislink import RedisClock


class Timeline:
    """A monotonic clock and a Redis whose TIME answers take the round trips given."""

    def __init__(self, trips: list[float], server_offset: float = 1_000_000.0) -> None:
        self.now = 50.0
        self.trips = list(trips)
        self.offset = server_offset
        self.down = False
        self.calls = 0

    def monotonic(self) -> float:
        return self.now

    def time(self) -> tuple[int, int]:
        """The question takes 1 ms to reach the server; the rest of the round trip is the
        answer's way back (a process descheduled before it reads the answer)."""
        self.calls += 1
        if self.down:
            raise ConnectionError("gone")
        trip = self.trips.pop(0) if self.trips else 0.002
        self.now += 0.001
        server = self.now + self.offset
        self.now += trip - 0.001
        return int(server), round((server % 1) * 1_000_000)


def test_the_shortest_of_three_round_trips_sets_the_time() -> None:
    line = Timeline([0.400, 0.002, 0.100])  # the first reading was descheduled for 0.4 s
    clock = RedisClock(line, monotonic=line.monotonic)
    # the middle of a 2 ms round trip is right; of the 0.4 s one, 0.199 s off
    assert clock() == pytest.approx(line.now + line.offset, abs=1e-5)
    assert line.calls == 3
    line.now += 2.5
    assert clock() == pytest.approx(line.now + line.offset, abs=1e-5)  # carried forward
    assert line.calls == 3


def test_it_is_read_again_after_resync_and_kept_when_redis_fails() -> None:
    line = Timeline([0.002] * 3)
    clock = RedisClock(line, resync=60.0, monotonic=line.monotonic)
    first = clock()
    line.now += 61.0
    line.down = True
    assert clock() == pytest.approx(first + 61.0, abs=1e-5)  # the last reading kept
    line.down = False
    line.offset += 0.250  # the server's clock stepped
    line.now += 61.0
    assert clock() == pytest.approx(line.now + line.offset, abs=1e-5)


def test_no_reading_at_all_is_an_error() -> None:
    line = Timeline([])
    line.down = True
    with pytest.raises(ConnectionError):
        RedisClock(line, monotonic=line.monotonic)()
