"""The commands' work, importable and testable without the CLI: lookup, enrich and friends.

cli.py parses options and calls these; they print through rich for people, JSON for machines.
"""

from __future__ import annotations

import io
import json
import sys
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from skiptrace.config import load_config
from skiptrace.context import require_purpose, resolve_db
from skiptrace.errors import ConfigError
from skiptrace.humanize import number
from skiptrace.i18n import N_, _, ngettext
from skiptrace.labels import label
from skiptrace.model import set_clock
from skiptrace.pipeline.batch import (
    BatchOptions,
    BatchSummary,
    portfolio_job_id,
)
from skiptrace.pipeline.enrich import Enriched
from skiptrace.pipeline.job import run_batch
from skiptrace.pipeline.portfolio_outputs import PortfolioOutputs, check_paths, register, write
from skiptrace.pipeline.runtime import open_runtime
from skiptrace.privacy import private_open
from skiptrace.render.summary import render_summary
from skiptrace.sandbox.serving import sandbox_for
from skiptrace.store import Store
from skiptrace.store.location import is_postgres
from skiptrace.store.locks import output_lock_name

err = Console(stderr=True)


def _emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))


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
    csv_out: Path | None = None,
    portfolio_html: Path | None = None,
    executor: str | None = None,
    scheduler: str | None = None,
) -> BatchSummary:
    """The batch job end to end; returns the summary it printed.

    ``workers``: 1 enriches in this process (threads); N > 1 in N worker processes, 2 being
    right on a 2-core machine (docs/decisions/0004). ``csv_out`` and ``portfolio_html``: the
    portfolio outputs, rebuilt from the store at the end of every run (pipeline/portfolio_outputs)."""
    set_clock(as_of)
    out = out or portfolio.with_suffix(".profiles.jsonl")
    rejects = rejects or portfolio.with_suffix(".rejects.csv")
    extra = PortfolioOutputs(csv=csv_out, html=portfolio_html, reports_dir=reports)
    check_paths(extra, {"PORTFOLIO": portfolio, "--out": out, "--rejects": rejects,
                        "--audit-copy": audit_copy})
    with sandbox_for(sandbox_world), open_runtime(db=db, config_path=config,
                                                  concurrency=concurrency) as rt:
        who, why = require_purpose(operator, purpose, rt.config)
        options = BatchOptions(
            out=out, operator=who, purpose=why, as_of=as_of, job_id=job_id, refresh=refresh,
            concurrency=concurrency or rt.config.concurrency, reports_dir=reports,
            workers=workers, retry=retry, audit_copy=audit_copy,
            crawl_processes=rt.config.crawl_processes,
            order_window=rt.config.order_window,
            executor=executor or rt.config.executor,
            scheduler=scheduler or rt.config.scheduler or None,
        )
        with _output_locks(rt.store, extra, job_id or portfolio_job_id(portfolio)):
            summary = run_batch(rt, portfolio, rejects, options,
                                progress=lambda total: _progress(quiet or as_json, total),
                                on_done=_print_event if events else None)
            written = _portfolio_outputs(rt.store, portfolio, summary.job_id, extra)
    data = {**summary.to_dict(), **({"outputs": written} if written else {})}
    if as_json:
        _emit(data)
    else:
        render_summary(data, Console())
        for what in written.values():
            err.print(_("wrote {path}").format(path=what["path"]))
    return summary


def _output_locks(store: Store, outputs: PortfolioOutputs, job_id: str) -> ExitStack:
    """Hold the portfolio outputs' locks for the whole job: a second job writing the same file
    stops at once, as for --out (docs/security.md, "One writing job per store and output")."""
    stack = ExitStack()
    for path in (outputs.csv, outputs.html):
        if path is not None:
            stack.enter_context(store.acquire_lock(output_lock_name(path), job_id))
    return stack


def _portfolio_outputs(store: Store, portfolio: Path, job_id: str, outputs: PortfolioOutputs
                       ) -> dict[str, Any]:
    if not outputs.wanted():
        return {}
    register(store, job_id, outputs)
    return write(store, portfolio, job_id, outputs)


def _print_event(enriched: Enriched) -> None:
    """--events: one JSON line per checkpointed debtor on stderr, for supervisors."""
    line = {"event": "debtor_done", "debtor_id": enriched.debtor.debtor_id,
            "status": enriched.status}
    print(json.dumps(line), file=sys.stderr, flush=True)


class _progress:
    """A rich progress bar with rate and ETA, or nothing when quiet."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.bar: Progress | None = None
        if not quiet:
            self.bar = Progress(
                TextColumn(_("enriching")), BarColumn(), MofNCompleteColumn(),
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
        if self.bar is None:  # quiet: __enter__ handed out no advance
            raise RuntimeError("advance() on a quiet progress bar")
        self.count += n
        rate = self.count / max(time.monotonic() - self.started, 1e-6)
        self.bar.update(self.task, advance=n,
                        rate=_("{rate} debtors/s").format(rate=number(rate, 1)))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def show_profile(profile: dict[str, Any], fmt: str, out: Path | None) -> None:
    # Lazy: a command loads the renderer it shows with, not all four.
    from skiptrace.render import graphml, html, terminal
    from skiptrace.render import json as render_json

    if fmt == "text" and out is None:
        terminal.render(profile, Console())
        text = None
    elif fmt == "text":  # --out: the same view as plain text, 100 columns, no colour codes
        buffer = io.StringIO()
        terminal.render(profile, Console(file=buffer, width=100, color_system=None))
        text = buffer.getvalue()
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
    if str(path) != ":memory:" and not is_postgres(path) and not path.exists():
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
    _table(N_("Audit log"), entries,
           ("at", "operator", "purpose", "action", "debtor_id", "target", "details"))


def audit_verify_command(db: Path | None, against: Path | None, as_json: bool) -> bool:
    """Print the chain check; True when the chain (and the copied heads) hold."""
    with _existing_store(db) as store:
        report = store.verify_audit(against)
    if as_json:
        _emit(report)
    elif report["ok"]:
        checked = _(", {n} copied heads found").format(
            n=number(report["heads_checked"])) if against else ""
        Console().print(_("audit chain OK: {rows} rows, head {id} {hash}{checked}").format(
            rows=number(report["rows"]), id=report["head"]["id"], hash=report["head"]["hash"],
            checked=checked))
    else:
        broken = report["broken"]
        err.print(_("audit chain BROKEN at row {id}: {reason}").format(
            id=broken["id"], reason=broken["reason"]))
    return bool(report["ok"])


def _print_erasure(title: str, erasure: Any, as_json: bool) -> None:
    if as_json:
        _emit(erasure.to_dict())
        return
    counts = ", ".join(f"{label('erased', k)} {number(v)}" for k, v in erasure.counts.items() if v)
    console = Console()
    console.print(_("{title}: {counts}; WAL {wal}").format(
        title=title, counts=counts or _("nothing else held"), wal=erasure.wal_checkpoint))
    for touched in erasure.files:
        console.print(_("  {action}: {path}").format(action=label("file_action", touched["action"]),
                                                     path=touched["path"]), overflow="fold")


def forget_command(debtor_id: str, db: Path | None, operator: str | None,
                   purpose: str | None, *, vacuum: bool = False, as_json: bool = False) -> None:
    if not operator or not purpose:
        raise ConfigError("forget needs --operator and --purpose (it is audit-logged)")
    with _existing_store(db) as store:
        erased = store.forget(debtor_id, operator, purpose, vacuum=vacuum)
    _print_erasure(_("erased {ids}").format(ids=", ".join(erased.debtor_ids)), erased, as_json)


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
        _emit(data) if as_json else Console().print(ngettext(
            "{n} debtor would be forgotten", "{n} debtors would be forgotten",
            data["would_forget"]).format(n=number(data["would_forget"])))
        return
    _print_erasure(ngettext("purged {n} debtor", "purged {n} debtors", len(result.debtor_ids))
                   .format(n=number(len(result.debtor_ids))), result, as_json)


def unlock_command(name: str, db: Path | None) -> None:
    with _existing_store(db) as store:
        holder = store.break_lock(name)
    Console().print(f"released {name} ({holder.describe()})" if holder else f"{name} was free")


def sources_command(config: Path | None, as_json: bool) -> None:
    from skiptrace.connectors.sources import list_sources  # lazy: this command only

    rows = list_sources(load_config(config))
    if as_json:
        _emit(rows)
        return
    _table(N_("Configured sources"), rows, ("name", "kind", "enabled", "base_url", "format",
                                        "credentials", "rate_limit", "timeout"))


def sources_check_command(config: Path | None, as_json: bool, sandbox_world: Path | None,
                          db: Path | None = None) -> None:
    """Probe every source; with a store, imported and harvested sources are checked too: the
    store of --db, else the default one ($SKIPTRACE_DB or the user data directory) when it
    exists (a check creates no store)."""
    from skiptrace.connectors.sources import check_sources  # lazy: this command only

    path = resolve_db(db)
    with ExitStack() as stack:
        stack.enter_context(sandbox_for(sandbox_world))
        opened = db is not None or path.exists()
        store = stack.enter_context(Store.open(path)) if opened else None
        health = [h.to_dict() for h in check_sources(load_config(config), store=store)]
    if as_json:
        _emit(health)
        return
    _table(N_("Source health"), health, ("source", "reachable", "auth_ok", "latency_ms", "detail"))


def _table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """Print rows as a table people read: ``title`` in English (marked with ``N_``),
    translated here; columns, times and codes in words (skiptrace.render.tables)."""
    from skiptrace.render.tables import fitted  # lazy: the commands that print tables only

    console = Console()
    console.print(fitted(console, _(title), rows, columns))


def import_command(source: str, file: Path, rejects: Path | None, db: Path | None,
                   as_json: bool, config: Path | None = None) -> None:
    from skiptrace.pipeline.importer import import_file, write_rejects  # lazy: this command only

    with Store.open(resolve_db(db)) as store:
        result = import_file(store, source, file, config=load_config(config))
    if rejects is not None and result.rejects:
        write_rejects(rejects, result.rejects)
    data = result.summary()
    _emit(data) if as_json else Console().print(data)


def harvest_command(source: str, db: Path | None, config: Path | None,
                    sandbox_world: Path | None, as_json: bool) -> None:
    from skiptrace.pipeline.harvest import harvest  # lazy: this command only

    with sandbox_for(sandbox_world), open_runtime(db=db, config_path=config) as rt:
        if as_json:
            result = harvest(source, rt.store, rt.config)
        else:
            with Progress(TextColumn(_("harvesting {what}").format(what="{task.description}")),
                          TextColumn(_("{n} records").format(n="{task.completed}")),
                          console=err) as bar:
                task = bar.add_task(label("source", source), total=None)
                result = harvest(source, rt.store, rt.config,
                                 progress=lambda n: bar.update(task, completed=n))
    data = result.to_dict()
    _emit(data) if as_json else Console().print(data)
