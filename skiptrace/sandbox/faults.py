"""Faults on demand: what a source does wrong, chosen by a counter, never by chance.

Modes and values as docs/sandbox-api.md "Faults" lists them. A fault set on ``*`` applies to
every source; a source's own setting for the same mode wins. Each (source, mode) has its own
request counter, so "30 % of requests fail" is exactly 3 in every 10, in the same places.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from skiptrace.model import SOURCE_NAMES

MODES: dict[str, float | None] = {
    "latency": 0.05, "status500": 1.0, "ratelimit": 1.0, "hang": 5.0, "truncate": 0.5,
    "malformed": None, "layout": None, "down": None,
}


@dataclass(frozen=True)
class Fault:
    source: str
    mode: str
    value: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "mode": self.mode, "value": self.value}


def make_fault(source: str, mode: str, value: float | str | None = None) -> Fault:
    """A validated fault; ``value`` defaults per mode. Raises ValueError on unknown names."""
    if source != "*" and source not in SOURCE_NAMES:
        raise ValueError(f"unknown source {source!r} (one of {', '.join(SOURCE_NAMES)} or *)")
    if mode not in MODES:
        raise ValueError(f"unknown fault mode {mode!r} (one of {', '.join(MODES)})")
    if value is None or value == "":
        value = MODES[mode]
    elif MODES[mode] is None:
        value = None
    else:
        value = float(value)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"fault value must be a non-negative number, not {value!r}")
    return Fault(source, mode, value)


def parse_fault(spec: str) -> Fault:
    """``SOURCE:MODE[=VALUE]`` as given to ``--fault``."""
    source, sep, rest = spec.partition(":")
    if not sep:
        raise ValueError(f"fault {spec!r} is not SOURCE:MODE[=VALUE]")
    mode, _, value = rest.partition("=")
    return make_fault(source.strip(), mode.strip(), value.strip() or None)


@dataclass
class Decision:
    """What to do to one answer."""

    latency: float = 0.0
    status500: bool = False
    retry_after: float | None = None
    hang: float = 0.0
    truncate: float | None = None
    malformed: bool = False
    layout: bool = False
    down: bool = False


class Faults:
    """The live fault table of a server, shared by its handler threads."""

    def __init__(self, faults: tuple[Fault, ...] | list[Fault] = ()) -> None:
        self._lock = threading.Lock()
        self._table: dict[tuple[str, str], Fault] = {}
        self._counts: dict[tuple[str, str], int] = {}
        for fault in faults:
            self.set(fault)

    def set(self, fault: Fault) -> None:
        with self._lock:
            self._table[(fault.source, fault.mode)] = fault
            self._counts[(fault.source, fault.mode)] = 0

    def clear(self) -> None:
        with self._lock:
            self._table.clear()
            self._counts.clear()

    def list(self) -> list[Fault]:
        with self._lock:
            return sorted(self._table.values(), key=lambda f: (f.source, f.mode))

    def _tick(self, source: str, mode: str) -> tuple[Fault, int] | None:
        fault = self._table.get((source, mode)) or self._table.get(("*", mode))
        if fault is None:
            return None
        key = (source, mode)
        n = self._counts.get(key, 0)
        self._counts[key] = n + 1
        return fault, n

    def decide(self, source: str) -> Decision:
        """Advance this source's counters and say what goes wrong with this request."""
        d = Decision()
        with self._lock:
            if hit := self._tick(source, "latency"):
                d.latency = hit[0].value or 0.0
            if hit := self._tick(source, "status500"):
                rate, n = min(1.0, hit[0].value or 0.0), hit[1]
                d.status500 = math.floor((n + 1) * rate) > math.floor(n * rate)
            if (hit := self._tick(source, "ratelimit")) and hit[1] % 2 == 0:
                d.retry_after = hit[0].value
            if hit := self._tick(source, "hang"):
                d.hang = hit[0].value or 0.0
            if hit := self._tick(source, "truncate"):
                d.truncate = hit[0].value
            d.malformed = self._tick(source, "malformed") is not None
            d.layout = self._tick(source, "layout") is not None
            d.down = self._tick(source, "down") is not None
        return d
