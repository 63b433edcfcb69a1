"""What a command needs to look debtors up, built once: config, store, connectors, web crawl.

``open_runtime`` optionally starts the sandbox for a world first (``--sandbox WORLD``), so the
sandbox config's ``SKIPTRACE_SANDBOX_URL`` points at it, and stops it on exit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skiptrace.config import Config, load_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.errors import ConfigError
from skiptrace.model import Debtor, Record, SourceStatus
from skiptrace.paths import default_db_path
from skiptrace.store import Store

SANDBOX_ENV = "SKIPTRACE_SANDBOX_URL"
DIRECT_KINDS = ("api", "file", "harvest", "local")


@dataclass
class Runtime:
    config: Config
    store: Store
    http: HttpClient
    connectors: dict[str, Any]
    web_sources: list[str]

    def web_settings(self) -> dict[str, Any]:
        """What the crawl bridge needs of the config (it reads the sources' own sections)."""
        return {"config": self.config}

    def crawl(self, debtors: list[Debtor]) -> Iterator[Any]:
        """One crawl for all these debtors: a stream of per-(debtor, source) results."""
        from skiptrace.connectors.query import DebtorQuery
        from skiptrace.connectors.web import crawl

        queries = ((d.debtor_id, DebtorQuery.from_debtor(d)) for d in debtors)
        return crawl(queries, self.web_sources, self.web_settings())

    def crawl_one(self, debtor: Debtor) -> tuple[list[Record], list[SourceStatus]]:
        records: list[Record] = []
        statuses: list[SourceStatus] = []
        for result in self.crawl([debtor]):
            records.extend(result.records)
            statuses.append(result.status)
        return records, statuses


def resolve_db(db: Path | None, config: Config | None = None) -> Path:
    if db is not None:
        return db
    if os.environ.get("SKIPTRACE_DB"):
        return Path(os.environ["SKIPTRACE_DB"])
    return default_db_path()


@contextmanager
def sandbox_for(world: Path | None) -> Iterator[str | None]:
    """Serve ``world`` on a free local port for the duration, exporting its URL."""
    if world is None:
        yield None
        return
    from skiptrace.sandbox.server import SandboxServer

    previous = os.environ.get(SANDBOX_ENV)
    with SandboxServer(world) as server:
        os.environ[SANDBOX_ENV] = server.url
        try:
            yield server.url
        finally:
            if previous is None:
                os.environ.pop(SANDBOX_ENV, None)
            else:
                os.environ[SANDBOX_ENV] = previous


@contextmanager
def open_runtime(
    *, db: Path | None, config_path: Path | None, sandbox_world: Path | None = None,
    concurrency: int | None = None,
) -> Iterator[Runtime]:
    """``concurrency``: debtors in flight at once, to size the HTTP connection pool so that
    every source of every debtor in flight keeps its connection alive."""
    with ExitStack() as stack:
        stack.enter_context(sandbox_for(sandbox_world))
        config = load_config(config_path)
        store = Store.open(resolve_db(db, config))
        stack.callback(store.close)
        in_flight = concurrency or config.concurrency
        http = HttpClient(concurrency=in_flight * max(1, len(config.sources)))
        connectors = build_connectors(config, http, store, kinds=DIRECT_KINDS)
        for connector in connectors.values():
            stack.callback(connector.close)
        web = sorted(n for n, s in config.sources.items() if s.enabled and s.kind == "web")
        yield Runtime(config, store, http, connectors, web)


def require_purpose(operator: str | None, purpose: str | None, config: Config) -> tuple[str, str]:
    """Law 09-08: every lookup names who runs it and why."""
    who = operator or config.operator
    why = purpose or config.purpose
    if not who or not why:
        raise ConfigError(
            "every lookup needs an operator and a purpose: pass --operator and --purpose, or "
            "set SKIPTRACE_OPERATOR and SKIPTRACE_PURPOSE (or operator/purpose in skiptrace.toml)"
        )
    return who, why
