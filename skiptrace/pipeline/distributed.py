"""``skiptrace enrich --executor dask``: the per-debtor work on a Dask cluster, the job here.

Decision 0015. Each debtor is one Dask task (``enrich_task``) run on a worker process, on this
machine (a LocalCluster of ``--workers`` processes on 127.0.0.1, no broker) or on others
(``--scheduler tcp://HOST:PORT``, workers started with ``skiptrace worker``). This process keeps
what decisions 0001, 0003 and 0004 give it: intake, the single web crawl (a debtor's web results
travel with its task), every checkpoint and the output file, through the batch's ``Finisher``.

A bounded window of tasks is in flight (``2 × concurrency``); each result is checkpointed as
its future completes. A worker that dies has its tasks rescheduled by Dask on another worker,
so a debtor is neither lost nor written twice: one future, one result, one checkpoint. A task
that kills ``distributed.scheduler.allowed-failures`` workers comes back as ``KilledWorker``:
that debtor counts as crashed and stays pending (decision 0004's rule).

A worker's pivot query (linking/pivots.py) goes up on a per-run ``distributed.Queue``; a thread
here asks the crawl and puts the answer on the query's own reply queue (``PivotServer``).

``distributed`` is in the ``scale`` extra: it is imported only when a cluster is asked for.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from skiptrace.errors import SkiptraceError
from skiptrace.model import Debtor, SourceStatus, set_clock
from skiptrace.pipeline.batch import BatchOptions, BatchSummary, Finisher, Progress, now_or
from skiptrace.pipeline.enrich import Enriched, WebPivot, WebResults
from skiptrace.pipeline.outputfile import OutputWriter
from skiptrace.pipeline.webhub import PivotSink, pivot_fetch
from skiptrace.pipeline.workerproc import DebtorHook, share_rate_limits, store_location

if TYPE_CHECKING:
    from distributed import Client, Future

    from skiptrace.pipeline.enrich import Enricher
    from skiptrace.pipeline.runtime import Runtime
    from skiptrace.pipeline.webhub import WebHub

EXECUTORS: Final = ("embedded", "dask")
SCHEDULER_SCHEMES: Final = ("tcp", "tls")
#: seconds to reach a scheduler before the job gives up (it has not started: nothing to undo)
CONNECT_TIMEOUT: Final = 10.0
#: seconds a task waits for its pivot query's answer from this process's crawl
PIVOT_TIMEOUT: Final = 600.0
#: runtimes a worker process keeps open (one per run; a long-lived worker serves many runs)
KEPT_RUNTIMES: Final = 4
_FED: Final = object()  # the feeder's last word on the results queue
log = logging.getLogger(__name__)


class ClusterError(SkiptraceError):
    """The Dask cluster cannot be used: not installed, a bad address, or not reachable."""


def worker_settings() -> dict[str, Any]:
    """Dask settings for the workers this process starts (their nannies pass them on): no
    statistical profiler (it samples every thread's stack every 10 ms for a dashboard nobody
    runs here), and two malloc arenas, set in the worker's environment before it starts, as our
    own batch workers have them (skiptrace/memory.py), unless the operator chose a number."""
    from skiptrace.memory import ARENAS, ENV

    settings: dict[str, Any] = {"distributed.worker.profile.enabled": False}
    if not os.environ.get(ENV):
        settings[f"distributed.nanny.pre-spawn-environ.{ENV}"] = str(ARENAS)
    return settings


def _distributed() -> Any:
    try:
        import dask
        import distributed
    except ImportError as exc:
        raise ClusterError("--executor dask needs Dask distributed: pip install "
                           "'skiptrace[scale]'") from exc
    dask.config.set(worker_settings())
    return distributed


def scheduler_address(address: str) -> str:
    """``tcp://HOST:PORT`` or ``tls://HOST:PORT``, checked before any connection: an address is
    never a file path or a URL with a path (where a name could hide)."""
    parts = urlsplit(address.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
    if (parts.scheme not in SCHEDULER_SCHEMES or not parts.hostname or port is None
            or parts.path or parts.query or parts.username):
        raise ClusterError(f"--scheduler must look like tcp://HOST:PORT (or tls://), not "
                           f"{address!r}")
    return f"{parts.scheme}://{parts.netloc}"


class Cluster:
    """The run's Dask client: connected at once to ``scheduler`` (so an unreachable one stops
    the job before its locks, intake or crawl), or a LocalCluster of ``workers`` processes on
    127.0.0.1 started when the first debtor needs it."""

    def __init__(self, scheduler: str | None, workers: int, threads: int) -> None:
        self.scheduler = scheduler_address(scheduler) if scheduler else None
        self.workers = max(1, workers)
        self.threads = max(1, threads)
        self._stack = ExitStack()
        self._client: Client | None = None

    def __enter__(self) -> Cluster:
        if self.scheduler is not None:
            self._client = self._connect(self.scheduler)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _connect(self, address: str) -> Client:
        distributed = _distributed()
        try:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT,
                                        set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} within "
                               f"{CONNECT_TIMEOUT:.0f} s ({type(exc).__name__}); nothing was "
                               "started: check the address and that the scheduler runs") from exc
        self._stack.callback(client.close)
        return client

    def client(self) -> Client:
        if self._client is None:
            distributed = _distributed()
            # memory_limit=0: no spilling of results to a scratch folder forget cannot reach
            local = distributed.LocalCluster(
                n_workers=self.workers, threads_per_worker=self.threads, processes=True,
                host="127.0.0.1", dashboard_address="127.0.0.1:0", memory_limit=0,
                silence_logs=logging.ERROR)
            self._stack.callback(local.close)
            client = distributed.Client(local, set_as_default=False)
            self._stack.callback(client.close)
            self._client = client
        return self._client

    def worker_count(self) -> int:
        """Processes sharing each source's rate (at least 1: workers may join later)."""
        if self.scheduler is None:
            return self.workers
        return max(1, len(self.client().scheduler_info(n_workers=-1).get("workers", {})))


def open_cluster(options: BatchOptions) -> Cluster | None:
    """The run's cluster when ``options.executor`` is dask, else None (embedded)."""
    if options.executor != "dask":
        return None
    return Cluster(options.scheduler, options.workers, _threads(options))


def _threads(options: BatchOptions) -> int:
    return -(-options.concurrency // max(1, options.workers))  # ceiling


@dataclass(frozen=True)
class ClusterSpec:
    """What a worker needs to build its runtime; crosses to it by pickle with every task.

    ``config_text``: the config's text, parsed on the worker with the worker's own environment
    (credentials are never sent: each worker reads its sources' ``token_env``). ``db``: the store's
    location exactly as this process has it (a SQLite path, or a store URL)."""

    db: str
    config_text: str
    config_origin: str
    clock: datetime | None
    as_of: datetime
    threads: int
    workers: int
    web_sources: tuple[str, ...] = ()
    pivots: str | None = None  # the run's pivot request queue


def enrich_task(spec: ClusterSpec, debtor: Debtor, web: WebResults | None,
                before_each: DebtorHook | None = None) -> tuple[str, Any]:
    """One debtor on a Dask worker: ``("done", Enriched)`` or ``("crash", reason)``. Never
    raises: Dask's log of a failed task would print its arguments (a debtor's identifiers)."""
    set_clock(spec.clock)
    try:
        enricher = _runtime(spec)
        if before_each is not None:
            before_each(debtor)
        return "done", enricher.enrich(debtor, web).portable()
    except Exception as exc:  # one debtor's bug: it stays pending, the worker goes on
        log.exception("enrichment crashed on a worker; the debtor stays pending")
        return "crash", f"{type(exc).__name__}: {exc}"


_runtimes: OrderedDict[ClusterSpec, tuple[Enricher, ExitStack]] = OrderedDict()
_runtimes_lock = threading.Lock()


def _runtime(spec: ClusterSpec) -> Enricher:
    """This worker process's enricher for the run, built by its first task."""
    with _runtimes_lock:
        if spec in _runtimes:
            _runtimes.move_to_end(spec)
            return _runtimes[spec][0]
        stack = ExitStack()
        try:
            enricher = _open_enricher(spec, stack)
        except BaseException:
            stack.close()
            raise
        _runtimes[spec] = (enricher, stack)
        while len(_runtimes) > KEPT_RUNTIMES:
            _, (_, old) = _runtimes.popitem(last=False)
            old.close()
        return enricher


def close_runtime(spec: ClusterSpec) -> bool:
    """On a worker, at the end of a run: its runtime closed (store connection, HTTP pools,
    threads); True if this process had one."""
    with _runtimes_lock:
        kept = _runtimes.pop(spec, None)
    if kept is not None:
        kept[1].close()
    return kept is not None


def _close_everywhere(client: Client, spec: ClusterSpec) -> None:
    """The run's runtimes closed on every worker (a long-lived worker keeps none it will not
    use); a worker gone meanwhile has nothing left to close."""
    with suppress(Exception):
        client.run(close_runtime, spec)


def _open_enricher(spec: ClusterSpec, stack: ExitStack) -> Enricher:
    from skiptrace.config import parse_config
    from skiptrace.pipeline.enrich import Enricher
    from skiptrace.pipeline.runtime import open_direct_sources
    from skiptrace.store.judgements import stored_judgements

    config = share_rate_limits(
        parse_config(spec.config_text, os.environ, origin=spec.config_origin), spec.workers)
    store, _, connectors = open_direct_sources(config, spec.db, spec.threads, stack)
    # the worker's client, taken on the task's thread: the pivots ask on the enricher's threads
    relay = (QueueRelay(_distributed().get_client(), spec.pivots, spec.web_sources)
             if spec.pivots else None)
    enricher = Enricher(connectors, None, as_of=spec.as_of, web_workers=spec.threads,
                        web_pivot=relay.fetch if relay is not None else None,
                        judgements=stored_judgements(store.db.conn))
    stack.callback(enricher.close)
    return enricher


class QueueRelay:
    """On a worker: a task's pivot query up to the main process's crawl, and its answer back,
    through the scheduler's queues (pickled bytes: the queues carry msgpack only)."""

    def __init__(self, client: Client, requests: str, sources: tuple[str, ...],
                 timeout: float = PIVOT_TIMEOUT) -> None:
        self.client = client
        self.requests = requests
        self.sources = sources
        self.timeout = timeout

    def fetch(self, task_id: str, query: Any) -> WebResults:
        distributed = _distributed()
        client = self.client
        reply = distributed.Queue(f"{self.requests}-{uuid.uuid4().hex}", client=client)
        try:
            distributed.Queue(self.requests, client=client).put(
                pickle.dumps((reply.name, task_id, query)))
            answer: WebResults = pickle.loads(reply.get(timeout=self.timeout))
            return answer
        except TimeoutError:
            why = f"no answer from the main process's crawl within {self.timeout:.0f} s"
            return [], [SourceStatus(s, "failed", reason=why) for s in self.sources]
        finally:
            reply.close()


class PivotServer:
    """In the main process: answers the workers' pivot queries from the batch's crawl, each on
    a thread of its own (the crawl takes a while; other queries must not wait)."""

    def __init__(self, client: Client, fetch: WebPivot) -> None:
        self.client = client
        self.fetch = fetch
        self.name = f"skiptrace-pivots-{uuid.uuid4().hex}"
        self._queue = _distributed().Queue(self.name, client=client)
        self._thread = threading.Thread(target=self._serve, daemon=True, name="pivot-server")

    def __enter__(self) -> PivotServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with suppress(Exception):  # the cluster may be gone: the thread is a daemon
            self._queue.put(b"")
            self._thread.join(timeout=30)
            self._queue.close()

    def _serve(self) -> None:
        while True:
            try:
                message = self._queue.get()
            except Exception:  # the client closed: nothing more will come
                return
            if not message:
                return
            reply, task_id, query = pickle.loads(message)
            threading.Thread(target=self._answer, args=(reply, task_id, query), daemon=True,
                             name="pivot-answer").start()

    def _answer(self, reply: str, task_id: str, query: Any) -> None:
        results = self.fetch(task_id, query)
        with suppress(Exception):  # the asking task's worker died: its debtor is rescheduled
            answer = _distributed().Queue(reply, client=self.client)
            answer.put(pickle.dumps(results))
            answer.close()


class TaskStream:
    """Debtors to the cluster as futures, at most ``capacity`` in flight; each result to the
    ``Finisher`` in this (the calling) thread as its future completes. A feeder thread submits,
    since the next debtor may wait on the crawl while results are coming back.

    ``before_each`` (None in production) runs on the worker before each debtor: tests give one
    that ends the worker process."""

    def __init__(self, client: Client, spec: ClusterSpec, capacity: int,
                 before_each: DebtorHook | None = None) -> None:
        self.client = client
        self.spec = spec
        self.capacity = max(1, capacity)
        self.before_each = before_each
        self.run_id = uuid.uuid4().hex[:12]
        self._room = threading.Semaphore(self.capacity)
        self._results: queue.Queue[Any] = queue.Queue()
        self._in_flight: set[Future] = set()  # referenced until handled, or Dask cancels them
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._feed_error: BaseException | None = None

    def run(self, tasks: Iterable[tuple[Debtor, WebResults | None]], finisher: Finisher) -> None:
        feeder = threading.Thread(target=self._feed, args=(tasks,), daemon=True,
                                  name="cluster-feeder")
        feeder.start()
        fed = False
        try:
            while not fed or self._pending():
                item = self._results.get()
                if item is _FED:
                    fed = True
                    if self._feed_error is not None:
                        raise self._feed_error
                    continue
                self._finish(item, finisher)
        finally:
            self._stopping.set()
            self._room.release()  # a feeder waiting for room sees the stop
            with self._lock:
                left = list(self._in_flight)
            if left:
                self.client.cancel(left)

    def _pending(self) -> bool:
        with self._lock:
            return bool(self._in_flight)

    def _feed(self, tasks: Iterable[tuple[Debtor, WebResults | None]]) -> None:
        try:
            for n, (debtor, web) in enumerate(tasks):
                self._room.acquire()
                if self._stopping.is_set():
                    return
                future = self.client.submit(enrich_task, self.spec, debtor, web,
                                            self.before_each, key=f"enrich-{n}-{self.run_id}",
                                            pure=False)
                with self._lock:
                    self._in_flight.add(future)
                future.add_done_callback(self._results.put)
        except BaseException as exc:  # the crawl or intake failed: the main thread re-raises
            self._feed_error = exc
        finally:
            self._results.put(_FED)

    def _finish(self, future: Future, finisher: Finisher) -> None:
        with self._lock:
            if future not in self._in_flight:
                return  # a done callback runs again when a finished task is recomputed
            self._in_flight.discard(future)
        self._room.release()
        try:
            kind, payload = future.result()
        except Exception as exc:  # KilledWorker, a lost scheduler: the debtor stays pending
            kind, payload = "crash", f"{type(exc).__name__}: {_short(exc)}"
        finally:
            with suppress(Exception):  # the client may be closing: the future goes with it
                future.release()
        if kind == "done":
            finisher.done(payload)
        else:
            finisher.crashed(str(payload))


def _short(exc: BaseException) -> str:
    """An exception's first line: Dask's KilledWorker names the task key and the worker, never
    a debtor."""
    return str(exc).splitlines()[0][:200] if str(exc) else ""


def enrich_on_cluster(rt: Runtime, order: Iterable[Debtor], hub: WebHub | None,
                      pivots: PivotSink, summary: BatchSummary, options: BatchOptions,
                      on_done: Callable[[Enriched], None] | None, progress: Progress | None,
                      cluster: Cluster) -> None:
    """The batch's enrichment on the cluster: at most ``2 × options.concurrency`` debtors in
    flight, web results from ``hub`` (this process's single crawl) with each debtor."""
    client = cluster.client()
    with ExitStack() as stack:
        server = None
        if hub is not None:
            server = stack.enter_context(
                PivotServer(client, pivot_fetch(hub, pivots, options.web_timeout)))
        spec = ClusterSpec(
            db=store_location(rt.store, rt.config),
            config_text=_config_text(rt.config.path), config_origin=rt.config.path or "",
            clock=options.as_of, as_of=now_or(options.as_of), threads=_threads(options),
            workers=cluster.worker_count(), web_sources=tuple(hub.sources) if hub else (),
            pivots=server.name if server is not None else None,
        )
        tasks = ((d, hub.take(d.debtor_id, options.web_timeout) if hub else None)
                 for d in order)
        stream = TaskStream(client, spec, capacity=options.concurrency * 2)
        stack.callback(_close_everywhere, client, spec)
        out = stack.enter_context(OutputWriter(options.out))
        stream.run(tasks, Finisher(rt.store, out, summary, options, on_done=on_done,
                                   progress=progress))


def _config_text(path: str | None) -> str:
    """The config's text for the workers: the file's, or the packaged one's (``<packaged …>``)."""
    if not path or path.startswith("<"):
        from importlib import resources

        from skiptrace.config import PACKAGED_CONFIG

        return resources.files("skiptrace").joinpath("data", PACKAGED_CONFIG).read_text("utf-8")
    return Path(path).read_text(encoding="utf-8")


def serve_worker(scheduler: str, *, nthreads: int, host: str | None = None,
                 name: str | None = None) -> None:
    """``skiptrace worker``: a Dask worker for this machine, under a nanny that restarts it if
    it dies, until the scheduler goes away or the process is stopped. No memory target, so
    nothing is spilled to disk (decision 0015)."""
    import asyncio

    distributed = _distributed()
    address = scheduler_address(scheduler)

    async def serve() -> None:
        try:
            nanny = distributed.Nanny(address, nthreads=nthreads, memory_limit=0, host=host,
                                      name=name, dashboard=False, death_timeout=CONNECT_TIMEOUT)
            async with nanny:
                await nanny.finished()
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: "
                               f"{type(exc).__name__}") from exc

    asyncio.run(serve())
