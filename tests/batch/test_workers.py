"""`skiptrace enrich --workers N`: worker processes change the speed, never the output.

Real CLI runs in subprocesses against the session's sandbox (web crawl included), with the clock
fixed by --as-of so that two runs' profiles compare line for line once sorted by debtor id; and
the WorkerPool alone, on a store without sources, for how it fails. Crashes are real (an exception,
a process ending) in real worker processes, caused by the pool's per-debtor hook
(tests/batch/workerhooks.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skiptrace.config import load_config
from skiptrace.model import Debtor
from skiptrace.pipeline.enrich import Enriched
from skiptrace.pipeline.workerproc import WorkerSpec, share_rate_limits
from skiptrace.pipeline.workers import WorkerError, WorkerPool
from skiptrace.store import Store
from tests.batch import workerhooks
from tests.portfolios import first_rows

AS_OF = "2026-11-27T09:00:00+00:00"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def portfolio(sandbox_world: Path, tmp_path: Path) -> Path:
    """The first 15 debtors of the session's world."""
    return first_rows(sandbox_world, tmp_path, 15)


@pytest.fixture
def small_portfolio(sandbox_world: Path, tmp_path: Path) -> Path:
    """The first 8: enough for two workers to hold several debtors each."""
    return first_rows(sandbox_world, tmp_path, 8)


def debtor_ids(portfolio: Path) -> list[str]:
    return [line.split(";")[0] for line in portfolio.read_text(encoding="utf-8").splitlines()[1:]]


def enrich_argv(entry: list[str], portfolio: Path, run_dir: Path, *extra: str) -> list[str]:
    """`python -m ENTRY enrich PORTFOLIO` into ``run_dir`` (made here), clock fixed, JSON
    summary on stdout."""
    run_dir.mkdir(exist_ok=True)
    return [sys.executable, "-m", *entry, "enrich", str(portfolio),
            "--db", str(run_dir / "store.db"), "--out", str(run_dir / "profiles.jsonl"),
            "--rejects", str(run_dir / "rejects.csv"), "--operator", "test",
            "--purpose", "batch test", "--as-of", AS_OF, "--concurrency", "4",
            "--quiet", "--json", *extra]


def enrich(portfolio: Path, run_dir: Path, sandbox_url: str, workers: int,
           hook: tuple[str, str] | None = None) -> dict[str, Any]:
    """One `skiptrace enrich` run, with ``hook`` = (mode, victim) in its workers; its summary."""
    entry = ["skiptrace"] if hook is None else ["tests.batch.workerhooks", *hook]
    cmd = enrich_argv(entry, portfolio, run_dir, "--workers", str(workers))
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url}
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=240)
    summary = json.loads(done.stdout)
    # 0 when every debtor is done; 3 when some crashed or are partial (README, exit codes)
    expected = 0 if summary["crashed"] == 0 and summary["job_partial_or_failed"] == 0 else 3
    assert done.returncode == expected == summary["exit_code"], done.stderr[-3000:]
    return summary


def output_ids(run_dir: Path) -> list[str]:
    lines = (run_dir / "profiles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["debtor_id"] for line in lines]


def sorted_lines(run_dir: Path) -> list[str]:
    return sorted((run_dir / "profiles.jsonl").read_text(encoding="utf-8").splitlines())


def test_two_workers_write_what_one_process_writes(
    portfolio: Path, sandbox_url: str, tmp_path: Path
) -> None:
    one = enrich(portfolio, tmp_path / "one", sandbox_url, workers=1)
    two = enrich(portfolio, tmp_path / "two", sandbox_url, workers=2)
    assert one["processed"] == two["processed"] == 15
    assert two["crashed"] == 0
    assert two["sources"].keys() == one["sources"].keys()
    assert sorted_lines(tmp_path / "two") == sorted_lines(tmp_path / "one")
    # pivot queries for the web sources went from the workers to the main process's crawl
    # and back (workerproc.PivotRelay): the same pivot searches as in one process
    profiles = [json.loads(line) for line in sorted_lines(tmp_path / "two")]
    web = {"company_register", "legal_notices", "phone_directory"}
    assert any(s.get("round") and s["source"] in web for p in profiles for s in p["searches"])
    again = enrich(portfolio, tmp_path / "two", sandbox_url, workers=2)
    assert again["processed"] == 0 and again["already_done"] == 15  # really checkpointed


@pytest.mark.parametrize(
    ("mode", "reason", "only_the_victim"),
    [("crash", "InjectedCrash", True),  # an exception: that debtor alone
     ("exit", "worker process died", False)],  # a dead process: what it held
    ids=["exception", "dead-process"],
)
def test_a_crash_leaves_debtors_pending_for_the_next_run_and_the_batch_goes_on(
    small_portfolio: Path, sandbox_url: str, tmp_path: Path, mode: str, reason: str,
    only_the_victim: bool,
) -> None:
    ids = debtor_ids(small_portfolio)
    victim = ids[3]
    run = tmp_path / "run"
    first = enrich(small_portfolio, run, sandbox_url, workers=2, hook=(mode, victim))
    crashed = first["crashed"]
    assert crashed == 1 if only_the_victim else crashed >= 1
    assert first["processed"] + crashed == 8
    assert any(reason in text for text in first["crash_reasons"])
    written = output_ids(run)
    assert victim not in written and len(written) == len(set(written)) == first["processed"]

    second = enrich(small_portfolio, run, sandbox_url, workers=2)  # no hook: the retry succeeds
    assert second["already_done"] == first["processed"]
    assert second["processed"] == crashed and second["crashed"] == 0
    assert sorted(output_ids(run)) == sorted(ids)


class Collected:
    """Stands in for the batch's Finisher: what the pool handed back."""

    def __init__(self) -> None:
        self.finished: list[Enriched] = []
        self.crashes: list[str] = []

    def done(self, enriched: Enriched) -> None:
        self.finished.append(enriched)

    def crashed(self, reason: str) -> None:
        self.crashes.append(reason)


def spec_without_sources(tmp_path: Path, config_text: str = "[skiptrace]\n") -> WorkerSpec:
    config = tmp_path / "skiptrace.toml"
    config.write_text(config_text, encoding="utf-8")
    Store.open(tmp_path / "store.db").close()
    return WorkerSpec(db=tmp_path / "store.db", config=config, clock=None,
                      as_of=datetime(2026, 11, 27, 9, tzinfo=UTC), threads=2)


def tasks(n: int) -> list[tuple[Debtor, None]]:
    return [(Debtor(f"D{i}", "person", "ALAOUI Ahmed", city="Rabat"), None) for i in range(n)]


def test_the_pool_hands_every_debtor_back_once(tmp_path: Path) -> None:
    got = Collected()
    WorkerPool(spec_without_sources(tmp_path), 2, capacity=2).run(tasks(7), got)
    assert got.crashes == []
    assert sorted(e.profile["debtor_id"] for e in got.finished) == [f"D{i}" for i in range(7)]
    assert all(e.kept is not None and e.matches == [] for e in got.finished)  # portable form


def test_an_exception_in_a_worker_crashes_that_debtor_alone(tmp_path: Path) -> None:
    got = Collected()
    WorkerPool(spec_without_sources(tmp_path), 2, capacity=2,
               before_each=workerhooks.hook("crash", "D2")).run(tasks(5), got)
    assert len(got.crashes) == 1 and got.crashes[0].startswith("InjectedCrash: ")
    assert sorted(e.profile["debtor_id"] for e in got.finished) == ["D0", "D1", "D3", "D4"]


def test_when_every_worker_died_the_run_stops_with_a_clear_error(tmp_path: Path) -> None:
    got = Collected()
    pool = WorkerPool(spec_without_sources(tmp_path), 1, capacity=1, max_restarts=0,
                      before_each=workerhooks.hook("exit", "D1"))
    with pytest.raises(WorkerError, match="every worker process died"):
        pool.run(tasks(5), got)
    assert got.crashes == [f"worker process died (exit code {workerhooks.EXIT_CODE})"]
    assert [e.profile["debtor_id"] for e in got.finished] == ["D0"]


def test_a_worker_that_cannot_start_stops_the_run_with_its_reason(tmp_path: Path) -> None:
    spec = spec_without_sources(tmp_path, "[skiptrace]\nconcurrency = 'many'\n")
    with pytest.raises(WorkerError, match="worker could not start: ConfigError"):
        WorkerPool(spec, 2, capacity=2).run(tasks(3), Collected())


def test_workers_share_each_sources_rate_limit(tmp_path: Path) -> None:
    config = tmp_path / "skiptrace.toml"
    config.write_text('[sources.land_registry]\nbase_url = "http://127.0.0.1:1"\n'
                      'rate_limit = 50.0\nburst = 4\n\n[sources.geocoder]\n'
                      'base_url = "http://127.0.0.1:1"\nrate_limit = 1.0\n', encoding="utf-8")
    whole = load_config(config)
    halves = share_rate_limits(whole, 2)
    assert share_rate_limits(whole, 1) == whole
    for name, cfg in whole.sources.items():
        assert halves.sources[name].rate_limit * 2 == cfg.rate_limit
        assert halves.sources[name].burst == max(1, cfg.burst // 2)
    assert halves.sources["land_registry"].burst == 2
