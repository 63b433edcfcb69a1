"""A batch killed with SIGKILL and run again loses nothing and repeats nothing.

The killed-and-resumed output must equal an uninterrupted run's, line for line once sorted by
debtor id (completion order under concurrency varies; content may not), with the clock fixed by
--as-of so that timestamps compare too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

AS_OF = "2026-11-27T09:00:00+00:00"
pytestmark = pytest.mark.integration


def enrich_cmd(portfolio: Path, run_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "skiptrace", "enrich", str(portfolio),
        "--db", str(run_dir / "store.db"),
        "--out", str(run_dir / "profiles.jsonl"),
        "--rejects", str(run_dir / "rejects.csv"),
        "--operator", "test", "--purpose", "resume test",
        "--as-of", AS_OF, "--concurrency", "4", "--quiet", "--json",
    ]


def sorted_lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def lines_in(path: Path) -> int:
    if not path.exists():
        return 0
    return path.read_text(encoding="utf-8").count("\n")


def wait_for_events(proc: subprocess.Popen[str], n: int) -> None:
    """Block on enrich's per-debtor event stream (stderr) until n debtors are checkpointed."""
    assert proc.stderr is not None
    seen = 0
    for line in proc.stderr:
        if line.startswith("{") and json.loads(line).get("event") == "debtor_done":
            seen += 1
            if seen >= n:
                return
    raise AssertionError("enrich ended before it could be killed")


def first_difference(got: list[str], want: list[str]) -> str | None:
    """Where two runs' outputs differ first (debtor and JSON path), for a readable failure."""
    for line, other in zip(got, want, strict=True):
        if line != other:
            return f"{json.loads(line)['debtor_id']}: {_path(json.loads(line), json.loads(other))}"
    return None


def _path(a: object, b: object, at: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _path(a.get(key), b.get(key), f"{at}/{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _path(x, y, f"{at}[{i}]")
    return f"{at}: {str(a)[:300]} != {str(b)[:300]}"


def test_sigkill_then_resume_equals_an_uninterrupted_run(
    sandbox_world: Path, sandbox_url: str, tmp_path: Path
) -> None:
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    whole.mkdir()
    killed.mkdir()
    rows = (sandbox_world / "portfolio.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    portfolio = tmp_path / "portfolio.csv"
    portfolio.write_text("".join(rows[:31]), encoding="utf-8")  # 30 debtors keep it quick
    env = dict(os.environ, SKIPTRACE_SANDBOX_URL=sandbox_url)  # one server: same URLs in both
    subprocess.run(enrich_cmd(portfolio, whole), check=True, env=env, capture_output=True)
    expected = sorted_lines(whole / "profiles.jsonl")
    total = len(expected)
    assert total >= 20

    proc = subprocess.Popen([*enrich_cmd(portfolio, killed), "--events"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_events(proc, 5)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert lines_in(killed / "profiles.jsonl") < total  # really killed mid-run

    rerun = subprocess.run(enrich_cmd(portfolio, killed), check=True, env=env,
                           capture_output=True, text=True)
    summary = json.loads(rerun.stdout)
    assert summary["already_done"] >= 5
    assert summary["already_done"] + summary["processed"] == total

    resumed = sorted_lines(killed / "profiles.jsonl")
    ids = [json.loads(line)["debtor_id"] for line in resumed]
    assert len(ids) == len(set(ids)) == total  # each debtor exactly once
    assert first_difference(resumed, expected) is None  # and equal to the uninterrupted run

    again = subprocess.run(enrich_cmd(portfolio, killed), check=True, env=env,
                           capture_output=True, text=True)
    assert json.loads(again.stdout)["processed"] == 0  # a finished job does nothing
    assert sorted_lines(killed / "profiles.jsonl") == expected
