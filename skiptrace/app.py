"""The commands' work, importable and testable without the CLI: lookup, enrich and friends.

cli.py parses options and calls these; they print through rich for people, JSON for machines.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from skiptrace.batch import (
    BatchOptions,
    BatchSummary,
    job_incomplete,
    now_or,
    portfolio_job_id,
    prepare_output,
    prepare_reports,
    remote_sources,
    run_enrichment,
)
from skiptrace.context import require_purpose, resolve_db, sandbox_for
from skiptrace.enrich import Enriched, Enricher
from skiptrace.errors import ConfigError
from skiptrace.model import Debtor, set_clock
from skiptrace.privacy import private_dir, private_open
from skiptrace.render_summary import render_summary
from skiptrace.runtime import Runtime, open_runtime
from skiptrace.store import Store
from skiptrace.store.audit import append_chain_head
from skiptrace.store.locks import WRITER_LOCK, output_lock_name
from skiptrace.webhub import WebHub

err = Console(stderr=True)


def _emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))


def _warnings_path(rejects: Path) -> Path:
    warnings = rejects.with_name(rejects.name.replace("rejects", "warnings"))
    return rejects.with_suffix(".warnings.csv") if warnings == rejects else warnings


def _read_portfolio(portfolio: Path, rejects: Path) -> tuple[list[Debtor], int, int]:
    from skiptrace.intake import load_portfolio

    result = load_portfolio(portfolio, rejects_path=rejects, warnings_path=_warnings_path(rejects))
    return list(result.debtors), result.rejected, result.warned


def _register_outputs(store: Store, job_id: str, options: BatchOptions, rejects: Path) -> None:
    """Tell the store which files this job writes personal data into: ``forget`` reaches them."""
    store.register_file("profiles_jsonl", options.out, job_id)
    for kind, path in (("rejects_csv", rejects), ("warnings_csv", _warnings_path(rejects))):
        if path.exists():
            store.register_file(kind, path, job_id)


def enrich_command(
    *,
    portfolio: Path,
    out: Path | None,
    rejects: Path | None,
    reports: Path | None,
    concurrency: int | None,
    refresh: bool,
    job_id: str | None,
    db: Path | None,
    config: Path | None,
    operator: str | None,
    purpose: str | None,
    as_of: datetime | None,
    sandbox_world: Path | None,
    as_json: bool,
    quiet: bool,
    events: bool = False,
    workers: int = 1,
    retry: bool = True,
    audit_copy: Path | None = None,
) -> BatchSummary:
    """The batch job end to end; returns the summary it printed.

    ``workers``: 1 enriches in this process (threads); N > 1 in N worker processes, 2 being
    right on a 2-core machine (docs/decisions/0004)."""
    set_clock(as_of)
    out = out or portfolio.with_suffix(".profiles.jsonl")
    rejects = rejects or portfolio.with_suffix(".rejects.csv")
    with open_runtime(db=db, config_path=config, sandbox_world=sandbox_world,
                      concurrency=concurrency) as rt:
        who, why = require_purpose(operator, purpose, rt.config)
        options = BatchOptions(
            out=out, operator=who, purpose=why, as_of=as_of, job_id=job_id, refresh=refresh,
            concurrency=concurrency or rt.config.concurrency, reports_dir=reports,
            workers=workers, retry=retry, audit_copy=audit_copy,
        )
        summary = run_batch(rt, portfolio, rejects, options, quiet=quiet or as_json, events=events)
    if as_json:
        _emit(summary.to_dict())
    else:
        render_summary(summary.to_dict(), Console())
    return summary


def run_batch(
    rt: Runtime, portfolio: Path, rejects: Path, options: BatchOptions, *, quiet: bool,
    events: bool = False,
) -> BatchSummary:
    """One writing job per store and per output file at a time (the locks are rows in the store,
    taken before anything is written); the audit chain's head is printed and, with
    ``audit_copy``, appended to the operator's file."""
    base_id = options.job_id or portfolio_job_id(portfolio)
    job_id = f"{base_id}-r{time.time_ns()}" if options.refresh else base_id
    with (rt.store.acquire_lock(WRITER_LOCK, job_id),
          rt.store.acquire_lock(output_lock_name(options.out), job_id)):
        summary = _run_locked(rt, portfolio, rejects, options, job_id, quiet=quiet,
                              events=events)
    summary.audit_head = rt.store.audit_chain_head()
    if options.audit_copy is not None:
        append_chain_head(options.audit_copy, summary.audit_head, job_id)
    return summary


def _run_locked(
    rt: Runtime, portfolio: Path, rejects: Path, options: BatchOptions, job_id: str, *,
    quiet: bool, events: bool,
) -> BatchSummary:
    started = time.monotonic()
    debtors, rejected, warned = _read_portfolio(portfolio, rejects)
    summary = BatchSummary(job_id, str(portfolio), total=len(debtors), rejected=rejected,
                           warned=warned, remote=remote_sources(rt.config))
    rt.store.start_job(job_id, str(portfolio), {"operator": options.operator,
                                                 "purpose": options.purpose})
    _register_outputs(rt.store, job_id, options, rejects)
    checkpointed = rt.store.item_statuses(job_id)
    done = prepare_output(rt.store, job_id, options.out, retry=options.retry)
    rt.store.upsert_debtors(debtors)
    pending = [d for d in debtors if d.debtor_id not in done]
    summary.already_done = len(debtors) - len(pending)
    summary.retried = sum(1 for d in pending if d.debtor_id in checkpointed)
    if options.reports_dir is not None:
        private_dir(options.reports_dir)
        prepare_reports(rt.store, options.reports_dir, done)
    hub = None
    order: Iterable[Debtor] = pending
    if pending and rt.web_sources:
        hub = WebHub(rt.web_sources, expected=(d.debtor_id for d in pending))
        hub.feed(rt.crawl(pending))
        by_id = {d.debtor_id: d for d in pending}
        order = (by_id.pop(debtor_id) for debtor_id in hub.ready())

    def on_done(enriched: Enriched) -> None:
        if events:
            line = {"event": "debtor_done", "debtor_id": enriched.debtor.debtor_id,
                    "status": enriched.status}
            print(json.dumps(line), file=sys.stderr, flush=True)

    with _progress(quiet, len(pending)) as advance:
        if options.workers > 1 and pending:  # no processes to start for nothing
            from skiptrace.workers import enrich_in_workers

            enrich_in_workers(rt, order, hub, summary, options, on_done, advance)
        else:
            _enrich_here(rt, order, hub, summary, options, on_done, advance)
    rt.store.finish_job(job_id)
    summary.job_partial = job_incomplete(rt.store, job_id)
    summary.seconds = time.monotonic() - started
    return summary


def _enrich_here(rt: Runtime, order: Iterable[Debtor], hub: WebHub | None,
                 summary: BatchSummary, options: BatchOptions,
                 on_done: Callable[[Enriched], None], advance: Callable[[int], None] | None) -> None:
    """--workers 1: every debtor on this process's threads."""
    enricher = Enricher(
        rt.connectors,
        (lambda d: hub.take(d.debtor_id, options.web_timeout)) if hub else None,
        as_of=now_or(options.as_of),
        web_workers=options.concurrency * 2,
    )
    try:
        run_enrichment(order, enricher, rt.store, summary, options, on_done=on_done,
                       progress=advance)
    finally:
        enricher.close()


class _progress:
    """A rich progress bar with rate and ETA, or nothing when quiet."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.bar: Progress | None = None
        if not quiet:
            self.bar = Progress(
                TextColumn("enriching"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(), console=err, transient=False,
            )
            self.task = self.bar.add_task("enrich", total=total, rate="")
            self.started = time.monotonic()
            self.count = 0

    def __enter__(self) -> Any:
        if self.bar is None:
            return None
        self.bar.start()
        return self.advance

    def advance(self, n: int) -> None:
        assert self.bar is not None
        self.count += n
        rate = self.count / max(time.monotonic() - self.started, 1e-6)
        self.bar.update(self.task, advance=n, rate=f"{rate:.1f} debtors/s")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def show_profile(profile: dict[str, Any], fmt: str, out: Path | None) -> None:
    from skiptrace.render import graphml, html, terminal
    from skiptrace.render import json as render_json

    if fmt == "text":
        terminal.render(profile, Console())
        text = None
    elif fmt == "json":
        text = render_json.dumps(profile)
    elif fmt == "html":
        text = html.render(profile)
    else:
        text = graphml.dumps(profile)
    if out is not None and text is not None:
        with private_open(out, "w") as fh:
            fh.write(text)
        err.print(f"wrote {out}")
    elif text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _existing_store(db: Path | None) -> Store:
    """The store a reading or erasing command works on; a path with no store is an error, not
    a new empty store (a typo in --db would otherwise "forget" successfully nothing)."""
    path = resolve_db(db)
    if str(path) != ":memory:" and not path.exists():
        raise ConfigError(f"no store at {path}: check --db or $SKIPTRACE_DB")
    return Store.open(path)


def profile_command(debtor_id: str, fmt: str, out: Path | None, db: Path | None) -> None:
    with _existing_store(db) as store:
        profile = store.get_profile(debtor_id)
        if profile is not None and out is not None:  # forget must reach this file too
            store.register_file("profile_export", out.resolve(), None, debtor_id)
    if profile is None:
        raise ConfigError(f"no profile for {debtor_id}: run `skiptrace lookup --debtor` or enrich")
    show_profile(profile, fmt, out)


def audit_command(debtor_id: str | None, limit: int, db: Path | None, as_json: bool) -> None:
    with _existing_store(db) as store:
        entries = store.audit_entries(limit=limit, debtor_id=debtor_id)
    if as_json:
        _emit(entries)
        return
    _table("Audit log", entries, ("at", "operator", "purpose", "action", "debtor_id", "target"))


def audit_verify_command(db: Path | None, against: Path | None, as_json: bool) -> bool:
    """Print the chain check; True when the chain (and the copied heads) hold."""
    with _existing_store(db) as store:
        report = store.verify_audit(against)
    if as_json:
        _emit(report)
    elif report["ok"]:
        checked = f", {report['heads_checked']} copied heads found" if against else ""
        Console().print(f"audit chain OK: {report['rows']} rows, head {report['head']['id']} "
                        f"{report['head']['hash']}{checked}")
    else:
        broken = report["broken"]
        err.print(f"audit chain BROKEN at row {broken['id']}: {broken['reason']}")
    return bool(report["ok"])


def _print_erasure(title: str, erasure: Any, as_json: bool) -> None:
    if as_json:
        _emit(erasure.to_dict())
        return
    counts = ", ".join(f"{k} {v}" for k, v in erasure.counts.items() if v)
    console = Console()
    console.print(f"{title}: {counts or 'nothing else held'}; WAL {erasure.wal_checkpoint}")
    for touched in erasure.files:
        console.print(f"  {touched['action']}: {touched['path']}")


def forget_command(debtor_id: str, db: Path | None, operator: str | None,
                   purpose: str | None, *, vacuum: bool = False, as_json: bool = False) -> None:
    if not operator or not purpose:
        raise ConfigError("forget needs --operator and --purpose (it is audit-logged)")
    with _existing_store(db) as store:
        erased = store.forget(debtor_id, operator, purpose, vacuum=vacuum)
    _print_erasure(f"erased {', '.join(erased.debtor_ids)}", erased, as_json)


def purge_command(before: datetime | None, job_id: str | None, db: Path | None,
                  operator: str | None, purpose: str | None, *, dry_run: bool = False,
                  vacuum: bool = False, as_json: bool = False) -> None:
    if not dry_run and (not operator or not purpose):
        raise ConfigError("purge needs --operator and --purpose (it is audit-logged)")
    with _existing_store(db) as store:
        result = store.purge(operator or "", purpose or "", before=before, job_id=job_id,
                             dry_run=dry_run, vacuum=vacuum)
    if dry_run:
        data = {"would_forget": len(result.debtor_ids)}
        _emit(data) if as_json else Console().print(
            f"{data['would_forget']} debtors would be forgotten")
        return
    _print_erasure(f"purged {len(result.debtor_ids)} debtors", result, as_json)


def unlock_command(name: str, db: Path | None) -> None:
    with _existing_store(db) as store:
        holder = store.break_lock(name)
    Console().print(f"released {name} ({holder.describe()})" if holder else f"{name} was free")


def sources_command(config: Path | None, as_json: bool) -> None:
    from skiptrace.config import load_config
    from skiptrace.connectors.sources import list_sources

    rows = list_sources(load_config(config))
    if as_json:
        _emit(rows)
        return
    _table("Configured sources", rows, ("name", "kind", "enabled", "base_url", "format",
                                        "credentials", "rate_limit", "timeout"))


def sources_check_command(config: Path | None, as_json: bool, sandbox_world: Path | None,
                          db: Path | None = None) -> None:
    """Probe every source; with a store, imported and harvested sources are checked too."""
    from contextlib import ExitStack

    from skiptrace.config import load_config
    from skiptrace.connectors.sources import check_sources

    with ExitStack() as stack:
        stack.enter_context(sandbox_for(sandbox_world))
        store = stack.enter_context(Store.open(resolve_db(db))) if db is not None else None
        health = [h.to_dict() for h in check_sources(load_config(config), store=store)]
    if as_json:
        _emit(health)
        return
    _table("Source health", health, ("source", "reachable", "auth_ok", "latency_ms", "detail"))


def _table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console().print(table)


def import_command(source: str, file: Path, rejects: Path | None, db: Path | None,
                   as_json: bool, config: Path | None = None) -> None:
    from skiptrace.config import load_config
    from skiptrace.importer import import_file, write_rejects

    with Store.open(resolve_db(db)) as store:
        result = import_file(store, source, file, config=load_config(config))
    if rejects is not None and result.rejects:
        write_rejects(rejects, result.rejects)
    data = result.summary()
    _emit(data) if as_json else Console().print(data)


def harvest_command(source: str, db: Path | None, config: Path | None,
                    sandbox_world: Path | None, as_json: bool) -> None:
    from skiptrace.harvest import harvest

    with open_runtime(db=db, config_path=config, sandbox_world=sandbox_world) as rt:
        if as_json:
            result = harvest(source, rt.store, rt.config)
        else:
            with Progress(TextColumn("harvesting {task.description}"), TextColumn(
                    "{task.completed} records"), console=err) as bar:
                task = bar.add_task(source, total=None)
                result = harvest(source, rt.store, rt.config,
                                 progress=lambda n: bar.update(task, completed=n))
    data = result.to_dict()
    _emit(data) if as_json else Console().print(data)
