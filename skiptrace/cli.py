"""The skiptrace command line: thin commands over importable functions (skiptrace/app.py).

Every command that looks someone up needs an operator and a purpose (law 09-08: purpose
limitation): from ``--operator``/``--purpose``, the SKIPTRACE_OPERATOR / SKIPTRACE_PURPOSE
environment variables, or the config's defaults.

Each command imports its work (app, lookup, demo, evaluate) inside its function, for start-up
time: ``skiptrace --help`` loads none of them, and ``lookup`` starts its crawl child before the
heavy modules load (lookup/command.py). No import here hides a cycle (``acyclic`` in pyproject.toml).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from skiptrace.errors import SkiptraceError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("use an ISO date or time, e.g. 2026-11-27T09:00:00+00:00") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


db_option = click.option(
    "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Store: a SQLite file, or a postgresql://USER@HOST:PORT/DB URL with the password in "
         "PGPASSFILE (default: $SKIPTRACE_DB or the user data directory).",
)
config_option = click.option(
    "--config", "config", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="skiptrace.toml (default: $SKIPTRACE_CONFIG or the packaged sandbox config).",
)
operator_option = click.option(
    "--operator", envvar="SKIPTRACE_OPERATOR", default=None,
    help="Who runs this (audit log). Env: SKIPTRACE_OPERATOR.",
)
purpose_option = click.option(
    "--purpose", envvar="SKIPTRACE_PURPOSE", default=None,
    help="Why, e.g. 'CNSS recovery file 2026-0042' (audit log). Env: SKIPTRACE_PURPOSE.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
as_of_option = click.option(
    "--as-of", callback=_as_of, default=None,
    help="Fix the clock (ISO time) so that runs compare byte for byte.",
)
sandbox_option = click.option(
    "--sandbox", "sandbox_world", type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None, help="Start the sandbox for this world and query it.",
)


def lookup_options(command: Any) -> Any:
    """What every command that looks debtors up takes: store, config, who and why, clock,
    sandbox, JSON output (sqlite-utils' option bundles)."""
    for option in reversed((db_option, config_option, operator_option, purpose_option,
                            as_of_option, sandbox_option, json_option)):
        command = option(command)
    return command


def _fail(exc: Exception) -> click.ClickException:
    """The message in one place, with the exit code the error documents (default 1)."""
    return _Failure(str(exc), int(getattr(exc, "exit_code", 1)))


class _Failure(click.ClickException):
    """A ClickException whose exit code is the error's (4: nothing reachable, 2: ambiguous)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        return self.code


def _rows(rows: list[dict[str, Any]], as_json: bool, line: Any) -> None:
    """A listing command's output: one JSON array, or ``line(row)`` per row."""
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        click.echo(line(row))


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))


class _Commands(click.Group):
    """The top-level group; `sandbox` (the generator and server, a package of its own) is
    imported only when asked for, so that every other command starts faster."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "sandbox"})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "sandbox":
            from skiptrace.sandbox.cli import sandbox

            return sandbox
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        """A SkiptraceError from any command (a bad config first of all) ends in its message,
        never a traceback, whether or not the command catches it itself."""
        try:
            return super().invoke(ctx)
        except SkiptraceError as exc:
            raise _fail(exc) from exc


@click.group(cls=_Commands, context_settings=CONTEXT)
@click.version_option(package_name="skiptrace")
@click.option("--lang", envvar="SKIPTRACE_LANG", default=None, metavar="LANG",
              help="Language of what people read (tables, profiles, reports): fr (default) or "
                   "en; JSON is never translated. Env: SKIPTRACE_LANG.")
def cli(lang: str | None) -> None:
    """skiptrace: find where a debtor is and what they own, with the evidence.

    \b
    Quick start:  skiptrace demo
    One debtor:   skiptrace lookup --name "EL ALAOUI Mohamed" --cin BK100001 --city Casablanca
    A portfolio:  skiptrace enrich portfolio.csv --out profiles.jsonl
    In English:   skiptrace --lang en profile DEB-0000017
    """
    from skiptrace.i18n import set_language  # stdlib gettext only: cheap at start-up

    try:
        set_language(lang)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from exc


@cli.command()
@click.option("--debtor", "debtor_id", help="A debtor already in the store, by id.")
@click.option("--name", help="Person name (any order, Latin or Arabic) or company name.")
@click.option("--kind", type=click.Choice(["person", "company"]), default=None,
              help="Default: company when an ICE/RC or a legal form is given, else person.")
@click.option("--cin")
@click.option("--ice")
@click.option("--rc")
@click.option("--tribunal", help="Court of the RC number.")
@click.option("--phone")
@click.option("--city")
@click.option("--address")
@click.option("--birth-date", help="YYYY-MM-DD or DD/MM/YYYY.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the profile in the --format chosen to this file instead of stdout.")
@click.option("--explain", is_flag=True,
              help="After the profile, print each source's searches: key, masked value, why, "
                   "results (on stderr with --json).")
@lookup_options
def lookup(**options: Any) -> None:
    """Look one debtor up now: every enabled source, matched, profiled, stored."""
    from skiptrace.lookup import explain_searches, lookup_command

    if options.pop("as_json"):
        options["fmt"] = "json"
    explain = options.pop("explain")
    try:
        profile = lookup_command(**options)
    except SkiptraceError as exc:
        raise _fail(exc) from exc
    if explain:
        click.echo(explain_searches(profile), err=options["fmt"] == "json" and not options["out"])


@cli.command()
@click.argument("portfolio", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Profiles, one JSON a line (default: PORTFOLIO.profiles.jsonl).")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Rejected rows (default: PORTFOLIO.rejects.csv).")
@click.option("--reports", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write an HTML report per debtor into this folder.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the portfolio back with skiptrace's columns appended (best "
                   "address and phone, segment, seizable values, first proposed asset, sources "
                   "failed): one row per input row, rejects included; UTF-8 with BOM, ';'.")
@click.option("--portfolio-html", "portfolio_html", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also write one self-contained HTML page of the whole portfolio: totals, "
                   "segments and cities as charts, the worklist ranked by expected recovery per "
                   "MAD of effort (links to the --reports pages).")
@click.option("--concurrency", type=click.IntRange(1, 256), default=None,
              help="Debtors in flight at once (default from the config).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes doing the per-debtor work (matching, profiles are CPU-bound); "
                   "1 runs in this process, use the number of cores (2 on a 2-core machine).")
@click.option("--executor", type=click.Choice(["embedded", "dask"]), default=None,
              help="Where the per-debtor work runs: embedded (this process, or --workers "
                   "processes) or dask (a Dask cluster: --scheduler, else a local one of "
                   "--workers processes). Default from the config: embedded.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="With --executor dask: the Dask scheduler that workers started with "
                   "`skiptrace worker` serve (default from the config; none: a local cluster).")
@click.option("--refresh", is_flag=True, help="Redo a finished job from scratch.")
@click.option("--audit-copy", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Append the audit chain's head (last id and hash) to this file at the end of "
                   "the job: keep it where whoever can write the store cannot (docs/security.md).")
@click.option("--no-retry", "no_retry", is_flag=True,
              help="On a rerun, keep debtors left partial or failed as they are (default: "
                   "enrich them again, replacing their output line).")
@click.option("--job", "job_id", default=None, help="Job id (default: from the portfolio's content).")
@lookup_options
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--events", is_flag=True,
              help="Print one JSON event per checkpointed debtor on stderr (for supervisors).")
def enrich(**options: Any) -> None:
    """Enrich a whole portfolio: resumable, checkpointed per debtor, one profile a line.

    Exit codes: 0 every debtor done; 3 finished, but some debtors are partial, failed or crashed
    (run it again to retry them); 4 no source could be reached; 1 an error stopped the job."""
    from skiptrace import app

    options["retry"] = not options.pop("no_retry")
    try:
        summary = app.enrich_command(**options)
    except SkiptraceError as exc:
        raise _fail(exc) from exc
    sys.exit(summary.exit_code())


@cli.command()
@click.option("--scheduler", required=True, metavar="tcp://HOST:PORT",
              help="The Dask scheduler that `enrich --executor dask --scheduler` sends to.")
@click.option("--nthreads", type=click.IntRange(1, 256), default=4, show_default=True,
              help="Debtors this worker enriches at once (API sources wait on the network).")
@click.option("--host", default=None,
              help="Address this worker listens on, reachable from the scheduler and the job.")
@click.option("--name", default=None, help="This worker's name in the scheduler.")
def worker(scheduler: str, nthreads: int, host: str | None, name: str | None) -> None:
    """Serve batch jobs' per-debtor work from this machine (a Dask worker under its nanny).

    The sources' credentials come from this machine's environment; the config itself and the
    store's location come with each job (docs/deploy.md, "Workers")."""
    from skiptrace.pipeline.distributed import serve_worker

    try:
        serve_worker(scheduler, nthreads=nthreads, host=host, name=name)
    except SkiptraceError as exc:
        raise _fail(exc) from exc


@cli.command()
@click.argument("debtor_id")
@click.option("--format", "fmt", type=click.Choice(["json", "html", "graphml", "text"]),
              default="text")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@db_option
def profile(debtor_id: str, fmt: str, out: Path | None, db: Path | None) -> None:
    """Show or export a debtor's stored profile."""
    from skiptrace import app

    try:
        app.profile_command(debtor_id, fmt, out, db)
    except SkiptraceError as exc:
        raise _fail(exc) from exc


@cli.command()
@click.option("--profiles", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              required=True, help="profiles.jsonl written by enrich.")
@click.option("--truth", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              required=True, help="truth.jsonl of the world.")
@click.option("--threshold", type=float, default=None,
              help="Count links at or above this probability (default: every link listed).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@json_option
def evaluate(profiles: Path, truth: Path, threshold: float | None, out: Path | None,
             as_json: bool) -> None:
    """Measure match quality of profiles against a world's truth: anyone, any world."""
    from skiptrace.evaluate import evaluate_files, render_evaluation

    report = evaluate_files(profiles, truth, threshold=threshold)
    if out is not None:
        from skiptrace.privacy import private_open

        with private_open(out, "w") as fh:
            json.dump(report, fh, indent=2, sort_keys=True)
    if as_json:
        _emit_json(report)
    else:
        render_evaluation(report)


@cli.group(invoke_without_command=True)
@click.option("--debtor", "debtor_id", default=None)
@click.option("--limit", type=int, default=50)
@db_option
@json_option
@click.pass_context
def audit(ctx: click.Context, debtor_id: str | None, limit: int, db: Path | None,
          as_json: bool) -> None:
    """Who looked up whom, when, for what purpose (append-only, hash-chained log);
    ``audit verify`` checks the chain."""
    ctx.obj = {"db": db, "as_json": as_json}
    if ctx.invoked_subcommand is None:
        from skiptrace import app

        app.audit_command(debtor_id, limit, db, as_json)


@audit.command("verify")
@click.option("--against", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None, help="A file of chain heads copied by enrich --audit-copy: each must "
                                 "still be in the chain.")
@db_option
@json_option
@click.pass_context
def audit_verify(ctx: click.Context, against: Path | None, db: Path | None,
                 as_json: bool) -> None:
    """Check the audit hash chain: OK with the row count and head, or the first broken link
    (exit 1)."""
    from skiptrace import app

    ok = app.audit_verify_command(db or ctx.obj["db"], against, as_json or ctx.obj["as_json"])
    if not ok:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("debtor_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--vacuum", is_flag=True,
              help="Also rebuild the database file (slow on a big store; see docs/store.md).")
@db_option
@operator_option
@purpose_option
@json_option
def forget(debtor_id: str, yes: bool, vacuum: bool, db: Path | None, operator: str | None,
           purpose: str | None, as_json: bool) -> None:
    """Erase a debtor everywhere skiptrace wrote them (law 09-08), audit-logged."""
    from skiptrace import app
    from skiptrace.i18n import _

    if not yes:
        click.confirm(_("Erase every stored datum about {debtor_id}?").format(debtor_id=debtor_id),
                      abort=True)
    try:
        app.forget_command(debtor_id, db, operator, purpose, vacuum=vacuum, as_json=as_json)
    except SkiptraceError as exc:
        raise _fail(exc) from exc


@cli.command()
@click.option("--before", callback=_as_of, default=None,
              help="Forget debtors whose last activity is older than this ISO date or time.")
@click.option("--job", "job_id", default=None, help="Forget the debtors checkpointed in this job.")
@click.option("--dry-run", is_flag=True, help="Only say how many debtors would be forgotten.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--vacuum", is_flag=True, help="Also rebuild the database file afterwards.")
@db_option
@operator_option
@purpose_option
@json_option
def purge(before: datetime | None, job_id: str | None, dry_run: bool, yes: bool, vacuum: bool,
          db: Path | None, operator: str | None, purpose: str | None, as_json: bool) -> None:
    """Retention: forget every debtor inactive since --before (and/or of --job), like forget."""
    from skiptrace import app
    from skiptrace.i18n import _

    if before is None and job_id is None:
        raise click.UsageError("say what to purge: --before DATE and/or --job JOB_ID")
    if not (yes or dry_run):
        click.confirm(_("Erase every debtor selected, everywhere?"), abort=True)
    try:
        app.purge_command(before, job_id, db, operator, purpose, dry_run=dry_run, vacuum=vacuum,
                          as_json=as_json)
    except SkiptraceError as exc:
        raise _fail(exc) from exc


@cli.command()
@click.argument("name")
@db_option
def unlock(name: str, db: Path | None) -> None:
    """Release a job lock whose holder is gone (the busy message names the lock)."""
    from skiptrace import app

    app.unlock_command(name, db)


@cli.group("store")
def store_group() -> None:
    """The store itself (docs/store.md)."""


@store_group.command("migrate")
@click.argument("sqlite_path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("postgres_url")
@json_option
def store_migrate(sqlite_path: Path, postgres_url: str, as_json: bool) -> None:
    """Copy the SQLite store SQLITE_PATH into the empty PostgreSQL database POSTGRES_URL (no
    password in the URL: PGPASSFILE), every table in one transaction, then verify the audit
    chain there."""
    from skiptrace.i18n import _
    from skiptrace.store.transfer import migrate_store

    try:
        done = migrate_store(str(sqlite_path), postgres_url)
    except SkiptraceError as exc:
        raise _fail(exc) from exc
    if as_json:
        _emit_json(done.to_dict())
        return
    click.echo(_("copied {rows} rows into {target}; audit chain verified: {count} rows").format(
        rows=sum(done.rows.values()), target=done.target, count=done.audit["rows"]))


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-out"))
@click.option("--debtors", type=click.IntRange(10, 100_000), default=300)
@click.option("--seed", type=int, default=2026)
def demo(out: Path, debtors: int, seed: int) -> None:
    """The main job on the embedded default: generate, serve, enrich, evaluate."""
    from skiptrace.demo import run_demo

    try:
        run_demo(out, debtors=debtors, seed=seed)
    except SkiptraceError as exc:
        raise _fail(exc) from exc


@cli.group(invoke_without_command=True)
@config_option
@json_option
@click.pass_context
def sources(ctx: click.Context, config: Path | None, as_json: bool) -> None:
    """List the configured sources (``sources check`` probes them)."""
    ctx.obj = {"config": config, "as_json": as_json}
    if ctx.invoked_subcommand is None:
        from skiptrace import app

        app.sources_command(config, as_json)


@sources.command("check")
@config_option
@sandbox_option
@db_option
@json_option
@click.pass_context
def sources_check(ctx: click.Context, config: Path | None, sandbox_world: Path | None,
                  db: Path | None, as_json: bool) -> None:
    """Probe every source: reachable, auth ok, latency (file sources: records in the store,
    --db or $SKIPTRACE_DB). --config goes before or after ``check``."""
    from skiptrace import app

    app.sources_check_command(config or ctx.obj["config"], as_json or ctx.obj["as_json"],
                              sandbox_world, db)


@cli.command("import")
@click.argument("source")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), default=None)
@db_option
@json_option
def import_(source: str, file: Path, rejects: Path | None, db: Path | None, as_json: bool) -> None:
    """Import a bulk extract (CSV / JSON Lines) of SOURCE into the store, row by row."""
    from skiptrace import app

    try:
        app.import_command(source, file, rejects, db, as_json)
    except SkiptraceError as exc:
        raise _fail(exc) from exc


@cli.command()
@click.argument("source", type=click.Choice(["company_register"]))
@db_option
@config_option
@sandbox_option
@json_option
def harvest(source: str, db: Path | None, config: Path | None, sandbox_world: Path | None,
            as_json: bool) -> None:
    """Crawl a whole directory into the store, so lookups can match locally."""
    from skiptrace import app

    try:
        app.harvest_command(source, db, config, sandbox_world, as_json)
    except SkiptraceError as exc:
        raise _fail(exc) from exc



@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (keep 127.0.0.1 behind a reverse proxy: docs/deploy.md).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--rate", type=click.FloatRange(min=0.001), default=5.0, show_default=True,
              help="Requests per second per API key (token bucket, docs/api.md).")
@click.option("--burst", type=click.IntRange(min=1), default=20, show_default=True,
              help="Requests a key may send at once before the rate applies.")
@click.option("--max-upload-mb", type=click.IntRange(min=1), default=20, show_default=True,
              help="Largest portfolio upload (POST /v1/batches).")
@click.option("--ssl-certfile", default=None, help="Serve TLS directly (else use a proxy).")
@click.option("--ssl-keyfile", default=None)
@click.option("--no-warm", "no_warm", is_flag=True,
              help="No crawl child kept open: web sources are not asked by lookups.")
@click.option("--insecure-cookies", is_flag=True,
              help="The review page's cookies without Secure, for http on 127.0.0.1 only "
                   "(tests, a local trial; docs/review.md).")
@click.option("--monitor-every", type=click.FloatRange(min=0.1), default=15.0, show_default=True,
              help="Minutes between monitoring passes (the watch list, docs/monitoring.md).")
@click.option("--no-monitor", "no_monitor", is_flag=True,
              help="No scheduled monitoring pass (run `skiptrace monitor` yourself).")
@db_option
@config_option
@sandbox_option
def serve(host: str, port: int, rate: float, burst: int, max_upload_mb: int,
          ssl_certfile: str | None, ssl_keyfile: str | None, no_warm: bool,
          insecure_cookies: bool, monitor_every: float, no_monitor: bool, db: Path | None,
          config: Path | None, sandbox_world: Path | None) -> None:
    """The HTTP API for case systems (docs/api.md): lookups, profiles, batches, audit; the
    review page under /review (docs/review.md); monitoring passes (docs/monitoring.md)."""
    from skiptrace.context import resolve_db
    from skiptrace.i18n import _
    from skiptrace.sandbox.serving import sandbox_for
    from skiptrace.service.server import serve as run
    from skiptrace.service.settings import MiB, ServiceSettings

    if insecure_cookies and host not in ("127.0.0.1", "::1", "localhost"):
        raise click.UsageError(_("--insecure-cookies is for http on 127.0.0.1 only"))
    settings = ServiceSettings(db=resolve_db(db), config=config, rate=rate, burst=burst,
                               max_body=max_upload_mb * MiB, warm=not no_warm,
                               cookie_secure=not insecure_cookies,
                               monitor_every=None if no_monitor else monitor_every * 60)
    try:
        with sandbox_for(sandbox_world):
            run(settings, host=host, port=port, ssl_certfile=ssl_certfile,
                ssl_keyfile=ssl_keyfile)
    except SkiptraceError as exc:
        raise _fail(exc) from exc


@cli.group()
def keys() -> None:
    """API keys of the HTTP service: each bound to a role and an agency (docs/api.md)."""


@keys.command("create")
@click.option("--role", required=True,
              type=click.Choice(["investigator", "case_system", "supervisor", "admin"]))
@click.option("--agency", required=True, help="The agency whose debtors the key sees.")
@click.option("--name", required=True, help="Who or what holds the key (a case system, a person).")
@operator_option
@purpose_option
@db_option
@json_option
def keys_create(role: str, agency: str, name: str, operator: str | None, purpose: str | None,
                db: Path | None, as_json: bool) -> None:
    """Make a key; its token is printed this once (only its hash is kept)."""
    from skiptrace.i18n import _
    from skiptrace.service import keys as service_keys

    made = service_keys.create(db, name=name, role=role, agency=agency,
                               operator=operator or _user(), purpose=purpose or "key management")
    _shown_once(made, as_json, _("key {id} ({role}, {agency}): {token}").format(
        id=made["id"], role=made["role"], agency=made["agency"], token=made["token"]),
        _("the token is shown this once: only its hash is kept"))


def _shown_once(made: dict[str, Any], as_json: bool, line: str, warning: str) -> None:
    """A credential just made (an API key's token, a webhook's secret): the whole record as
    JSON, or one line with the warning on stderr that it will never be shown again."""
    if as_json:
        click.echo(json.dumps(made, ensure_ascii=False))
        return
    click.echo(line)
    click.echo(warning, err=True)


@keys.command("list")
@db_option
@json_option
def keys_list(db: Path | None, as_json: bool) -> None:
    """Every key: id, name, role, agency, made, revoked (never a token)."""
    from skiptrace.service import keys as service_keys

    _rows(service_keys.listing(db), as_json, lambda row: (
        f"{row['id']}\t{row['role']}\t{row['agency']}\t{row['name']}"
        + (f" revoked {row['revoked_at']}" if row["revoked_at"] else "")))


@keys.command("revoke")
@click.argument("key_id", type=int)
@operator_option
@purpose_option
@db_option
def keys_revoke(key_id: int, operator: str | None, purpose: str | None, db: Path | None) -> None:
    """Revoke a key at once (exit 1 if it was unknown or revoked already)."""
    from skiptrace.i18n import _
    from skiptrace.service import keys as service_keys

    if not service_keys.revoke(db, key_id, operator=operator or _user(),
                               purpose=purpose or "key management"):
        raise click.ClickException(_("no live key {id}").format(id=key_id))
    click.echo(_("revoked key {id}").format(id=key_id))


@cli.group()
def accounts() -> None:
    """Local accounts of the review page (docs/review.md): passwords hashed with Argon2id."""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    from skiptrace.i18n import _

    value: str = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    return value


@accounts.command("create")
@click.argument("username")
@click.option("--role", required=True,
              type=click.Choice(["investigator", "supervisor", "admin"]),
              help="investigator: contact candidates only; supervisor, admin: assets too.")
@click.option("--agency", required=True, help="The agency whose queue the account sees.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@operator_option
@purpose_option
@db_option
@json_option
def accounts_create(username: str, role: str, agency: str, password_stdin: bool,
                    operator: str | None, purpose: str | None, db: Path | None,
                    as_json: bool) -> None:
    """A new account of the review page."""
    from skiptrace.i18n import _
    from skiptrace.service import accounts as service_accounts

    try:
        made = service_accounts.create(db, username=username, password=_password(password_stdin),
                                       role=role, agency=agency, operator=operator or _user(),
                                       purpose=purpose or "account management")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(made, ensure_ascii=False))
        return
    click.echo(_("account {id} ({role}, {agency}): {username}").format(**made))


@accounts.command("list")
@db_option
@json_option
def accounts_list(db: Path | None, as_json: bool) -> None:
    """Every account: id, username, role, agency, made, disabled, locked until."""
    from skiptrace.service import accounts as service_accounts

    rows = service_accounts.listing(db)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        state = f" disabled {row['disabled_at']}" if row["disabled_at"] else ""
        state += f" locked until {row['locked_until']}" if row["locked_until"] else ""
        click.echo(f"{row['id']}\t{row['role']}\t{row['agency']}\t{row['username']}{state}")


@accounts.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@operator_option
@purpose_option
@db_option
def accounts_password(username: str, password_stdin: bool, operator: str | None,
                      purpose: str | None, db: Path | None) -> None:
    """A new password (the lock lifted, every session ended)."""
    from skiptrace.i18n import _
    from skiptrace.service import accounts as service_accounts

    try:
        done = service_accounts.set_password(db, username, _password(password_stdin),
                                             operator=operator or _user(),
                                             purpose=purpose or "account management")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if not done:
        raise click.ClickException(_("no account {name}").format(name=username))


@accounts.command("disable")
@click.argument("username")
@operator_option
@purpose_option
@db_option
def accounts_disable(username: str, operator: str | None, purpose: str | None,
                     db: Path | None) -> None:
    """No more logins for this account; its sessions end at once."""
    from skiptrace.i18n import _
    from skiptrace.service import accounts as service_accounts

    if not service_accounts.disable(db, username, operator=operator or _user(),
                                    purpose=purpose or "account management"):
        raise click.ClickException(_("no live account {name}").format(name=username))


agency_option = click.option("--agency", default="default", show_default=True,
                             help="The agency whose watch list, events or webhooks these are.")


def _now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime:
    return _as_of(_ctx, _param, value) or datetime.now(UTC).replace(microsecond=0)


now_option = click.option("--now", callback=_now, default=None,
                          help="The schedule's clock (ISO time; default: now).")


@cli.group()
def watch() -> None:
    """The watch list: debtors monitored on a schedule (docs/monitoring.md)."""


@watch.command("add")
@click.argument("debtor_ids", nargs=-1)
@click.option("--job", "job_id", default=None,
              help="Also every debtor of this enrich job (a whole portfolio).")
@click.option("--schedule", default="monthly", show_default=True,
              help="daily, weekly, monthly, quarterly or a number of days such as 14d.")
@agency_option
@now_option
@db_option
@operator_option
@purpose_option
@json_option
def watch_add(debtor_ids: tuple[str, ...], job_id: str | None, schedule: str, agency: str,
              now: datetime, db: Path | None, operator: str | None, purpose: str | None,
              as_json: bool) -> None:
    """Watch debtors of the store: due at once (the first run sets the baseline), then on
    their schedule."""
    from skiptrace.i18n import _
    from skiptrace.monitor import commands

    done = commands.watch_add(db, agency=agency, debtor_ids=list(debtor_ids), job_id=job_id,
                              schedule=schedule, operator=operator or _user(),
                              purpose=purpose or "monitoring", now=now)
    if as_json:
        click.echo(json.dumps(done))
        return
    click.echo(_("{added} added, {updated} updated, every {days} days").format(
        added=done["added"], updated=done["updated"], days=done["every_days"]))


@watch.command("list")
@agency_option
@db_option
@json_option
def watch_list(agency: str, db: Path | None, as_json: bool) -> None:
    """The agency's watch list: debtor, period, next due, last run and its outcome."""
    from skiptrace.monitor import commands

    _rows(commands.watch_list(db, agency=agency), as_json, lambda row: (
        f"{row['debtor_id']}\t{row['every_days']}d\t{row['next_due']}\t"
        f"{row['last_run'] or '-'}\t{row['last_outcome'] or '-'}"))


@watch.command("remove")
@click.argument("debtor_ids", nargs=-1, required=True)
@agency_option
@db_option
@operator_option
@purpose_option
def watch_remove(debtor_ids: tuple[str, ...], agency: str, db: Path | None,
                 operator: str | None, purpose: str | None) -> None:
    """Stop watching debtors (their events stay until forget or purge)."""
    from skiptrace.i18n import _
    from skiptrace.monitor import commands

    removed = commands.watch_remove(db, agency=agency, debtor_ids=list(debtor_ids),
                                    operator=operator or _user(),
                                    purpose=purpose or "monitoring")
    click.echo(_("{count} removed").format(count=removed))


@cli.command()
@now_option
@click.option("--window-minutes", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="The pass's rate budget: each source's rate limit over this long...")
@click.option("--share", type=click.FloatRange(0.01, 1.0), default=0.5, show_default=True,
              help="...of which monitoring may use this share.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most this many debtors in this pass.")
@click.option("--no-deliver", "no_deliver", is_flag=True, help="Do not send webhooks now.")
@lookup_options
def monitor(now: datetime, window_minutes: float, share: float, limit: int | None,
            no_deliver: bool, db: Path | None, config: Path | None, operator: str | None,
            purpose: str | None, as_of: datetime | None, sandbox_world: Path | None,
            as_json: bool) -> None:
    """Run the watched debtors that are due now, store what changed, send the webhooks.

    Exit codes: 0 every debtor run was compared; 3 some were deferred (a source failed: their
    changes wait for a complete run, within a day) or crashed; 1 an error stopped the pass."""
    from skiptrace.i18n import _
    from skiptrace.monitor import commands
    from skiptrace.monitor.run import PassOptions
    from skiptrace.sandbox.serving import sandbox_for

    options = PassOptions(operator="", purpose="", now=now, as_of=as_of,
                          window_seconds=window_minutes * 60, share=share, limit=limit,
                          deliver=not no_deliver)
    with sandbox_for(sandbox_world):
        result = commands.run(db=db, config=config, operator=operator, purpose=purpose,
                              options=options)
    data = result.to_dict()
    if as_json:
        _emit_json(data)
    else:
        click.echo(_("{selected} of {due} due debtors run ({left} left for the rate limits); "
                     "{events} changes").format(selected=data["selected"], due=data["due"],
                                                left=data["left_for_rate_limits"],
                                                events=data["events_total"]))
    sys.exit(3 if result.outcomes.get("deferred") or result.outcomes.get("crashed") else 0)


@cli.command()
@click.option("--since", default=None, help="Events detected at or after this ISO time.")
@click.option("--cursor", default=None, help="Events after this cursor (the feed's next_cursor).")
@agency_option
@db_option
@operator_option
@purpose_option
def changes(since: str | None, cursor: str | None, agency: str, db: Path | None,
            operator: str | None, purpose: str | None) -> None:
    """The agency's change events as JSON Lines, oldest first (docs/monitoring.md)."""
    from skiptrace.monitor import commands

    for event in commands.changes(db, agency=agency, since=since, cursor=cursor,
                                  operator=operator or _user(), purpose=purpose or "monitoring"):
        click.echo(json.dumps(event, ensure_ascii=False, sort_keys=True))


@cli.group()
def webhooks() -> None:
    """Where change events are POSTed, signed (admins, on the host: docs/monitoring.md)."""


@webhooks.command("add")
@click.argument("url")
@click.option("--allow-private", is_flag=True,
              help="Allow a receiver on a loopback or private address (your own network).")
@agency_option
@now_option
@db_option
@operator_option
@purpose_option
@json_option
def webhooks_add(url: str, allow_private: bool, agency: str, now: datetime, db: Path | None,
                 operator: str | None, purpose: str | None, as_json: bool) -> None:
    """Register a receiver; its signing secret is printed this once."""
    from skiptrace.i18n import _
    from skiptrace.monitor import commands

    made = commands.webhook_add(db, agency=agency, url=url, allow_private=allow_private,
                                operator=operator or _user(),
                                purpose=purpose or "webhook management", now=now)
    _shown_once(made, as_json, _("webhook {id} ({agency}): secret {secret}").format(
        id=made["id"], agency=made["agency"], secret=made["secret"]),
        _("the secret is shown this once: the receiver verifies signatures with it"))


@webhooks.command("list")
@db_option
@json_option
def webhooks_list(db: Path | None, as_json: bool) -> None:
    """Every webhook: id, agency, URL, made, removed (never the secret)."""
    from skiptrace.monitor import commands

    _rows(commands.webhook_list(db), as_json, lambda row: (
        f"{row['id']}\t{row['agency_id']}\t{row['url']}"
        + (f"\tremoved {row['removed_at']}" if row["removed_at"] else "")))


@webhooks.command("remove")
@click.argument("webhook_id", type=int)
@now_option
@db_option
@operator_option
@purpose_option
def webhooks_remove(webhook_id: int, now: datetime, db: Path | None, operator: str | None,
                    purpose: str | None) -> None:
    """No more deliveries to this webhook (exit 1 if unknown or removed already)."""
    from skiptrace.i18n import _
    from skiptrace.monitor import commands

    if not commands.webhook_remove(db, webhook_id, operator=operator or _user(),
                                   purpose=purpose or "webhook management", now=now):
        raise click.ClickException(_("no live webhook {id}").format(id=webhook_id))
    click.echo(_("removed webhook {id}").format(id=webhook_id))


@webhooks.command("log")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@db_option
def webhooks_log(limit: int, db: Path | None) -> None:
    """The delivery log, newest first, as JSON Lines (no URL, body or secret)."""
    from skiptrace.monitor import commands

    for row in commands.webhook_log(db, limit):
        click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))


@webhooks.command("deliver")
@now_option
@db_option
def webhooks_deliver(now: datetime, db: Path | None) -> None:
    """Attempt the deliveries due now (retries between monitoring passes)."""
    from skiptrace.monitor import commands

    click.echo(json.dumps(commands.deliver(db, now)))


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"

def main() -> None:
    from skiptrace.memory import limit_malloc_arenas, tune_collector

    limit_malloc_arenas()  # before any thread allocates: skiptrace/memory.py says why
    try:
        tune_collector()
    except ValueError as error:  # the operator's SKIPTRACE_GC_THRESHOLDS: said, not a traceback
        raise SystemExit(f"skiptrace: {error}") from None
    cli()
