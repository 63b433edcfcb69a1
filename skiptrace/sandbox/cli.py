"""`skiptrace sandbox ...`: generate a world, serve it, export bulk extracts.

A click group the main CLI registers; also runnable alone as ``python -m skiptrace.sandbox``.
"""

from __future__ import annotations

import signal
import sys
import tempfile
import threading
from pathlib import Path

import click

from skiptrace.sandbox.changes import NoCandidate, change_world
from skiptrace.sandbox.export import EXPORTABLE, export_source
from skiptrace.sandbox.faults import Fault, parse_fault
from skiptrace.sandbox.generate import generate_world
from skiptrace.sandbox.server import SandboxServer


@click.group(name="sandbox", context_settings={"help_option_names": ["-h", "--help"]})
def sandbox() -> None:
    """A local, deterministic stand-in for every public source, with ground truth and faults."""


@sandbox.command()
@click.option("--seed", type=int, required=True, help="Same seed and size, byte-identical world.")
@click.option("--debtors", type=click.IntRange(min=1), required=True, help="Portfolio size.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
def generate(seed: int, debtors: int, out: Path) -> None:
    """Write a world: portfolio.csv, sources/*.jsonl, truth.jsonl, manifest.json."""
    generate_world(seed, debtors, out)
    click.echo(f"world written to {out} ({debtors} debtors, seed {seed})")


def _faults(specs: tuple[str, ...]) -> list[Fault]:
    try:
        return [parse_fault(spec) for spec in specs]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fault") from exc


@sandbox.command()
@click.option("--world", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--seed", type=int, help="Generate a world into a temporary directory instead.")
@click.option("--debtors", type=click.IntRange(min=1), default=60, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=0, show_default=True, help="0 picks a free port.")
@click.option("--fault", "fault_specs", multiple=True, metavar="SOURCE:MODE[=VALUE]",
              help="Repeatable; SOURCE may be '*'. See docs/sandbox-api.md.")
@click.option("--record-arrivals", is_flag=True,
              help="Keep each source request's arrival time: GET /_admin/arrivals.")
def serve(world: Path | None, seed: int | None, debtors: int, host: str, port: int,
          fault_specs: tuple[str, ...], record_arrivals: bool) -> None:
    """Serve a world until SIGINT/SIGTERM; the first line printed is SANDBOX_URL=..."""
    if (world is None) == (seed is None):
        raise click.UsageError("give either --world DIR or --seed S [--debtors N]")
    faults = _faults(fault_specs)
    with tempfile.TemporaryDirectory(prefix="skiptrace-sandbox-") as tmp:
        if world is None:
            world = generate_world(seed or 0, debtors, Path(tmp) / "world")
        server = SandboxServer(world, host=host, port=port, faults=faults,
                               record_arrivals=record_arrivals)
        url = server.start()
        click.echo(f"SANDBOX_URL={url}")
        sys.stdout.flush()
        done = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: done.set())
        try:
            while not done.wait(0.5):
                pass
        finally:
            server.stop()


@sandbox.command()
@click.argument("source", type=click.Choice(EXPORTABLE))
@click.option("--world", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(source: str, world: Path, out: Path) -> None:
    """Write SOURCE as the bulk CSV extract an agency would receive."""
    rows = export_source(source, world, out)
    click.echo(f"{rows} rows written to {out}")


@sandbox.command()
@click.option("--world", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="A new directory: the changed world and its answer key, changes.json.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Which debtors change (same world and seed, same change set).")
def change(world: Path, out: Path, seed: int) -> None:
    """Write WORLD some months later: a new title, a seizure, a move, a closure, a successor."""
    try:
        key = change_world(world, out, seed)
    except (NoCandidate, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from exc
    for item in key["changes"]:
        click.echo(f"{item['change']}\t{item['debtor_id']}\t{','.join(item['records'])}")


def main() -> None:
    sandbox()
