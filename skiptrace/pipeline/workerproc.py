"""Inside one worker process of ``skiptrace enrich --workers N``: debtors in, enriched out.

The process builds its own runtime pieces (config, HTTP client, connectors, a store connection
that local connectors only read; SQLite WAL lets it read while the main process writes), then
runs several debtors at once on threads, because API sources wait on the network. Web results
come with each debtor from the main process's single crawl. Nothing here writes to the store or
the output file: the main process checkpoints (docs/decisions/0003 and 0004).

Messages: the main process sends ``(debtor, web_results | None)`` tasks and ``None`` to stop;
the worker answers ``("done", debtor_id, Enriched)``, ``("crash", debtor_id, reason)`` or, when
it cannot start at all, ``("fatal", None, reason)``. A debtor's pivot query for the web sources
(linking/pivots.py) goes up as ``("pivot", task_id, query)`` and its answer comes down as
``("pivot_results", task_id, web_results)``: the crawl is the main process's.

The pool may give the process a ``DebtorHook`` to run before each debtor; production gives none,
tests give one that raises or ends the process (tests/batch/workerhooks.py).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass, replace
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeAlias

from skiptrace.config import Config
from skiptrace.memory import limit_malloc_arenas, tune_collector
from skiptrace.model import Debtor, SourceStatus, set_clock

DebtorHook: TypeAlias = Callable[[Debtor], None]
"""Runs in a worker on the debtor's enrichment thread, before the debtor is enriched: what it
raises counts as that debtor's crash. It crosses to the spawned process by pickle, so it is a
module-level function (or a ``functools.partial`` of one) that the process can import."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to build its runtime; crosses to the spawned process by pickle."""

    db: str | Path  # a SQLite path or a postgresql:// URL: ``store_location``
    config: Path | None
    clock: datetime | None  # --as-of: fixes utcnow() in the worker as in the main process
    as_of: datetime  # the batch's profile date (the main process's, so all workers agree)
    threads: int  # debtors enriched at once in this process
    workers: int = 1  # processes sharing each source's rate limit
    #: the web sources of the main process's crawl, which takes this worker's pivot queries
    web_sources: tuple[str, ...] = ()


class PivotRelay:
    """A worker's pivot queries, asked of the main process's crawl: ``fetch`` sends the query
    up and waits for the answer ``deliver`` hands over when it comes down the task pipe."""

    def __init__(self, send: Callable[[tuple[str, str | None, Any]], None],
                 timeout: float = 600.0, sources: tuple[str, ...] = ()) -> None:
        self._send = send
        self._timeout = timeout
        self._sources = sources
        self._waiting: dict[str, tuple[threading.Event, list[Any]]] = {}
        self._lock = threading.Lock()

    def fetch(self, task_id: str, query: Any) -> Any:
        event, box = threading.Event(), list[Any]()
        with self._lock:
            self._waiting[task_id] = (event, box)
        self._send(("pivot", task_id, query))
        if not event.wait(self._timeout):
            with self._lock:
                self._waiting.pop(task_id, None)
            why = f"no answer from the main process's crawl within {self._timeout:.0f} s"
            return [], [SourceStatus(s, "failed", reason=why) for s in self._sources]
        return box[0]

    def deliver(self, task_id: str, results: Any) -> None:
        with self._lock:
            event, box = self._waiting.pop(task_id, (None, None))
        if event is not None and box is not None:
            box.append(results)
            event.set()


def worker_main(spec: WorkerSpec, tasks: Connection, results: Connection,
                before_each: DebtorHook | None = None) -> None:
    """The spawned process's entry point: serve tasks until told to stop or the main dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    limit_malloc_arenas()  # before the enrichment threads allocate (skiptrace/memory.py)
    tune_collector()
    set_clock(spec.clock)
    send_lock = threading.Lock()

    def send(message: tuple[str, str | None, Any]) -> None:
        with send_lock:
            results.send(message)

    relay = PivotRelay(send, sources=spec.web_sources) if spec.web_sources else None
    with ExitStack() as stack:
        try:
            enricher = _open_enricher(spec, stack, relay)
        except Exception as exc:  # e.g. a config error: every worker would fail alike
            send(("fatal", None, f"worker could not start: {type(exc).__name__}: {exc}"))
            return

        def run(debtor: Debtor, web: Any) -> None:
            try:
                if before_each is not None:
                    before_each(debtor)
                enriched = enricher.enrich(debtor, web)
                send(("done", debtor.debtor_id, enriched.portable()))
            except Exception as exc:  # one debtor's bug: it stays pending, the worker goes on
                log.exception("enrichment crashed in a worker; the debtor stays pending")
                with suppress(OSError):  # the main process is gone: nothing left to tell
                    send(("crash", debtor.debtor_id, f"{type(exc).__name__}: {exc}"))

        with ThreadPoolExecutor(spec.threads, thread_name_prefix="enrich") as pool:
            while True:
                try:
                    task = tasks.recv()
                except EOFError:  # the main process closed the pipe or died
                    break
                if task is None:
                    break
                if len(task) == 3 and task[0] == "pivot_results":
                    if relay is not None:
                        relay.deliver(task[1], task[2])
                    continue
                debtor, web = task
                pool.submit(run, debtor, web)


def _open_enricher(spec: WorkerSpec, stack: ExitStack, relay: PivotRelay | None = None) -> Any:
    """The runtime's direct-source half (runtime.open_runtime's), with this worker's share
    of every source's rate limit."""
    from skiptrace.config import load_config
    from skiptrace.pipeline.enrich import Enricher
    from skiptrace.pipeline.runtime import open_direct_sources
    from skiptrace.store.judgements import stored_judgements

    config = share_rate_limits(load_config(spec.config), spec.workers)
    # the store is read by local connectors only: the main process writes
    store, _, connectors = open_direct_sources(config, spec.db, spec.threads, stack)
    enricher = Enricher(connectors, None, as_of=spec.as_of, web_workers=spec.threads,
                        web_pivot=relay.fetch if relay is not None else None,
                        judgements=stored_judgements(store.db.conn))
    stack.callback(enricher.close)
    return enricher


def share_rate_limits(config: Config, workers: int) -> Config:
    """Each of ``workers`` processes gets 1/workers of every source's rate (and burst), so
    that together they keep to the configured rate, as one process would; with a shared
    Redis ([limits]) each source's one bucket already holds them all to it."""
    if workers <= 1 or config.limits.redis:
        return config
    sources = {
        name: replace(cfg, rate_limit=cfg.rate_limit / workers,
                      burst=max(1, cfg.burst // workers))
        for name, cfg in config.sources.items()
    }
    return replace(config, sources=sources)


def store_location(store: Any, config: Any) -> str:
    """What opens the job's store again on a worker, unchanged: the store's own ``location``
    where it has one (a path, or a URL that never holds a password), else its SQLite path."""
    from skiptrace.context import resolve_db

    location = getattr(store, "location", None)
    if location and location != ":memory:":
        return str(location)
    return str(store.path or resolve_db(None, config))
