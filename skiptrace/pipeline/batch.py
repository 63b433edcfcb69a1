"""The batch enrichment job: a whole portfolio through every source, resumable at any point.

Debtors run concurrently in a bounded window of worker threads (network-bound work), or with
``workers`` > 1 in worker processes (skiptrace/pipeline/workers.py, docs/decisions/0004); the main
thread alone writes to the store and the output file, one debtor at a time (``Finisher``):
checkpoint first (profile, matches, job item and audit row in one transaction), then the output
line (docs/decisions/0003). Web sources run as ONE crawl for the whole batch (0001).
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from skiptrace.model import TOO_BROAD, Debtor, utcnow
from skiptrace.pipeline.enrich import Enriched, Enricher
from skiptrace.pipeline.locality import ORDER_WINDOW
from skiptrace.pipeline.outputfile import OutputWriter, dumps_profile, reconcile
from skiptrace.pipeline.reports import report_file_name, restore_missing, write_report

Progress = Callable[[int], None]
EXIT_DONE = 0
EXIT_INCOMPLETE = 3  # finished, but some debtors are partial, failed or crashed: run it again
EXIT_NOTHING_REACHED = 4  # no source answered at all: check the network, the config, the sandbox
RETRIED_STATUSES = frozenset({"partial", "failed"})
WEB_WINDOW = 256  # BatchOptions.web_window
#: exact durations kept per source before they are folded into a histogram (SourceTally)
EXACT_SECONDS = 4096
#: distinct failure reasons counted per source; the rest under OTHER_REASONS (SourceTally)
MAX_REASONS = 200
OTHER_REASONS = "(other reasons)"
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
    retry: bool = True  # a rerun enriches again the debtors whose profile was partial or failed
    audit_copy: Path | None = None  # a file outside the store that receives the audit chain head
    #: first-round debtors sent to the crawl and not yet handed to enrichment: what the crawl
    #: child, its scheduler and the WebHub hold at most (issue 17, docs/decisions/0006). Enough
    #: ahead to keep every source's downloads busy (~12 debtors/s × 2-5 s in the crawl ≈ 60,
    #: four times over) at ~13 KB per debtor in the crawl child, without holding the portfolio.
    web_window: int = WEB_WINDOW
    #: crawl child processes the web sources are dealt out to (connectors/split_crawl.py): the
    #: one crawl child was the busiest process of a batch (issue 17)
    crawl_processes: int = 2
    #: "embedded" (threads, or the process pool with workers > 1) or "dask" (the per-debtor work
    #: on a Dask cluster: pipeline/distributed.py, docs/decisions/0015)
    executor: str = "embedded"
    scheduler: str | None = None  # dask: tcp://HOST:PORT; None starts a LocalCluster of workers
    #: pending debtors sorted together so that namesakes meet matching's caches warm
    #: (pipeline/locality.py, docs/decisions/0027); 0 or 1: the portfolio's own order
    order_window: int = ORDER_WINDOW


class Durations:
    """Seconds per debtor of one source, for its p50 and p95, in bounded memory: exact up to
    ``EXACT_SECONDS`` values (every test and the 10^3 benchmark), then counted in buckets 1 %
    wide on a log scale (at most ~1,400 buckets from 1 ms to 1,000 s), so a quantile of 10^5
    debtors is within 1 % of the exact one instead of a list of 10^5 floats per source."""

    STEP = 1.01

    def __init__(self) -> None:
        self.exact: list[float] = []
        self.buckets: Counter[int] = Counter()
        self.count = 0

    def append(self, seconds: float) -> None:
        self.count += 1
        if not self.buckets and len(self.exact) < EXACT_SECONDS:
            self.exact.append(seconds)
            return
        for value in self.exact:  # first time past the limit: fold the exact values in
            self.buckets[self._bucket(value)] += 1
        self.exact = []
        self.buckets[self._bucket(seconds)] += 1

    @classmethod
    def _bucket(cls, seconds: float) -> int:
        return round(math.log(max(seconds, 1e-4), cls.STEP))

    def __len__(self) -> int:
        return self.count

    def quantile(self, q: float) -> float | None:
        """The value at rank ``int(q × (n - 1))`` (exact), or its bucket's value."""
        if not self.count:
            return None
        rank = int(q * (self.count - 1))
        if not self.buckets:
            return sorted(self.exact)[rank]
        seen = 0
        for bucket in sorted(self.buckets):
            seen += self.buckets[bucket]
            if seen > rank:
                return float(self.STEP ** bucket)
        return None  # pragma: no cover - ranks stop at count - 1


def count_reason(reasons: Counter[str], reason: str) -> None:
    """Count a failure reason, at most ``MAX_REASONS`` distinct ones (a reason may name a
    page: unbounded otherwise over a portfolio)."""
    if reason in reasons or len(reasons) < MAX_REASONS:
        reasons[reason] += 1
    else:
        reasons[OTHER_REASONS] += 1


@dataclass
class SourceTally:
    ok: int = 0
    too_broad: int = 0  # answered, but a search found too many to read (docs/sources.md)
    partial: int = 0
    failed: int = 0
    requests: int = 0
    #: of ``requests``, pages a crawl answered from its memory, not asked of the source again
    #: (spiders/page_cache.py)
    cached: int = 0
    seconds: Durations = field(default_factory=Durations)
    reasons: Counter[str] = field(default_factory=Counter)
    # debtors for whom it answered a request: "ok" with none asked (a geocoder for a row with no
    # street) reached nothing, and must not hide that no source could be reached (exit 4)
    answered: int = 0

    def to_dict(self) -> dict[str, Any]:
        p50, p95 = self.seconds.quantile(0.5), self.seconds.quantile(0.95)
        return {
            "ok": self.ok,
            "too_broad": self.too_broad,
            "partial": self.partial,
            "failed": self.failed,
            "requests": self.requests,
            "cached": self.cached,
            "p50_seconds": round(p50, 3) if p50 is not None else None,
            "p95_seconds": round(p95, 3) if p95 is not None else None,
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
    retried: int = 0  # partial or failed in an earlier run, enriched again in this one
    reports_failed: int = 0  # checkpointed, report not written: written when the job runs again
    job_partial: int = 0  # the whole job's debtors left partial or failed (this run and earlier)
    seconds: float = 0.0
    crash_reasons: Counter[str] = field(default_factory=Counter)
    segments: Counter[str] = field(default_factory=Counter)
    sources: dict[str, SourceTally] = field(default_factory=lambda: defaultdict(SourceTally))
    #: the sources reached over the network (api, web); None when not known (every source
    #: counts), empty when the config has none (local data alone: nothing to reach)
    remote: frozenset[str] | None = None
    audit_head: dict[str, Any] = field(default_factory=dict)  # the audit chain's last id and hash

    def add(self, enriched: Enriched) -> None:
        setattr(self, enriched.status, getattr(self, enriched.status) + 1)
        segment = (enriched.profile.get("recoverability") or {}).get("segment")
        if segment:
            self.segments[segment] += 1
        for status in enriched.statuses:
            tally = self.sources[status.source]
            if status.status in ("ok", "too_broad", "partial", "failed"):
                setattr(tally, status.status, getattr(tally, status.status) + 1)
            tally.requests += status.requests
            tally.cached += status.cached
            tally.answered += status.status in ("ok", "partial", "too_broad") and status.requests > 0
            tally.seconds.append(status.seconds)
            if status.reason and status.status != "ok":
                # a too-broad search names its query (one per debtor): counted as one reason
                broad = status.status == "too_broad"
                count_reason(tally.reasons, TOO_BROAD if broad else status.reason[:80])

    def reached_nothing(self) -> bool:
        """Debtors were processed, yet no network source answered a request for any of them:
        local extracts answering alone do not count as reaching anything."""
        processed = self.done + self.partial + self.failed
        asked = [t for name, t in self.sources.items()
                 if self.remote is None or name in self.remote]
        return processed > 0 and bool(asked) and not any(t.answered for t in asked)

    def exit_code(self) -> int:
        """0 every debtor done; 3 some partial, failed or crashed; 4 no source could be reached
        (README, "Exit codes")."""
        if self.reached_nothing():
            return EXIT_NOTHING_REACHED
        if self.crashed or self.job_partial:
            return EXIT_INCOMPLETE
        return EXIT_DONE

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
            "retried": self.retried,
            "reports_failed": self.reports_failed,
            "job_partial_or_failed": self.job_partial,
            "exit_code": self.exit_code(),
            "audit_head": self.audit_head,
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
        self.reports_dir = options.reports_dir
        self.on_done = on_done
        self.progress = progress

    def done(self, enriched: Enriched) -> None:
        if self.reports_dir is not None:
            enriched.profile["report"] = report_file_name(enriched.debtor.debtor_id)
        line = dumps_profile(enriched.profile)  # once, for the store and the output file
        self.store.checkpoint(
            self.summary.job_id,
            enriched.debtor.debtor_id,
            enriched.status,
            enriched.profile,
            enriched.stored_matches(),
            audit={**self.audit, "target": enriched.debtor.audit_target()},
            profile_text=line,
        )
        self.out.write_line(line)
        self.summary.add(enriched)
        if self.reports_dir is not None:
            self._write_report(enriched.profile)
        if self.on_done is not None:
            self.on_done(enriched)
        if self.progress is not None:
            self.progress(1)

    def _write_report(self, profile: dict[str, Any]) -> None:
        """A report that cannot be written costs the report, not the batch: the next run of the
        job writes it from the stored profile (``prepare_reports``)."""
        try:
            path = write_report(self.reports_dir, profile)  # type: ignore[arg-type]
            self.store.register_file("report", path, self.summary.job_id, profile["debtor_id"])
        except OSError as exc:
            self.summary.reports_failed += 1
            log.error("report not written (%s); the next run of the job writes it",
                      type(exc).__name__)

    def crashed(self, reason: str) -> None:
        """Not checkpointed: the debtor stays pending and the next run retries it."""
        self.summary.crashed += 1
        count_reason(self.summary.crash_reasons, reason[:120])


def run_enrichment(
    debtors: Iterable[Debtor],
    enricher: Enricher,
    store: Any,
    summary: BatchSummary,
    options: BatchOptions,
    *,
    on_done: Callable[[Enriched], None] | None = None,
    progress: Progress | None = None,
    release: Callable[[str], None] | None = None,
) -> None:
    """Enrich pending debtors; checkpoint and write each one as it finishes (main thread).
    ``release`` (the WebHub's) runs after each debtor, crashed or not: nothing of it stays."""
    def work(debtor: Debtor) -> Enriched:
        try:
            return enricher.enrich(debtor)
        finally:
            if release is not None:
                release(debtor.debtor_id)

    with (
        ThreadPoolExecutor(options.concurrency, thread_name_prefix="enrich") as pool,
        OutputWriter(options.out) as out,
    ):
        finisher = Finisher(store, out, summary, options, on_done=on_done, progress=progress)
        for future in windowed(pool, work, debtors, options.concurrency * 2):
            try:
                enriched = future.result()
            except Exception as exc:  # a bug for one debtor must not stop the portfolio
                finisher.crashed(f"{type(exc).__name__}: {exc}")
                log.exception("enrichment crashed; the debtor stays pending for the next run")
                continue
            finisher.done(enriched)


def prepare_output(store: Any, job_id: str, out: Path, *, retry: bool = True) -> set[str]:
    """Reconcile the output file with the job's checkpoints; return the debtor ids not to redo.

    With ``retry``, debtors left partial or failed by an earlier run are redone: their old line
    leaves the file now, and the new checkpoint writes the new one (never a second line; if this
    run dies first, the next one redoes them again)."""
    keep = finished_ids(store.item_statuses(job_id), retry=retry)
    reconcile(out, keep, store.get_profile)
    return keep


def finished_ids(statuses: Mapping[str, str], *, retry: bool = True) -> set[str]:
    """The checkpointed debtors a run does not redo: all of them, but with ``retry`` those
    left partial or failed."""
    return {d for d, status in statuses.items() if not (retry and status in RETRIED_STATUSES)}


def prepare_reports(store: Any, reports_dir: Path, finished: Iterable[str]) -> int:
    """Write the reports missing for finished debtors (a kill or a full disk between checkpoint
    and report); returns how many."""
    return restore_missing(reports_dir, sorted(finished), store.get_profile)


def job_incomplete(store: Any, job_id: str) -> int:
    """How many of the job's checkpointed debtors are partial or failed."""
    return sum(1 for s in store.item_statuses(job_id).values() if s in RETRIED_STATUSES)


def now_or(as_of: datetime | None) -> datetime:
    return as_of or utcnow()
