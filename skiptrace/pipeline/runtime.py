"""What a command needs to look debtors up, built once: config, store, connectors, web crawl.

``open_runtime`` starts no sandbox: for ``--sandbox WORLD`` the app layer wraps it in
``skiptrace.sandbox.serving.sandbox_for``, so the sandbox config's ``SKIPTRACE_SANDBOX_URL``
points at the served world before the config is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from skiptrace.config import Config, load_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.web import QueryStream, crawl
from skiptrace.context import resolve_db, web_sources
from skiptrace.model import Debtor
from skiptrace.store import Store

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

    def crawl(self, debtors: list[Debtor], pivots: QueryStream | None = None) -> Iterator[Any]:
        """One crawl for all these debtors: a stream of per-(debtor, source) results. With
        ``pivots``, the crawl stays open for the pivot queries submitted to it until it is
        closed (linking/pivots.py)."""
        queries = ((d.debtor_id, DebtorQuery.from_debtor(d)) for d in debtors)
        if pivots is None:
            return crawl(queries, self.web_sources, self.web_settings())
        return crawl(chain(queries, pivots), self.web_sources, self.web_settings())


@contextmanager
def open_runtime(
    *, db: Path | None, config_path: Path | None, concurrency: int | None = None,
) -> Iterator[Runtime]:
    """``concurrency``: debtors in flight at once, to size the HTTP connection pool so that
    every source of every debtor in flight keeps its connection alive."""
    with ExitStack() as stack:
        config = load_config(config_path)
        store, http, connectors = open_direct_sources(
            config, resolve_db(db, config), concurrency or config.concurrency, stack
        )
        yield Runtime(config, store, http, connectors, web_sources(config))


def open_direct_sources(
    config: Config, db: Path | str, in_flight: int, stack: ExitStack
) -> tuple[Store, HttpClient, dict[str, Any]]:
    """The store, an HTTP pool sized so every source of every debtor in flight keeps its
    connection, and the direct (non-web) connectors; all closed by ``stack``."""
    store = Store.open(db)
    stack.callback(store.close)
    http = HttpClient(concurrency=in_flight * max(1, len(config.sources)))
    connectors = build_connectors(config, http, store, kinds=DIRECT_KINDS)
    for connector in connectors.values():
        stack.callback(connector.close)
    return store, http, connectors
