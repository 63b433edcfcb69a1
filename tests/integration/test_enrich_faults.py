"""A batch with one source down, one slow and one answering 429s: it finishes, every profile
says which sources failed, and no debtor is lost."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.sandbox.server import SandboxServer

pytestmark = pytest.mark.integration


def small_portfolio(world: Path, tmp: Path, rows: int) -> Path:
    lines = (world / "portfolio.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp / "portfolio.csv"
    path.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return path


def test_a_batch_under_faults_finishes_and_says_what_failed(
    sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = fresh_sandbox(faults=(
        "land_registry:down",            # one source down
        "geocoder:latency=0.3",          # one slow
        "vehicle_registry:ratelimit=1",  # one answering 429 with Retry-After every other time
    ))
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", server.url)
    portfolio = small_portfolio(sandbox_world, tmp_path, 8)
    out = tmp_path / "profiles.jsonl"
    result = CliRunner().invoke(cli, [
        "enrich", str(portfolio), "--db", str(tmp_path / "s.db"), "--out", str(out),
        "--operator", "tester", "--purpose", "fault test", "--json", "--quiet",
        "--concurrency", "1",  # one debtor at a time: the 429s then alternate deterministically
    ], catch_exceptions=False)
    assert result.exit_code == 3, result.output  # finished, with partial profiles
    summary = json.loads(result.stdout)
    profiles = [json.loads(line) for line in out.read_text().splitlines()]

    assert len(profiles) == summary["processed"] == 8  # nothing lost
    assert summary["partial"] == 8 and summary["crashed"] == 0
    for profile in profiles:
        status = {s["source"]: s for s in profile["sources"]}
        assert profile["partial"] is True
        assert status["land_registry"]["status"] == "failed"
        assert status["land_registry"]["reason"]
        assert status["vehicle_registry"]["status"] == "ok"  # retried after Retry-After
        assert status["geocoder"]["status"] in ("ok", "partial")
        assert profile["recoverability"]["segment"] != "irrecoverable_proposal"
    assert summary["sources"]["land_registry"]["failed"] == 8
    assert summary["sources"]["vehicle_registry"]["ok"] == 8
