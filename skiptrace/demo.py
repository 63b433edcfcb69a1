"""``skiptrace demo``: the main job end to end on the embedded default, nothing to set up.

Generates a world of a few hundred debtors, serves it on a free local port, enriches its
portfolio into a fresh SQLite store, writes profiles, HTML reports and an evaluation against the
world's truth into ``demo-out/``, prints the summary and the evaluation, and stops the server.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from rich.console import Console

from skiptrace.app import enrich_command
from skiptrace.evaluate import evaluate_files, render_evaluation
from skiptrace.humanize import number
from skiptrace.i18n import _, ngettext
from skiptrace.privacy import private_dir, private_open

OPERATOR = "demo"
PURPOSE = "demonstration on generated sandbox data"


def _empty(out: Path) -> None:
    """Start from nothing, but never wipe a folder that is not a previous demo's."""
    if out.exists():
        known = {"world", "profiles.jsonl", "reports", "skiptrace.db", "evaluation.json",
                 "rejects.csv", "warnings.csv", "summary.json"}
        strangers = [p.name for p in out.iterdir() if p.name not in known
                     and not p.name.startswith("skiptrace.db")]
        if strangers:
            raise SystemExit(_("{out} holds files the demo did not write ({files}); choose "
                               "another --out").format(out=out, files=", ".join(strangers[:3])))
        shutil.rmtree(out)
    private_dir(out)


def _name_row_files(console: Console, summary: dict, out: Path) -> None:
    """Say where the rows counted as warned or rejected are: a count alone sends people
    looking (enrich writes them beside the rejects file, pipeline/job.py)."""
    warned, rejected = summary.get("warned") or 0, summary.get("rejected") or 0
    if warned:
        console.print(ngettext("{n} row with warnings: see {path}",
                               "{n} rows with warnings: see {path}", warned).format(
            n=warned, path=out / "warnings.csv"))
    if rejected:
        console.print(ngettext("{n} row rejected: see {path}", "{n} rows rejected: see {path}",
                               rejected).format(n=rejected, path=out / "rejects.csv"))


def run_demo(out: Path, *, debtors: int = 300, seed: int = 2026) -> dict:
    from skiptrace.sandbox.generate import generate_world  # lazy: only the demo generates

    console = Console()
    _empty(out)
    started = time.monotonic()
    world = out / "world"
    console.rule("[bold]skiptrace demo")
    console.print(_("generating a sandbox world: {debtors} debtors, seed {seed} → {world}").format(
        debtors=debtors, seed=seed, world=world))
    generate_world(seed, debtors, world)
    console.print(_("serving it on 127.0.0.1 and enriching the portfolio through every source"))
    summary = enrich_command(
        portfolio=world / "portfolio.csv", out=out / "profiles.jsonl",
        rejects=out / "rejects.csv", reports=out / "reports", concurrency=None, refresh=False,
        job_id=None, db=out / "skiptrace.db", config=None, operator=OPERATOR, purpose=PURPOSE,
        as_of=None, sandbox_world=world, as_json=False, quiet=False,
    )
    _name_row_files(console, summary.to_dict(), out)
    report = evaluate_files(out / "profiles.jsonl", world / "truth.jsonl")
    with private_open(out / "evaluation.json", "w") as fh:
        json.dump(report, fh, indent=2, sort_keys=True)
    with private_open(out / "summary.json", "w") as fh:
        json.dump(summary.to_dict(), fh, indent=2, sort_keys=True)
    console.rule("[bold]" + _("evaluation against the world's truth"))
    render_evaluation(report)
    console.print("\n" + _("done in {seconds} s · profiles {profiles} · reports {reports} · "
                           "store {store} · evaluation {evaluation}").format(
        seconds=number(time.monotonic() - started, 1), profiles=out / "profiles.jsonl",
        reports=out / "reports", store=out / "skiptrace.db", evaluation=out / "evaluation.json"))
    return report
