"""A served skiptrace API for the tests: uvicorn on a free loopback port, in a thread, over a
fresh store with keys of every role in two agencies, querying the session's sandbox.

``served`` (module-scoped) is shared by the tests of a module that only read or add; a test that
needs its own limits or store makes one with ``serve_app``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from skiptrace.sandbox.serving import SANDBOX_ENV
from skiptrace.service.app import create_app
from skiptrace.service.settings import ServiceSettings
from skiptrace.store import Store, tenancy

ROLES = ("investigator", "case_system", "supervisor", "admin")
WHO = {"X-Operator": "inv-7", "X-Purpose": "dossier CNSS 2026-0042"}


@dataclass
class Served:
    """A running service: its URL, store path and a token per (agency, role)."""

    url: str
    db: Path
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    app: Any = None

    @property
    def service(self) -> Any:
        """The running Service (same process): its batch runner, its warm crawl."""
        return self.app.state.service

    def client(self, role: str, agency: str = "alpha", *, who: bool = True,
               **headers: str) -> httpx.Client:
        sent = {"Authorization": f"Bearer {self.tokens[(agency, role)]}"}
        sent.update(WHO if who else {})
        sent.update(headers)
        return httpx.Client(base_url=self.url, headers=sent, timeout=120)

    def store(self) -> Store:
        return Store.open(self.db)


class _Server(uvicorn.Server):
    """uvicorn that says when it listens (an event, not a poll)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        self.ready.set()

    async def main_loop(self) -> None:
        self.ready.set()  # also when startup failed: the test then sees should_exit
        await super().main_loop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_keys(db: Path, agencies: tuple[str, ...] = ("alpha", "beta")) -> dict[tuple[str, str], str]:
    tokens = {}
    with Store.open(db) as store, store.atomic():
        for agency in agencies:
            for role in ROLES:
                _key, token = tenancy.create_key(store.db.conn, f"{role}@{agency}", role, agency)
                tokens[(agency, role)] = token
    return tokens


def start(settings: ServiceSettings) -> tuple[_Server, threading.Thread, str]:
    port = free_port()
    server = _Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                   log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True, name="uvicorn-test")
    thread.start()
    assert server.ready.wait(120), "the service did not start"
    assert server.started, "the service failed to start (see the log above)"
    return server, thread, f"http://127.0.0.1:{port}"


def stop(server: _Server, thread: threading.Thread) -> None:
    server.should_exit = True
    thread.join(60)


@pytest.fixture(scope="module")
def serve_module(sandbox_url: str, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[Callable[..., Served]]:
    """``serve(**settings)`` → a Served over a fresh store, stopped when the module ends."""
    import os

    previous = os.environ.get(SANDBOX_ENV)
    os.environ[SANDBOX_ENV] = sandbox_url
    running: list[tuple[_Server, threading.Thread]] = []

    def serve(**overrides: Any) -> Served:
        db = tmp_path_factory.mktemp("service") / "store.db"
        tokens = make_keys(db)
        settings = replace(ServiceSettings(db=db, rate=1000.0, burst=1000), **overrides)
        server, thread, url = start(settings)
        running.append((server, thread))
        return Served(url, db, tokens, server.config.app)

    yield serve
    for server, thread in running:
        stop(server, thread)
    if previous is None:
        os.environ.pop(SANDBOX_ENV, None)
    else:
        os.environ[SANDBOX_ENV] = previous


@pytest.fixture(scope="module")
def served(serve_module: Callable[..., Served]) -> Served:
    """The module's service: warm, batches run, generous limits."""
    return serve_module()
