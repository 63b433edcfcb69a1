"""Shared fixtures: a sandbox world and servers, and a guard that keeps every test on loopback.

- ``sandbox_world``: a world generated once per session (seed 7, 60 debtors).
- ``sandbox_server`` / ``sandbox_url``: one SandboxServer on a free port for the session. Never
  set faults on it: use ``fresh_sandbox``.
- ``fresh_sandbox``: a factory of private servers for tests that set faults; all are stopped
  (and their faults cleared) when the test ends, so faults never leak.
- The network guard (autouse): any connect() to an address outside 127.0.0.0/8 and ::1 raises
  before a packet leaves, and the test that tried it fails.
- The language (autouse): every test starts in French, the default, whatever the developer's
  $SKIPTRACE_LANG and whatever the test before it chose (``--lang`` sets it process-wide).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from skiptrace.i18n import DEFAULT_LANGUAGE, ENV, set_language
from skiptrace.sandbox import SandboxServer, generate_world

SANDBOX_SEED = 7
SANDBOX_DEBTORS = 60


class NonLoopbackConnection(RuntimeError):
    """A test tried to reach beyond 127.0.0.1 (not an OSError, so no client retries it away)."""


class NetworkGuard:
    """Patches socket connects to refuse every non-loopback destination and remembers attempts."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self._saved: dict[str, Any] = {}

    @staticmethod
    def allowed(address: Any) -> bool:
        if isinstance(address, (str, bytes)):  # AF_UNIX path
            return True
        host = address[0]
        if isinstance(host, bytes):
            host = host.decode()
        if host == "localhost":
            return True
        try:
            ip = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return False  # a host name: refuse before anything resolves it
        mapped = getattr(ip, "ipv4_mapped", None)
        return ip.is_loopback or bool(mapped and mapped.is_loopback)

    def check(self, address: Any) -> None:
        if not self.allowed(address):
            self.violations.append(repr(address))
            raise NonLoopbackConnection(f"connection to {address!r} blocked: tests stay on 127.0.0.1")

    def install(self) -> None:
        guard = self
        self._saved = {"connect": socket.socket.connect, "connect_ex": socket.socket.connect_ex,
                       "create_connection": socket.create_connection}
        real_connect, real_connect_ex = self._saved["connect"], self._saved["connect_ex"]
        real_create = self._saved["create_connection"]

        def connect(sock: socket.socket, address: Any) -> None:
            guard.check(address)
            return real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            guard.check(address)
            return real_connect_ex(sock, address)

        def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
            guard.check(address)
            return real_create(address, *args, **kwargs)

        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
        socket.create_connection = create_connection  # type: ignore[assignment]

    def uninstall(self) -> None:
        socket.socket.connect = self._saved["connect"]  # type: ignore[method-assign]
        socket.socket.connect_ex = self._saved["connect_ex"]  # type: ignore[method-assign]
        socket.create_connection = self._saved["create_connection"]  # type: ignore[assignment]


@pytest.fixture(scope="session", autouse=True)
def network_guard() -> Iterator[NetworkGuard]:
    guard = NetworkGuard()
    guard.install()
    # child processes too: every crawl child refuses non-loopback hosts before connecting
    os.environ["SKIPTRACE_LOOPBACK_ONLY"] = "1"
    yield guard
    guard.uninstall()


@pytest.fixture(autouse=True)
def _stay_on_loopback(network_guard: NetworkGuard) -> Iterator[None]:
    """Fail the test if it tried to connect outside loopback, even if the error was swallowed."""
    before = len(network_guard.violations)
    yield
    tried = network_guard.violations[before:]
    if tried:
        del network_guard.violations[before:]
        pytest.fail(f"test tried to leave 127.0.0.1: {', '.join(tried)}")


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(ENV, DEFAULT_LANGUAGE)
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture(scope="session")
def sandbox_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated world (seed 7, 60 debtors), shared read-only by the whole session."""
    return generate_world(SANDBOX_SEED, SANDBOX_DEBTORS, tmp_path_factory.mktemp("sandbox-world"))


@pytest.fixture(scope="session")
def sandbox_server(sandbox_world: Path) -> Iterator[SandboxServer]:
    """The session's server over ``sandbox_world``, without faults."""
    with SandboxServer(sandbox_world) as server:
        yield server


@pytest.fixture(scope="session")
def sandbox_url(sandbox_server: SandboxServer) -> str:
    return sandbox_server.url


@pytest.fixture
def fresh_sandbox(sandbox_world: Path) -> Iterator[Callable[..., SandboxServer]]:
    """``fresh_sandbox(faults=(...), world=None, record_arrivals=False)`` -> a started private
    server, stopped after."""
    started: list[SandboxServer] = []

    def factory(faults: tuple[Any, ...] = (), world: Path | None = None,
                record_arrivals: bool = False) -> SandboxServer:
        server = SandboxServer(world or sandbox_world, faults=faults,
                               record_arrivals=record_arrivals)
        server.start()
        started.append(server)
        return server

    yield factory
    for server in started:
        server.clear_faults()
        server.stop()
