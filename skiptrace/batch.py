"""The batch enrichment job: a whole portfolio through every source, resumable at any point.

Debtors run concurrently in a bounded window of worker threads (network-bound work), or with
``workers`` > 1 in worker processes (skiptrace/workers.py, docs/decisions/0004); the main
thread alone writes to the store and the output file, one debtor at a time (``Finisher``):
checkpoint first (profile, matches, job item and audit row in one transaction), then the output
line (docs/decisions/0003). Web sources run as ONE crawl for the whole batch (0001).
"""

from __future__ import annotations

import hashlib
import logging
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from skiptrace.enrich import Enriched, Enricher
from skiptrace.model import Debtor, utcnow
from skiptrace.outputfile import OutputWriter, reconcile

Progress = Callable[[int], None]
log = logging.getLogger(__name__)


@dataclass
class BatchOptions:
    """How a batch runs; operator and purpose are required by law 09-08 (purpose limitation)."""

    out: Path
    operator: str
    purpose: str
    as_of: datetime | None = None
    job_id: str | None = None
    refresh: bool = False
    concurrency: int = 16  # debtors in flight at once (shared by the worker processes)
    web_timeout: float = 300.0
    reports_dir: Path | None = None
    workers: int = 1  # 1: in this process; N > 1: N worker processes (docs/decisions/0004)


@dataclass
class SourceTally:
    ok: int = 0
    partial: int = 0
    failed: int = 0
    requests: int = 0
    seconds: list[float] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        secs = sorted(self.seconds)
        return {
            "ok": self.ok,
            "partial": self.partial,
            "failed": self.failed,
            "requests": self.requests,
            "p50_seconds": round(statistics.median(secs), 3) if secs else None,
            "p95_seconds": round(secs[int(0.95 * (len(secs) - 1))], 3) if secs else None,
            "top_reasons": dict(self.reasons.most_common(3)),
        }


@dataclass
class BatchSummary:
    job_id: str
    portfolio: str
    total: int = 0
    already_done: int = 0
    done: int = 0
    partial: int = 0
    failed: int = 0
    rejected: int = 0
    warned: int = 0
    crashed: int = 0  # not checkpointed: retried when the job runs again
    seconds: float = 0.0
    crash_reasons: Counter[str] = field(default_factory=Counter)
    segments: Counter[str] = field(default_factory=Counter)
    sources: dict[str, SourceTally] = field(default_factory=lambda: defaultdict(SourceTally))

    def add(self, enriched: Enriched) -> None:
        setattr(self, enriched.status, getattr(self, enriched.status) + 1)
        segment = (enriched.profile.get("recoverability") or {}).get("segment")
        if segment:
            self.segments[segment] += 1
        for status in enriched.statuses:
            tally = self.sources[status.source]
            if status.status in ("ok", "partial", "failed"):
                setattr(tally, status.status, getattr(tally, status.status) + 1)
            tally.requests += status.requests
            tally.seconds.append(status.seconds)
            if status.reason and status.status != "ok":
                tally.reasons[status.reason[:80]] += 1

    def to_dict(self) -> dict[str, Any]:
        processed = self.done + self.partial + self.failed
        return {
            "job_id": self.job_id,
            "portfolio": self.portfolio,
            "debtors": self.total,
            "already_done": self.already_done,
            "processed": processed,
            "done": self.done,
            "partial": self.partial,
            "failed": self.failed,
            "rejected": self.rejected,
            "warned": self.warned,
            "crashed": self.crashed,
            "crash_reasons": dict(self.crash_reasons.most_common(5)),
            "seconds": round(self.seconds, 2),
            "debtors_per_second": round(processed / self.seconds, 2) if self.seconds else None,
            "segments": dict(sorted(self.segments.items())),
            "sources": {k: v.to_dict() for k, v in sorted(self.sources.items())},
        }


def portfolio_job_id(portfolio: Path) -> str:
    """A job is its portfolio's content: the same file resumes the same job."""
    digest = hashlib.sha256()
    with open(portfolio, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return f"job-{digest.hexdigest()[:16]}"


def windowed(
    executor: ThreadPoolExecutor,
    work: Callable[[Debtor], Enriched],
    debtors: Iterable[Debtor],
    window: int,
) -> Iterator[Future[Enriched]]:
    """Submit at most ``window`` debtors at a time; yield futures as they complete."""
    in_flight: set[Future[Enriched]] = set()
    for debtor in debtors:
        in_flight.add(executor.submit(work, debtor))
        if len(in_flight) >= window:
            finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            yield from finished
    while in_flight:
        finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
        yield from finished


class Finisher:
    """The main thread's part of every finished debtor: checkpoint, output line, tallies.

    Used with an open ``OutputWriter``; the store's checkpoint comes before the line
    (docs/decisions/0003), whichever way (threads or processes) the debtor was enriched."""

    def __init__(
        self, store: Any, out: OutputWriter, summary: BatchSummary, options: BatchOptions, *,
        on_done: Callable[[Enriched], None] | None = None, progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.out = out
        self.summary = summary
        self.audit = {"operator": options.operator, "purpose": options.purpose}
        self.on_done = on_done
        self.progress = progress

    def done(self, enriched: Enriched) -> None:
        self.store.checkpoint(
            self.summary.job_id,
            enriched.debtor.debtor_id,
            enriched.status,
            enriched.profile,
            enriched.stored_matches(),
            audit=self.audit,
        )
        self.out.write(enriched.profile)
        self.summary.add(enriched)
        if self.on_done is not None:
            self.on_done(enriched)
        if self.progress is not None:
            self.progress(1)

    def crashed(self, reason: str) -> None:
        """Not checkpointed: the debtor stays pending and the next run retries it."""
        self.summary.crashed += 1
        self.summary.crash_reasons[reason[:120]] += 1


def run_enrichment(
    debtors: Iterable[Debtor],
    enricher: Enricher,
    store: Any,
    summary: BatchSummary,
    options: BatchOptions,
    *,
    on_done: Callable[[Enriched], None] | None = None,
    progress: Progress | None = None,
) -> None:
    """Enrich pending debtors; checkpoint and write each one as it finishes (main thread)."""
    with (
        ThreadPoolExecutor(options.concurrency, thread_name_prefix="enrich") as pool,
        OutputWriter(options.out) as out,
    ):
        finisher = Finisher(store, out, summary, options, on_done=on_done, progress=progress)
        for future in windowed(pool, enricher.enrich, debtors, options.concurrency * 2):
            try:
                enriched = future.result()
            except Exception as exc:  # a bug for one debtor must not stop the portfolio
                finisher.crashed(f"{type(exc).__name__}: {exc}")
                log.exception("enrichment crashed; the debtor stays pending for the next run")
                continue
            finisher.done(enriched)


def prepare_output(store: Any, job_id: str, out: Path) -> set[str]:
    """Reconcile the output file with the job's checkpoints; return the finished debtor ids."""
    done = set(store.done_debtors(job_id))
    reconcile(out, done, store.get_profile)
    return done


def now_or(as_of: datetime | None) -> datetime:
    return as_of or utcnow()
