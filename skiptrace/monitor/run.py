"""A monitoring pass: the watched debtors that are due, enriched again, compared, delivered.

1. The due entries (store/watch.py), taken within the sources' rate budget (schedule.py).
2. Each selected debtor's baseline: the last complete profile kept for monitoring, or, the
   first time, the complete profile the store already holds (an earlier ``enrich``) — read
   before the enrichment overwrites it.
3. The debtors enriched like a batch job (the store's writer lock, its crawl children,
   checkpoint per debtor with its audit row: pipeline/batch.py), under a job id of the pass.
4. As each debtor finishes (main thread, after its checkpoint): a complete profile is compared
   with the baseline (diff.py), its events stored for every agency watching it and queued for
   their webhooks, and it becomes the baseline; a partial one changes nothing but the entry's
   last outcome (``deferred``): what a failed source did not say is not "lost".
5. Every entry run moves a period on; entries whose debtor crashed stay due.
6. The webhook deliveries due now are attempted (webhooks.py).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from skiptrace.context import remote_sources
from skiptrace.model import Debtor
from skiptrace.monitor import diff, webhooks
from skiptrace.monitor.schedule import Budget, costs_from_profile, select
from skiptrace.pipeline.batch import BatchOptions, BatchSummary
from skiptrace.pipeline.enrich import Enriched
from skiptrace.pipeline.job import enrich_debtors
from skiptrace.pipeline.runtime import Runtime
from skiptrace.privacy import private_dir
from skiptrace.store import Store, outputs, watch
from skiptrace.store import changes as change_store
from skiptrace.store import webhooks as hook_store
from skiptrace.store.locks import WRITER_LOCK

log = logging.getLogger(__name__)
RUNS_DIR = "monitor-runs"


@dataclass
class PassOptions:
    """``now``: the schedule's clock (wall time by default); ``as_of``: the profiles' clock
    (``--as-of``); ``window``/``share``: the rate budget (schedule.py); ``limit``: at most so
    many debtors this pass."""

    operator: str
    purpose: str
    now: datetime
    as_of: datetime | None = None
    window_seconds: float = 3600.0
    share: float = 0.5
    limit: int | None = None
    concurrency: int = 8
    web_timeout: float = 300.0
    deliver: bool = True


@dataclass
class PassResult:
    run_id: str
    due: int = 0
    selected: int = 0
    left_for_rate_limits: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    deliveries: dict[str, int] = field(default_factory=dict)
    requests_budgeted: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "due": self.due, "selected": self.selected,
                "left_for_rate_limits": self.left_for_rate_limits,
                "outcomes": dict(sorted(self.outcomes.items())),
                "events": dict(sorted(self.events.items())),
                "events_total": sum(self.events.values()), "deliveries": self.deliveries,
                "requests_budgeted": self.requests_budgeted, "seconds": round(self.seconds, 3)}


def _rate_limits(rt: Runtime) -> dict[str, float]:
    remote = remote_sources(rt.config)
    return {name: rt.config.sources[name].rate_limit for name in sorted(remote)}


def _baseline(store: Store, debtor_id: str, now: datetime) -> dict[str, Any] | None:
    """The kept baseline, else the stored profile if it is complete, kept from now on: the
    pass's checkpoint overwrites the stored profile, maybe with a partial one."""
    kept = watch.baseline(store.db.conn, debtor_id)
    if kept is not None:
        return kept
    stored = store.get_profile(debtor_id)
    if stored is None or not diff.comparable(stored):
        return None
    with store.atomic():
        watch.set_baseline(store.db.conn, debtor_id, stored, now)
    return stored


class _Comparer:
    """The pass's ``on_done``: compares, stores events, moves entries on (main thread)."""

    def __init__(self, store: Store, run_id: str, entries: dict[str, list[watch.Entry]],
                 baselines: dict[str, dict[str, Any] | None], result: PassResult,
                 now: datetime) -> None:
        self.store, self.run_id, self.entries = store, run_id, entries
        self.baselines, self.result, self.now = baselines, result, now
        self.finished: set[str] = set()

    def __call__(self, enriched: Enriched) -> None:
        debtor_id = enriched.debtor.debtor_id
        profile = enriched.profile
        conn = self.store.db.conn
        old = self.baselines.pop(debtor_id, None)
        found: list[diff.Change] = []
        with self.store.atomic():
            if not diff.comparable(profile):
                outcome = watch.DEFERRED
            elif old is None:
                outcome = "first"
            else:
                outcome, found = "compared", diff.diff(old, profile)
            if outcome != watch.DEFERRED:
                watch.set_baseline(conn, debtor_id, profile, self.now)
            detected = self.now.replace(microsecond=0).isoformat()
            for entry in self.entries.get(debtor_id, []):
                ids = change_store.add(conn, entry.agency_id, debtor_id, self.run_id, detected,
                                       [c.to_dict() for c in found])
                hook_store.queue(conn, entry.agency_id, debtor_id, ids, self.now)
                watch.ran(conn, entry.id, outcome, self.now, entry.every_days)
        self.finished.add(debtor_id)
        self.result.outcomes[outcome] += 1
        self.result.events.update(c.type for c in found)


def monitor_pass(rt: Runtime, options: PassOptions) -> PassResult:
    """One pass over what is due (module docstring); the store's writer lock is held while the
    debtors are enriched (a running batch makes this raise StoreBusy: try again later)."""
    started = time.monotonic()
    store = rt.store
    run_id = f"monitor-{options.now.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**6:06d}"
    result = PassResult(run_id)
    due = watch.due(store.db.conn, options.now)
    result.due = len(due)
    by_debtor: dict[str, list[watch.Entry]] = {}
    for entry in due:
        by_debtor.setdefault(entry.debtor_id, []).append(entry)
    limits = _rate_limits(rt)
    budget = Budget.of(limits, options.window_seconds, options.share)
    result.requests_budgeted = {k: round(v, 1) for k, v in budget.left.items()}
    costs = {d: costs_from_profile(store.get_profile(d), list(limits)) for d in by_debtor}
    taken, left = select(list(by_debtor), costs.__getitem__, budget, options.limit)
    result.left_for_rate_limits = len(left)
    debtors, baselines = _debtors(store, taken, by_debtor, result, options.now)
    result.selected = len(debtors)
    if debtors:
        comparer = _Comparer(store, run_id, by_debtor, baselines, result, options.now)
        _enrich(rt, debtors, run_id, options, comparer)
        crashed = len({d.debtor_id for d in debtors} - comparer.finished)
        if crashed:  # not checkpointed: their entries stay due for the next pass
            result.outcomes["crashed"] = crashed
    if options.deliver:
        result.deliveries = webhooks.deliver_due(store, options.now).to_dict()
    with store.atomic():
        store.audit(options.operator, options.purpose, "monitor",
                    details={"run_id": run_id, "selected": result.selected,
                             "outcomes": dict(result.outcomes),
                             "events": sum(result.events.values())})
    result.seconds = time.monotonic() - started
    return result


def _debtors(store: Store, ids: list[str], entries: dict[str, list[watch.Entry]],
             result: PassResult, now: datetime
             ) -> tuple[list[Debtor], dict[str, dict[str, Any] | None]]:
    """The stored debtors to enrich and their baselines; an entry whose debtor is no longer
    stored is moved on as ``unknown``."""
    debtors: list[Debtor] = []
    baselines: dict[str, dict[str, Any] | None] = {}
    for debtor_id in ids:
        debtor = store.get_debtor(debtor_id)
        if debtor is None:
            with store.atomic():
                for entry in entries[debtor_id]:
                    watch.ran(store.db.conn, entry.id, "unknown", now, entry.every_days)
            result.outcomes["unknown"] += 1
            continue
        debtors.append(debtor)
        baselines[debtor_id] = _baseline(store, debtor_id, now)
    return debtors, baselines


def runs_dir(store: Store) -> Path:
    base = store.path.absolute().parent if store.path is not None else Path.cwd()
    return base / RUNS_DIR


def _enrich(rt: Runtime, debtors: list[Debtor], run_id: str, options: PassOptions,
            on_done: _Comparer) -> None:
    """The debtors through the batch machinery (lock, job.enrich_debtors, audited checkpoints);
    the pass's profile lines go to a private file registered for ``forget`` while it exists,
    deleted at the end (the profiles are in the store)."""
    out = private_dir(runs_dir(rt.store)) / f"{run_id}.jsonl"
    batch = BatchOptions(out=out, operator=options.operator, purpose=options.purpose,
                         as_of=options.as_of, job_id=run_id, concurrency=options.concurrency,
                         web_timeout=options.web_timeout)
    summary = BatchSummary(run_id, "monitor", total=len(debtors),
                           remote=remote_sources(rt.config))
    try:
        with rt.store.acquire_lock(WRITER_LOCK, run_id):
            rt.store.start_job(run_id, None, {"operator": options.operator,
                                              "purpose": options.purpose, "monitor": True})
            rt.store.register_file("profiles_jsonl", out, run_id)
            enrich_debtors(rt, debtors, len(debtors), summary, batch, on_done=on_done)
            rt.store.finish_job(run_id)
    finally:
        out.unlink(missing_ok=True)
        with rt.store.atomic():
            outputs.unregister(rt.store.db.conn, str(out.absolute()))


__all__ = ["PassOptions", "PassResult", "monitor_pass", "runs_dir"]
