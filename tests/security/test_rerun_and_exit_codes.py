"""Issue 10 item 8: partial profiles are retried on a rerun, and the exit code tells the truth.

On 1701b9c a rerun after the sources died said "already done" for every partial profile, and an
enrich in which every source failed exited 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from skiptrace.config import load_config
from skiptrace.context import remote_sources
from skiptrace.sandbox.server import SandboxServer
from tests.portfolios import first_rows

pytestmark = pytest.mark.integration
AS_OF = "2026-11-27T09:00:00+00:00"



def enrich(portfolio: Path, run: Path, url: str, *extra: str) -> tuple[int, dict]:
    run.mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "skiptrace", "enrich", str(portfolio), "--db", str(run / "s.db"),
         "--out", str(run / "profiles.jsonl"), "--rejects", str(run / "rejects.csv"),
         "--operator", "test", "--purpose", "rerun test", "--as-of", AS_OF, "--quiet", "--json",
         "--concurrency", "2", *extra],
        env={**os.environ, "SKIPTRACE_SANDBOX_URL": url},
        capture_output=True, text=True, timeout=240,
    )
    assert done.stdout, done.stderr[-3000:]
    return done.returncode, json.loads(done.stdout)


def output(run: Path) -> list[dict]:
    text = (run / "profiles.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_a_rerun_retries_partial_debtors_and_replaces_their_lines(
    sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer], sandbox_url: str,
    tmp_path: Path,
) -> None:
    portfolio = first_rows(sandbox_world, tmp_path, 5)
    run = tmp_path / "run"
    broken = fresh_sandbox(faults=("land_registry:down",))
    code, summary = enrich(portfolio, run, broken.url)
    assert code == 3 and summary["exit_code"] == 3
    assert summary["partial"] == 5 and all(p["partial"] for p in output(run))

    code, summary = enrich(portfolio, run, sandbox_url)  # the source is back
    assert summary["retried"] == 5 and summary["processed"] == 5
    assert summary["already_done"] == 0
    profiles = output(run)
    assert len(profiles) == 5 == len({p["debtor_id"] for p in profiles})  # never a second line
    assert not any(p["partial"] for p in profiles)
    assert code == 0 and summary["job_partial_or_failed"] == 0


def test_no_retry_keeps_partial_debtors_and_still_exits_3(
    sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer], sandbox_url: str,
    tmp_path: Path,
) -> None:
    portfolio = first_rows(sandbox_world, tmp_path, 3)
    run = tmp_path / "run"
    broken = fresh_sandbox(faults=("land_registry:down",))
    enrich(portfolio, run, broken.url)
    code, summary = enrich(portfolio, run, sandbox_url, "--no-retry")
    assert summary["processed"] == 0 and summary["already_done"] == 3
    assert code == 3 and summary["job_partial_or_failed"] == 3
    assert len(output(run)) == 3


def test_every_source_unreachable_exits_4(
    sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    portfolio = first_rows(sandbox_world, tmp_path, 2)
    dead = fresh_sandbox()
    url = dead.url
    dead.stop()  # nothing listens there any more
    code, summary = enrich(portfolio, tmp_path / "run", url)
    assert code == 4 and summary["exit_code"] == 4
    assert summary["processed"] == 2
    remote = remote_sources(load_config(None))  # the packaged sandbox config
    # a source fails for every debtor it had something to ask (the geocoder asks nothing for a
    # row without a street: "ok" with no request, which reaches nothing; tests/batch/
    # test_nothing_reached.py)
    tallies = [summary["sources"][name] for name in remote]
    assert remote and all(t["failed"] >= 1 and t["partial"] == t["too_broad"] == 0 for t in tallies)
    assert sum(t["failed"] for t in tallies) >= 2 * len(remote) - 1
