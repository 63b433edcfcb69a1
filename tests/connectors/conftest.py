"""Fixtures for connector tests: a loopback stub of the sandbox API and configs pointing at it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from skiptrace.config import Config, parse_config
from skiptrace.connectors.http import HttpClient
from skiptrace.model import Debtor, Identifier

from .stub import LAND_TOKEN, VEHICLE_KEY, StubServer

FAST = {
    "timeout": 2.0, "connect_timeout": 0.5, "read_timeout": 1.0, "retries": 2, "backoff": 0.01,
    "backoff_max": 0.05, "breaker_failures": 3, "breaker_cooldown": 0.2, "rate_limit": 1000.0,
    "burst": 100,
}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)


def config_for(url: str, **sections: dict[str, Any]) -> Config:
    """A sandbox config whose API sources point at ``url`` with fast, small limits."""
    base = {
        "land_registry": {"base_url": f"{url}/land_registry", "token_env": "STUB_LAND",
                          "token_default": LAND_TOKEN},
        "vehicle_registry": {"base_url": f"{url}/vehicle_registry", "token_env": "STUB_VEHICLE",
                             "token_default": VEHICLE_KEY},
        "geocoder": {"base_url": f"{url}/geocoder"},
    }
    lines = ["[skiptrace]", "sandbox = true"]
    for name in {**base, **sections}:
        values = {"kind": "api", **FAST, **base.get(name, {}), **sections.get(name, {})}
        lines.append(f"[sources.{name}]")
        lines += [f"{key} = {_toml(val)}" for key, val in values.items()]
    return parse_config("\n".join(lines), env={})


class FakeClock:
    """A monotonic clock that only moves when code sleeps on it."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    """Wait until ``condition()`` holds (polling an Event, never sleeping blind)."""
    tick = threading.Event()
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not reached in time"
        tick.wait(0.01)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture
def stub_config(stub: StubServer) -> Callable[..., Config]:
    return lambda **sections: config_for(stub.url, **sections)


@pytest.fixture
def http() -> HttpClient:
    return HttpClient(concurrency=4)


def person(cin: str | None = "BK100001", **kw: Any) -> Debtor:
    idents = (Identifier("cin", cin),) if cin else ()
    values = {"debtor_id": "D-1", "kind": "person", "name": "EL ALAOUI Mohamed",
              "identifiers": idents, "city": "Casablanca", "addresses": ("12 Boulevard Zerktouni",)}
    return Debtor(**{**values, **kw})


def company(ice: str | None = "001525464000030", **kw: Any) -> Debtor:
    idents = (Identifier("ice", ice),) if ice else ()
    values = {"debtor_id": "D-2", "kind": "company", "name": "ATLAS BTP", "identifiers": idents,
              "city": "Casablanca"}
    return Debtor(**{**values, **kw})
