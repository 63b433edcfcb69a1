"""Issue 10 items 6 and 7 through the real command: one writing job per store and output, and the
audit chain's head printed and copied outside the store at the end of every job.

On 1701b9c two `enrich` runs on one store and output both did all the work (every debtor twice),
and nothing of the audit log lived outside the store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from skiptrace.sandbox.server import SandboxServer
from skiptrace.store import Store
from tests.portfolios import first_rows

pytestmark = pytest.mark.integration
AS_OF = "2026-11-27T09:00:00+00:00"



def enrich_cmd(portfolio: Path, run: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "skiptrace", "enrich", str(portfolio),
            "--db", str(run / "s.db"), "--out", str(run / "profiles.jsonl"),
            "--rejects", str(run / "rejects.csv"), "--operator", "test",
            "--purpose", "lock test", "--as-of", AS_OF, "--quiet", "--json",
            "--concurrency", "1", *extra]


def test_a_second_job_on_the_same_store_is_refused_naming_the_first(
    sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    slow = fresh_sandbox(faults=("geocoder:latency=0.3",))
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": slow.url}
    portfolio = first_rows(sandbox_world, tmp_path, 6)
    run = tmp_path / "run"
    run.mkdir()
    first = subprocess.Popen(enrich_cmd(portfolio, run, "--events"), env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert first.stderr is not None
        for line in first.stderr:  # the first job holds its locks once it checkpoints a debtor
            if '"debtor_done"' in line:
                break
        else:
            pytest.fail("the first job ended before checkpointing anyone")
        second = subprocess.run(enrich_cmd(portfolio, run), env=env, capture_output=True,
                                text=True, timeout=120)
        first_out, _ = first.communicate(timeout=240)
    finally:
        if first.poll() is None:
            first.kill()
    assert second.returncode == 1
    assert "busy" in second.stderr and f"pid {first.pid}" in second.stderr
    assert first.returncode == 0, first_out
    lines = (run / "profiles.jsonl").read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["debtor_id"] for line in lines]
    assert len(ids) == len(set(ids)) == 6  # every debtor once


def test_every_job_prints_the_chain_head_and_copies_it_outside_the_store(
    sandbox_world: Path, sandbox_url: str, tmp_path: Path
) -> None:
    portfolio = first_rows(sandbox_world, tmp_path, 2)
    run = tmp_path / "run"
    run.mkdir()
    copy = tmp_path / "elsewhere" / "audit-heads.jsonl"
    copy.parent.mkdir()
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url}
    done = subprocess.run(enrich_cmd(portfolio, run, "--audit-copy", str(copy)), env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    head = json.loads(done.stdout)["audit_head"]
    with Store.open(run / "s.db") as store:
        assert head == store.audit_chain_head() and head["id"] >= 2
    copied = [json.loads(line) for line in copy.read_text(encoding="utf-8").splitlines()]
    assert [(c["id"], c["hash"]) for c in copied] == [(head["id"], head["hash"])]
    assert copy.stat().st_mode & 0o077 == 0
