"""A batch job around the enrichment: locks, the portfolio read, outputs reconciled and
registered, the crawl started, debtors enriched here or in worker processes, the job closed.

The caller (skiptrace/app.py) brings what people see: a progress bar and per-debtor events.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from skiptrace.connectors.split_crawl import FanOutStream, crawl_groups, crawl_split
from skiptrace.context import remote_sources
from skiptrace.model import Debtor
from skiptrace.pipeline.batch import (
    BatchOptions,
    BatchSummary,
    finished_ids,
    job_incomplete,
    now_or,
    portfolio_job_id,
    prepare_output,
    prepare_reports,
    run_enrichment,
)
from skiptrace.pipeline.distributed import Cluster, open_cluster
from skiptrace.pipeline.enrich import Enriched, Enricher
from skiptrace.pipeline.locality import ORDER_WINDOW, in_locality_order
from skiptrace.pipeline.runtime import Runtime
from skiptrace.pipeline.webhub import FirstRound, PivotSink, WebHub, pivot_fetch
from skiptrace.privacy import private_dir
from skiptrace.store import Store
from skiptrace.store.audit import append_chain_head
from skiptrace.store.judgements import stored_judgements
from skiptrace.store.locks import WRITER_LOCK, output_lock_name

Advance = Callable[[int], None]
ProgressFactory = Callable[[int], AbstractContextManager[Advance | None]]


def no_progress(total: int) -> AbstractContextManager[Advance | None]:
    """No progress bar (machines, tests)."""
    return nullcontext(None)


def _warnings_path(rejects: Path) -> Path:
    warnings = rejects.with_name(rejects.name.replace("rejects", "warnings"))
    return rejects.with_suffix(".warnings.csv") if warnings == rejects else warnings


@dataclass
class Intake:
    """What the portfolio's first reading counted. Nothing of the debtors is kept: they went
    to the store in batches as they were read, and the enrichment reads the file again as a
    stream (issue 17: memory does not grow with the portfolio, docs/decisions/0006)."""

    accepted: int = 0
    rejected: int = 0
    warned: int = 0
    pending: int = 0  # accepted and not finished by an earlier run
    retried: int = 0  # pending, yet checkpointed partial or failed by an earlier run


def read_portfolio(portfolio: Path, rejects: Path, store: Store,
                   checkpointed: Mapping[str, str], done: Container[str]) -> Intake:
    """Read the whole portfolio once: rejects and warnings written, accepted debtors stored
    (``upsert_debtors``, in batches), and counted against the job's checkpoints."""
    from skiptrace.intake import load_portfolio

    intake = Intake()

    def sink(batch: list[Debtor]) -> None:
        store.upsert_debtors(batch)
        for debtor in batch:
            if debtor.debtor_id not in done:
                intake.pending += 1
                intake.retried += debtor.debtor_id in checkpointed

    result = load_portfolio(portfolio, rejects_path=rejects, warnings_path=_warnings_path(rejects),
                            sink=sink)
    intake.accepted, intake.rejected, intake.warned = (
        result.accepted, result.rejected, result.warned)
    return intake


def pending_debtors(portfolio: Path, done: Container[str], window: int = ORDER_WINDOW
                    ) -> Iterator[Debtor]:
    """The debtors still to enrich, read again from the portfolio as a stream, namesakes side by
    side within each ``window`` of them (pipeline/locality.py; 0: the portfolio's order)."""
    from skiptrace.intake import read_debtors

    return in_locality_order((d for d in read_debtors(portfolio) if d.debtor_id not in done),
                             window)


def _register_outputs(store: Store, job_id: str, options: BatchOptions, rejects: Path) -> None:
    """Tell the store which files this job writes personal data into: ``forget`` reaches them."""
    store.register_file("profiles_jsonl", options.out, job_id)
    for kind, path in (("rejects_csv", rejects), ("warnings_csv", _warnings_path(rejects))):
        if path.exists():
            store.register_file(kind, path, job_id)


def run_batch(
    rt: Runtime, portfolio: Path, rejects: Path, options: BatchOptions, *,
    progress: ProgressFactory = no_progress, on_done: Callable[[Enriched], None] | None = None,
) -> BatchSummary:
    """One writing job per store and per output file at a time (the locks are rows in the store,
    taken before anything is written); the audit chain's head is printed and, with
    ``audit_copy``, appended to the operator's file."""
    base_id = options.job_id or portfolio_job_id(portfolio)
    job_id = f"{base_id}-r{time.time_ns()}" if options.refresh else base_id
    # --executor dask: a scheduler that cannot be reached stops the job here, before anything
    with ((open_cluster(options) or nullcontext()) as cluster,
          rt.store.acquire_lock(WRITER_LOCK, job_id),
          rt.store.acquire_lock(output_lock_name(options.out), job_id)):
        summary = _run_locked(rt, portfolio, rejects, options, job_id, progress, on_done,
                              cluster)
    summary.audit_head = rt.store.audit_chain_head()
    if options.audit_copy is not None:
        append_chain_head(options.audit_copy, summary.audit_head, job_id)
    return summary


def _run_locked(
    rt: Runtime, portfolio: Path, rejects: Path, options: BatchOptions, job_id: str,
    progress: ProgressFactory, on_done: Callable[[Enriched], None] | None,
    cluster: Cluster | None = None,
) -> BatchSummary:
    started = time.monotonic()
    checkpointed = rt.store.item_statuses(job_id)
    done = finished_ids(checkpointed, retry=options.retry)  # what prepare_output keeps
    intake = read_portfolio(portfolio, rejects, rt.store, checkpointed, done)
    del checkpointed
    summary = BatchSummary(job_id, str(portfolio), total=intake.accepted,
                           rejected=intake.rejected, warned=intake.warned,
                           remote=remote_sources(rt.config))
    rt.store.start_job(job_id, str(portfolio), {"operator": options.operator,
                                                 "purpose": options.purpose})
    _register_outputs(rt.store, job_id, options, rejects)
    prepare_output(rt.store, job_id, options.out, retry=options.retry)
    summary.already_done = intake.accepted - intake.pending
    summary.retried = intake.retried
    if options.reports_dir is not None:
        private_dir(options.reports_dir)
        prepare_reports(rt.store, options.reports_dir, done)
    order: Iterable[Debtor] = (pending_debtors(portfolio, done, options.order_window)
                               if intake.pending else ())
    enrich_debtors(rt, order, intake.pending, summary, options, progress, on_done, cluster)
    rt.store.finish_job(job_id)
    summary.job_partial = job_incomplete(rt.store, job_id)
    summary.seconds = time.monotonic() - started
    return summary


def enrich_debtors(
    rt: Runtime, order: Iterable[Debtor], pending: int, summary: BatchSummary,
    options: BatchOptions, progress: ProgressFactory = no_progress,
    on_done: Callable[[Enriched], None] | None = None, cluster: Cluster | None = None,
) -> None:
    """``pending`` debtors of ``order`` through every source, checkpointed one by one: the
    crawl children started for them, here or in worker processes. The caller holds the locks
    and opens and closes the job (a batch, or a monitoring pass: skiptrace/monitor/run.py)."""
    hub = None
    # the web sources dealt out to the crawl children (connectors/split_crawl.py); first-round
    # and pivot queries go to every child and join the running crawls
    groups = crawl_groups(rt.web_sources, options.crawl_processes)
    pivots = FanOutStream(len(groups))
    if pending and rt.web_sources:
        hub = WebHub(rt.web_sources, window=options.web_window)
        hub.feed(crawl_split(pivots, groups, rt.web_settings()))
        order = FirstRound(hub, pivots).start(order)

    try:
        with progress(pending) as advance:
            if cluster is not None and pending:
                from skiptrace.pipeline.distributed import enrich_on_cluster

                enrich_on_cluster(rt, order, hub, pivots, summary, options, on_done, advance,
                                  cluster)
            elif options.workers > 1 and pending:  # no processes to start for nothing
                from skiptrace.pipeline.workers import enrich_in_workers

                enrich_in_workers(rt, order, hub, pivots, summary, options, on_done, advance)
            else:
                _enrich_here(rt, order, hub, pivots, summary, options, on_done, advance)
    finally:
        if hub is not None:
            hub.stop()  # nothing more is admitted into the crawl's window
        pivots.close()  # the crawl ends once it has answered what it has


def _enrich_here(rt: Runtime, order: Iterable[Debtor], hub: WebHub | None,
                 pivots: PivotSink, summary: BatchSummary, options: BatchOptions,
                 on_done: Callable[[Enriched], None] | None,
                 advance: Callable[[int], None] | None) -> None:
    """--workers 1: every debtor on this process's threads."""
    enricher = Enricher(
        rt.connectors,
        (lambda d: hub.take(d.debtor_id, options.web_timeout)) if hub else None,
        as_of=now_or(options.as_of),
        web_workers=options.concurrency * 2,
        web_pivot=pivot_fetch(hub, pivots, options.web_timeout) if hub else None,
        judgements=stored_judgements(rt.store.db.conn),
    )
    try:
        run_enrichment(order, enricher, rt.store, summary, options, on_done=on_done,
                       progress=advance, release=hub.release if hub else None)
    finally:
        enricher.close()
