"""Batches in the service: a portfolio uploaded, stored privately, run by a worker thread.

The upload is written 0600 under ``<store folder>/service-batches/<batch id>/`` with names of
our making (``portfolio.csv`` or ``portfolio.jsonl``: no value of the request becomes a path),
and registered in the store so that ``forget`` and ``purge`` rewrite it like any output. Its
debtor ids are claimed for the caller's agency before the batch is queued; an id another agency
holds refuses the upload (409), since debtor ids are one namespace per store.

:class:`BatchRunner` runs queued batches one at a time on a thread with the existing job code
(``pipeline.job.run_batch``: locks, intake, one crawl, checkpoint before output line), then
writes the appended CSV. A batch left ``running`` by a stopped service is run again first: the
job's checkpoints make that a resume (docs/decisions/0003, 0007).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from skiptrace.config import Config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.context import web_sources
from skiptrace.intake import read_debtors
from skiptrace.intake.text import PortfolioError
from skiptrace.pipeline.batch import BatchOptions
from skiptrace.pipeline.job import run_batch
from skiptrace.pipeline.portfolio_outputs import PortfolioOutputs, register, write
from skiptrace.pipeline.runtime import DIRECT_KINDS, Runtime
from skiptrace.privacy import private_dir, private_open
from skiptrace.service.auth import Caller
from skiptrace.service.errors import ApiError
from skiptrace.store import Store, outputs, service_batches, tenancy

log = logging.getLogger(__name__)
FORMATS = {"csv": "upload_csv", "jsonl": "upload_jsonl"}
PROFILES, RESULTS_CSV, REJECTS = "profiles.jsonl", "results.csv", "rejects.csv"
CHUNK = 1 << 16


def batches_dir(db: Path) -> Path:
    return db.absolute().parent / "service-batches"


def folder_of(batch: dict[str, Any]) -> Path:
    return Path(batch["folder"])


def portfolio_path(folder: Path, fmt: str) -> Path:
    return folder / f"portfolio.{fmt}"


def _ids(path: Path) -> Iterator[str]:
    try:
        for debtor in read_debtors(path):
            yield debtor.debtor_id
    except PortfolioError as exc:  # the intake's reason names the rule, never a value
        raise ApiError(422, "invalid_portfolio", str(exc)) from exc
    except (ValueError, OSError) as exc:  # anything else: its kind only
        raise ApiError(422, "invalid_portfolio", f"the portfolio cannot be read: "
                       f"{type(exc).__name__}") from exc


def accept(store: Store, db: Path, body: bytes, fmt: str, who: Caller) -> dict[str, Any]:
    """Store the upload, claim its debtors, queue the batch; its row as the API shows it."""
    if fmt not in FORMATS:
        raise ApiError(422, "invalid_request", "format is csv or jsonl")
    if not body.strip():
        raise ApiError(422, "invalid_portfolio", "the portfolio is empty")
    batch_id = "b-" + secrets.token_hex(8)
    folder = private_dir(batches_dir(db) / batch_id)
    upload = portfolio_path(folder, fmt)
    with private_open(upload, "xb") as fh:
        fh.write(body)
    job_id = f"service-{batch_id}"
    store.register_file(FORMATS[fmt], upload, job_id)  # forget reaches it from now on
    try:
        _queue(store, upload, batch_id, job_id, fmt, who)
    except ApiError:  # refused: nothing of the upload stays
        upload.unlink(missing_ok=True)
        with store.atomic():
            outputs.unregister(store.db.conn, str(upload.absolute()))
        folder.rmdir()
        raise
    batch = service_batches.get(store.db.conn, batch_id)
    if batch is None:  # written just above: only a store changed under us gets here
        raise RuntimeError(f"batch {batch_id} vanished from the store")
    return public(batch, store)


def _queue(store: Store, upload: Path, batch_id: str, job_id: str, fmt: str,
           who: Caller) -> None:
    ids = list(dict.fromkeys(_ids(upload)))
    if not ids:
        raise ApiError(422, "invalid_portfolio", "no row of the portfolio was accepted")
    with store.atomic():
        taken = tenancy.claim(store.db.conn, ids, who.agency_id)
        if taken:
            raise ApiError(409, "ids_taken", f"{len(taken)} debtor ids of this portfolio are "
                           "used by another agency of this store: give them other ids")
        service_batches.add(store.db.conn, batch_id, agency_id=who.agency_id, key_id=who.key.id,
                            job_id=job_id, fmt=fmt, folder=str(upload.parent), total=len(ids),
                            operator=who.operator, purpose=who.purpose)


def public(batch: dict[str, Any], store: Store) -> dict[str, Any]:
    """A batch as the API shows it: state, progress and counts (no paths, no operator)."""
    statuses = store.item_statuses(batch["job_id"])
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    summary = batch["summary"] or {}
    return {
        "batch_id": batch["id"], "state": batch["state"], "format": batch["format"],
        "created_at": batch["created_at"], "started_at": batch["started_at"],
        "finished_at": batch["finished_at"], "error": batch["error"],
        "progress": {"total": batch["total"], "processed": len(statuses)},
        "counts": {"done": counts.get("done", 0), "partial": counts.get("partial", 0),
                   "failed": counts.get("failed", 0),
                   "rejected": int(summary.get("rejected", 0))},
    }


def owned(store: Store, batch_id: str, who: Caller) -> dict[str, Any]:
    batch = service_batches.get(store.db.conn, batch_id)
    if batch is None or batch["agency_id"] != who.agency_id:
        raise ApiError(404, "not_found", "no such batch")
    return batch


def stream_file(path: Path) -> Iterator[bytes]:
    """A result file in chunks, as it is now (the JSON Lines grow while the batch runs)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the generator's own with below
    except FileNotFoundError:
        return
    with fh:
        while chunk := fh.read(CHUNK):
            yield chunk


@contextmanager
def shared_runtime(store: Store, config: Config) -> Iterator[Runtime]:
    """A batch's runtime on the service's own store connection (``open_runtime`` would open a
    second one). SQLite refuses at once (no busy wait) a write from a connection that holds an
    older read snapshot: with two connections, the service's audit rows (one per call, a client
    polling its batch) made the batch's checkpoints fail with "database is locked". One
    connection, one transaction lock (store/database.py), no such conflict."""
    with ExitStack() as stack:
        http = HttpClient(concurrency=config.concurrency * max(1, len(config.sources)))
        connectors = build_connectors(config, http, store, kinds=DIRECT_KINDS)
        for connector in connectors.values():
            stack.callback(connector.close)
        yield Runtime(config, store, http, connectors, web_sources(config))


class BatchRunner:
    """Runs the service's batches, one at a time, on one thread, until ``stop``."""

    def __init__(self, store: Store, config: Config, *, web_timeout: float = 120.0) -> None:
        self.store = store
        self.config = config
        self.web_timeout = web_timeout
        self._wake = threading.Event()
        self._ended = threading.Condition()
        self._finished: set[str] = set()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, daemon=True, name="service-batches")
        self.current: str | None = None

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """No new batch starts; one running goes on until the process ends (resumed later)."""
        self._stopping = True
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            pending = service_batches.unfinished(self.store.db.conn)
            for batch_id in pending:
                if self._stopping:
                    return
                self.run(batch_id)
            self._wake.wait()

    def run(self, batch_id: str) -> None:
        self.current = batch_id
        try:
            batch = service_batches.get(self.store.db.conn, batch_id)
            if batch is None:  # listed by unfinished(), then erased: nothing to run
                return
            with self.store.atomic():
                service_batches.set_state(self.store.db.conn, batch_id, "running")
            try:
                summary = self._job(batch)
            except Exception as exc:  # the job's failure is the batch's state, with why
                log.exception("batch %s failed", batch_id)
                self._finish(batch_id, "failed", error=f"{type(exc).__name__}: {exc}"[:300])
            else:
                self._finish(batch_id, "done", summary=summary)
        finally:
            self.current = None

    def _job(self, batch: dict[str, Any]) -> dict[str, Any]:
        folder = Path(batch["folder"])
        portfolio = portfolio_path(folder, batch["format"])
        options = BatchOptions(out=folder / PROFILES, operator=batch["operator"],
                               purpose=batch["purpose"], job_id=batch["job_id"],
                               web_timeout=self.web_timeout)
        with shared_runtime(self.store, self.config) as rt:
            options.concurrency = rt.config.concurrency
            # the config's Dask cluster, if any, does the per-debtor work (decision 0015)
            options.executor, options.scheduler = rt.config.executor, rt.config.scheduler or None
            summary = run_batch(rt, portfolio, folder / REJECTS, options)
            outputs = PortfolioOutputs(csv=folder / RESULTS_CSV)
            register(rt.store, batch["job_id"], outputs)
            write(rt.store, portfolio, batch["job_id"], outputs)
        data = summary.to_dict()
        return {k: data[k] for k in ("debtors", "processed", "done", "partial", "failed",
                                     "rejected", "warned") if k in data}

    def _finish(self, batch_id: str, state: str, **details: Any) -> None:
        with self.store.atomic():
            service_batches.set_state(self.store.db.conn, batch_id, state, **details)
        with self._ended:
            self._finished.add(batch_id)
            self._ended.notify_all()

    def wait(self, batch_id: str, timeout: float) -> bool:
        """Block until this runner has finished ``batch_id`` (done or failed); False on timeout.
        For tests and the benchmark in the same process; clients poll GET /v1/batches/{id}."""
        with self._ended:
            return self._ended.wait_for(lambda: batch_id in self._finished, timeout)


__all__ = ["BatchRunner", "accept", "batches_dir", "owned", "public", "stream_file"]
