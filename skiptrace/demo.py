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
            raise SystemExit(f"{out} holds files the demo did not write ({strangers[:3]}); "
                             "choose another --out")
        shutil.rmtree(out)
    private_dir(out)


def _name_row_files(console: Console, summary: dict, out: Path) -> None:
    """Say where the rows counted as warned or rejected are: a count alone sends people
    looking (enrich writes them beside the rejects file, pipeline/job.py)."""
    for key, path, what in (("warned", out / "warnings.csv", "lignes avec avertissements"),
                            ("rejected", out / "rejects.csv", "lignes rejetées")):
        if summary.get(key):
            console.print(f"{summary[key]} {what} : voir {path}")


def run_demo(out: Path, *, debtors: int = 300, seed: int = 2026) -> dict:
    from skiptrace.sandbox.generate import generate_world  # lazy: only the demo generates

    console = Console()
    _empty(out)
    started = time.monotonic()
    world = out / "world"
    console.rule("[bold]skiptrace demo")
    console.print(f"generating a sandbox world: {debtors} debtors, seed {seed} → {world}")
    generate_world(seed, debtors, world)
    console.print("serving it on 127.0.0.1 and enriching the portfolio through every source")
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
    console.rule("[bold]evaluation against the world's truth")
    render_evaluation(report)
    console.print(
        f"\ndone in {time.monotonic() - started:.1f} s · profiles {out / 'profiles.jsonl'} · "
        f"reports {out / 'reports'} · store {out / 'skiptrace.db'} · evaluation "
        f"{out / 'evaluation.json'}"
    )
    return report
