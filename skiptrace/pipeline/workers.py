"""``skiptrace enrich --workers N``: the per-debtor work in N processes, the job in this one.

Matching and profile building are CPU-bound Python, so one process tops out at one core
(docs/decisions/0004). Here N spawned worker processes (skiptrace/pipeline/workerproc.py) each enrich
several debtors at once on threads; this process keeps intake, the web crawl, the checkpoints
and the output file. A feeder thread hands each debtor (with its web results) to the least busy
live worker, at most ``capacity`` debtors per worker, so memory stays bounded; the calling
thread waits on the workers' result pipes and their process sentinels together, so a worker
that dies is noticed at once: the debtors it held count as crashed (they stay pending for the
next run) and a fresh worker takes its place, up to ``max_restarts`` times.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol

from skiptrace.errors import SkiptraceError
from skiptrace.model import Debtor
from skiptrace.pipeline.batch import BatchOptions, BatchSummary, Finisher, Progress, now_or
from skiptrace.pipeline.enrich import Enriched, WebPivot, WebResults
from skiptrace.pipeline.outputfile import OutputWriter
from skiptrace.pipeline.webhub import PivotSink, pivot_fetch
from skiptrace.pipeline.workerproc import DebtorHook, WorkerSpec, store_location, worker_main

if TYPE_CHECKING:
    from skiptrace.pipeline.runtime import Runtime
    from skiptrace.pipeline.webhub import WebHub

Task = tuple[Debtor, WebResults | None]
log = logging.getLogger(__name__)
# the main process runs threads (crawl reader, feeder): forking them is unsafe, so spawn
START_METHOD: Final = "spawn"


class Sink(Protocol):
    """Where finished and crashed debtors go (the batch's ``Finisher``)."""

    def done(self, enriched: Enriched) -> None: ...

    def crashed(self, reason: str) -> None: ...


class WorkerError(SkiptraceError):
    """The worker processes cannot go on; finished debtors are checkpointed, the rest pending."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    tasks: Connection  # this process writes
    results: Connection  # this process reads
    held: dict[str, Debtor] = field(default_factory=dict)
    alive: bool = True
    # the feeder and the pivot answerers both write ``tasks``
    sending: threading.Lock = field(default_factory=threading.Lock)

    def send(self, message: Any) -> None:
        with self.sending:
            self.tasks.send(message)


class WorkerPool:
    """N worker processes fed from an iterator of tasks; results go to a ``Sink``.

    ``before_each`` (a ``DebtorHook``, None in production) runs in the worker processes before
    each debtor: tests give one that raises or kills the process, to see real crashes."""

    def __init__(self, spec: WorkerSpec, count: int, *, capacity: int,
                 max_restarts: int | None = None, before_each: DebtorHook | None = None,
                 web_pivot: WebPivot | None = None) -> None:
        self.spec = spec
        # a worker's pivot query goes to this process's crawl; the answer back to the worker
        self.web_pivot = web_pivot
        self.before_each = before_each
        self.count = max(1, count)
        self.capacity = max(1, capacity)
        self.restarts_left = self.count if max_restarts is None else max_restarts
        self._ctx = multiprocessing.get_context(START_METHOD)
        self._workers: list[_Worker] = []
        self._cond = threading.Condition()
        self._stopping = False
        self._feed_error: BaseException | None = None
        self._fed = False  # every task handed out: a dead worker is then not replaced

    def _spawn(self) -> _Worker:
        tasks_r, tasks_w = self._ctx.Pipe(duplex=False)
        results_r, results_w = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(target=worker_main,
                                    args=(self.spec, tasks_r, results_w, self.before_each),
                                    name="skiptrace-worker", daemon=True)
        process.start()
        tasks_r.close()  # the child's ends: closing ours lets each side see the other's death
        results_w.close()
        return _Worker(process, tasks_w, results_r)

    def run(self, tasks: Iterable[Task], finisher: Sink) -> None:
        """Enrich every task; return when all are finished or crashed."""
        self._workers = [self._spawn() for _ in range(self.count)]
        wake_r, wake_w = self._ctx.Pipe(duplex=False)
        feeder = threading.Thread(target=self._feed, args=(tasks, wake_w), daemon=True,
                                  name="worker-feeder")
        feeder.start()
        fed = graceful = False
        try:
            while not fed or self._holding():
                live = [w for w in self._workers if w.alive]
                if not live:
                    raise WorkerError(self._all_dead_message())
                waitables: list[Any] = [] if fed else [wake_r]
                for w in live:
                    waitables += [w.results, w.process.sentinel]
                ready = wait(waitables)
                if wake_r in ready:
                    wake_r.recv()
                    fed = self._fed = True
                    if self._feed_error is not None:
                        raise self._feed_error
                for w in live:
                    if w.results in ready or w.process.sentinel in ready:
                        self._drain(w, finisher)
            graceful = True
        finally:
            with self._cond:
                self._stopping = True
                self._cond.notify_all()
            self._shutdown(graceful)
            wake_r.close()

    def _holding(self) -> bool:
        with self._cond:
            return any(w.held for w in self._workers)

    def _feed(self, tasks: Iterable[Task], wake: Connection) -> None:
        """Feeder thread: each task to the least busy live worker with room."""
        try:
            for debtor, web in tasks:
                with self._cond:
                    worker = self._room()
                    if worker is None:
                        return  # stopping
                    worker.held[debtor.debtor_id] = debtor
                try:
                    worker.send((debtor, web))
                except OSError:  # died meanwhile: its death fails what it held, this one too
                    log.warning("a worker died while being handed a debtor")
        except BaseException as exc:  # the crawl or intake failed: the main thread re-raises
            self._feed_error = exc
        finally:
            with suppress(OSError):  # the main thread may have given up already
                wake.send("fed")
            wake.close()

    def _room(self) -> _Worker | None:
        while not self._stopping:
            live = [w for w in self._workers if w.alive and len(w.held) < self.capacity]
            if live:
                return min(live, key=lambda w: len(w.held))
            self._cond.wait()
        return None

    def _drain(self, worker: _Worker, finisher: Sink) -> None:
        """Every message waiting from this worker; if it died, fail what it still held."""
        while True:
            try:
                if not worker.results.poll():
                    if not worker.process.is_alive():
                        raise EOFError
                    return
                kind, debtor_id, payload = worker.results.recv()
            except (EOFError, OSError):
                self._buried(worker, finisher)
                return
            if kind == "fatal":
                raise WorkerError(str(payload))
            if kind == "pivot":
                self._answer_pivot(worker, str(debtor_id), payload)
                continue
            with self._cond:
                worker.held.pop(str(debtor_id), None)
                self._cond.notify_all()
            if kind == "done":
                finisher.done(payload)
            else:
                finisher.crashed(str(payload))

    def _answer_pivot(self, worker: _Worker, task_id: str, query: Any) -> None:
        """A worker's pivot query (``task_id`` "<debtor>#p<round>"), asked of this process's
        crawl on a thread of its own (the crawl takes a while; other workers' results must not
        wait), its answer sent back to that worker."""
        def answer() -> None:
            fetch = self.web_pivot
            results: WebResults = fetch(task_id, query) if fetch is not None else ([], [])
            with suppress(OSError):  # the worker died meanwhile: its debtors are crashed
                worker.send(("pivot_results", task_id, results))
        threading.Thread(target=answer, daemon=True, name="pivot-answer").start()

    def _buried(self, worker: _Worker, finisher: Sink) -> None:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        with self._cond:
            worker.alive = False
            lost = list(worker.held)
            worker.held.clear()
            if self.restarts_left > 0 and not (self._stopping or self._fed):
                self.restarts_left -= 1
                self._workers.append(self._spawn())
            self._cond.notify_all()
        worker.results.close()  # its task pipe is closed at shutdown: the feeder may be using it
        log.error("worker process %s died (exit code %s) holding %d debtors; they stay pending",
                  worker.process.pid, code, len(lost))
        for _ in lost:
            finisher.crashed(f"worker process died (exit code {code})")

    @staticmethod
    def _all_dead_message() -> str:
        return ("every worker process died and the restart budget is spent; finished debtors "
                "are checkpointed, the others stay pending: run the job again (with --workers 1 "
                "to see the error in this process)")

    def _shutdown(self, graceful: bool) -> None:
        """Graceful: workers finish and exit on the stop message. Else (an error is on its way
        up) they are terminated: what they held is not checkpointed, so it stays pending."""
        for w in self._workers:
            if w.alive and graceful:
                with suppress(OSError):
                    w.send(None)
            elif w.alive:
                w.process.terminate()
            w.tasks.close()
        for w in (w for w in self._workers if w.alive):
            w.process.join(timeout=30)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=5)
            w.results.close()


def enrich_in_workers(rt: Runtime, order: Iterable[Debtor], hub: WebHub | None,
                      pivots: PivotSink, summary: BatchSummary, options: BatchOptions,
                      on_done: Callable[[Enriched], None] | None,
                      progress: Progress | None) -> None:
    """The batch's enrichment with ``options.workers`` processes sharing
    ``options.concurrency`` debtors in flight (CPU-bound threads beyond a few per process only
    add GIL contention: measured, decision 0004); web results come from ``hub`` (this
    process's single crawl) and go to the worker with the debtor."""
    threads = -(-options.concurrency // options.workers)  # ceiling
    config = rt.config.path
    spec = WorkerSpec(
        db=store_location(rt.store, rt.config),
        config=Path(config) if config and not config.startswith("<") else None,
        clock=options.as_of, as_of=now_or(options.as_of), threads=threads,
        workers=options.workers, web_sources=tuple(hub.sources) if hub else (),
    )
    tasks = ((d, hub.take(d.debtor_id, options.web_timeout) if hub else None) for d in order)
    pool = WorkerPool(spec, options.workers, capacity=threads * 2,
                      web_pivot=pivot_fetch(hub, pivots, options.web_timeout) if hub else None)
    with OutputWriter(options.out) as out:
        pool.run(tasks, Finisher(rt.store, out, summary, options, on_done=on_done,
                                 progress=progress))
