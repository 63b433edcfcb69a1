"""A batch's web sources in two crawl children (skiptrace/connectors/split_crawl.py) change the
speed, never the output: the same profiles, line for line, as with one child, over real HTTP
against the session's sandbox, pivots included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.portfolios import first_rows

AS_OF = "2026-11-27T09:00:00+00:00"
REPO = Path(__file__).resolve().parents[2]
WEB = {"company_register", "legal_notices", "phone_directory"}


def enrich(portfolio: Path, run_dir: Path, sandbox_url: str, processes: int) -> dict[str, Any]:
    run_dir.mkdir()
    cmd = [sys.executable, "-m", "skiptrace", "enrich", str(portfolio),
           "--db", str(run_dir / "store.db"), "--out", str(run_dir / "profiles.jsonl"),
           "--rejects", str(run_dir / "rejects.csv"), "--operator", "test",
           "--purpose", "split crawl test", "--as-of", AS_OF, "--concurrency", "4",
           "--quiet", "--json"]
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url,
           "SKIPTRACE_CRAWL_PROCESSES": str(processes)}
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


@pytest.mark.integration
def test_two_crawl_children_write_what_one_writes(sandbox_world: Path, sandbox_url: str,
                                                  tmp_path: Path) -> None:
    portfolio = first_rows(sandbox_world, tmp_path, 12)
    one = enrich(portfolio, tmp_path / "one", sandbox_url, processes=1)
    two = enrich(portfolio, tmp_path / "two", sandbox_url, processes=2)
    assert one["processed"] == two["processed"] == 12 and two["partial"] == 0
    for source in WEB:  # every web source answered in both, as often
        assert two["sources"][source]["requests"] == one["sources"][source]["requests"] > 0
    lines = {run: sorted((tmp_path / run / "profiles.jsonl").read_text("utf-8").splitlines())
             for run in ("one", "two")}
    assert lines["one"] == lines["two"]
    profiles = [json.loads(line) for line in lines["two"]]
    assert any(s.get("round") and s["source"] in WEB for p in profiles for s in p["searches"])
