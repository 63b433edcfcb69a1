"""`skiptrace enrich --executor dask`: a Dask cluster changes where the work runs, never the output.

Real CLI runs in subprocesses against the session's sandbox (web crawl and pivot rounds
included), with the clock fixed by --as-of so that profiles compare line for line once sorted by
debtor id (docs/decisions/0003). The clusters are real: a LocalCluster of 2 worker processes on
127.0.0.1, or a scheduler started here with a `skiptrace worker` process serving it. A worker is
killed for real (its process ends) by a hook (tests/batch/distributedhooks.py).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from skiptrace.config import parse_config
from skiptrace.errors import ConfigError
from skiptrace.model import Debtor
from skiptrace.pipeline.distributed import (
    Cluster,
    ClusterError,
    ClusterSpec,
    close_runtime,
    enrich_task,
    scheduler_address,
    store_location,
    worker_settings,
)
from skiptrace.store import Store
from tests.batch.test_workers import REPO, debtor_ids, enrich_argv, output_ids, sorted_lines
from tests.portfolios import first_rows
from tests.services import REQUIRE

WEB = {"company_register", "legal_notices", "phone_directory"}


def _distributed() -> Any:
    """Dask distributed (the ``scale`` extra, which `make test` installs); without it these
    tests skip saying so, and fail under CI."""
    try:
        import distributed
    except ImportError:
        message = "Dask distributed not installed: pip install -e '.[scale]'"
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(message)
        pytest.skip(message)
    return distributed


@pytest.fixture
def portfolio(sandbox_world: Path, tmp_path: Path) -> Path:
    """The first 12 debtors of the session's world."""
    _distributed()
    return first_rows(sandbox_world, tmp_path, 12)


def enrich(portfolio: Path, run_dir: Path, sandbox_url: str, *extra: str,
           hook: tuple[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """One `skiptrace enrich` run (with ``hook`` = (victim, marker) on the Dask workers)."""
    entry = ["skiptrace"] if hook is None else ["tests.batch.distributedhooks", *hook]
    cmd = enrich_argv(entry, portfolio, run_dir, *extra)
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url}
    return subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)


def summary_of(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode in (0, 3), done.stderr[-3000:]
    summary: dict[str, Any] = json.loads(done.stdout)
    assert done.returncode == summary["exit_code"]
    return summary


def test_a_local_cluster_of_two_workers_writes_what_the_embedded_run_writes(
    portfolio: Path, sandbox_url: str, tmp_path: Path
) -> None:
    embedded = summary_of(enrich(portfolio, tmp_path / "embedded", sandbox_url))
    dask = summary_of(enrich(portfolio, tmp_path / "dask", sandbox_url,
                             "--executor", "dask", "--workers", "2"))
    assert embedded["processed"] == dask["processed"] == 12
    assert dask["crashed"] == 0
    assert dask["sources"].keys() == embedded["sources"].keys()
    assert sorted_lines(tmp_path / "dask") == sorted_lines(tmp_path / "embedded")
    # pivot queries for the web sources went from the Dask workers to this run's crawl and back
    profiles = [json.loads(line) for line in sorted_lines(tmp_path / "dask")]
    assert any(s.get("round") and s["source"] in WEB for p in profiles for s in p["searches"])


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(
    portfolio: Path, sandbox_url: str, tmp_path: Path
) -> None:
    ids = debtor_ids(portfolio)
    marker = tmp_path / "killed"
    run = tmp_path / "run"
    first = summary_of(enrich(portfolio, run, sandbox_url, "--executor", "dask",
                              "--workers", "2", hook=(ids[4], str(marker))))
    assert marker.exists()  # a worker process really ended on the victim
    # its tasks ran again on a live worker: every debtor checkpointed and written once
    assert first["crashed"] == 0 and first["processed"] == 12
    assert sorted(output_ids(run)) == sorted(ids)
    again = summary_of(enrich(portfolio, run, sandbox_url, "--executor", "dask"))
    assert again["processed"] == 0 and again["already_done"] == 12
    assert sorted(output_ids(run)) == sorted(ids)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_scheduler_stops_the_job_before_any_work(
    portfolio: Path, sandbox_url: str, tmp_path: Path
) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    done = enrich(portfolio, tmp_path / "run", sandbox_url, "--executor", "dask",
                  "--scheduler", address)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"cannot reach the Dask scheduler at {address}" in done.stderr
    assert not (tmp_path / "run" / "profiles.jsonl").exists()  # no output, no intake


@pytest.mark.parametrize("address", ["127.0.0.1:8786", "http://127.0.0.1:8786",
                                     "tcp://127.0.0.1", "tcp://h:1/tmp/x", "/tmp/scheduler"])
def test_a_scheduler_address_is_tcp_host_and_port_and_nothing_else(address: str) -> None:
    with pytest.raises(ClusterError, match="tcp://HOST:PORT"):
        scheduler_address(address)
    assert scheduler_address(" tcp://10.0.0.5:8786 ") == "tcp://10.0.0.5:8786"


@pytest.fixture
def scheduler() -> Iterator[str]:
    """A Dask scheduler on 127.0.0.1 with no worker of its own."""
    distributed = _distributed()
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", protocol="tcp://",
                                  dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


def test_skiptrace_worker_serves_a_scheduler_that_enrich_sends_its_debtors_to(
    portfolio: Path, sandbox_url: str, tmp_path: Path, scheduler: str
) -> None:
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url}
    worker = subprocess.Popen(
        [sys.executable, "-m", "skiptrace", "worker", "--scheduler", scheduler,
         "--nthreads", "2"], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    try:
        distributed = _distributed()
        with distributed.Client(scheduler, timeout=30) as client:
            client.wait_for_workers(1, timeout=60)  # the worker joined: no sleep, no guess
        done = summary_of(enrich(portfolio, tmp_path / "run", sandbox_url,
                                 "--executor", "dask", "--scheduler", scheduler))
    finally:
        worker.terminate()
        _, err = worker.communicate(timeout=60)
    assert done["processed"] == 12 and done["crashed"] == 0, err[-2000:]
    assert sorted(output_ids(tmp_path / "run")) == sorted(debtor_ids(portfolio))


def test_the_executor_and_scheduler_come_from_the_config_or_its_environment(
    portfolio: Path, sandbox_url: str, tmp_path: Path
) -> None:
    assert parse_config('[skiptrace]\nexecutor = "dask"\n', {}).executor == "dask"
    assert parse_config("", {"SKIPTRACE_SCHEDULER": "tcp://10.0.0.5:8786"}).scheduler == (
        "tcp://10.0.0.5:8786")
    with pytest.raises(ConfigError, match="executor: embedded or dask, not 'celery'"):
        parse_config('[skiptrace]\nexecutor = "celery"\n', {})
    # the config file's executor and scheduler reach the job: this scheduler is refused at once
    config = tmp_path / "skiptrace.toml"
    config.write_text('[skiptrace]\nexecutor = "dask"\nscheduler = "127.0.0.1:8786"\n',
                      encoding="utf-8")
    done = enrich(portfolio, tmp_path / "run", sandbox_url, "--config", str(config))
    assert done.returncode == 1, done.stderr[-2000:]
    assert "--scheduler must look like tcp://HOST:PORT" in done.stderr


def test_workers_get_the_store_location_unchanged(tmp_path: Path) -> None:
    """A URL the store gives (PostgreSQL) goes to the workers as it is; else the SQLite path."""
    url = "postgresql://skiptrace@10.0.0.4:5432/skiptrace?sslmode=require"
    on_postgres = SimpleNamespace(location=url, path=None)
    assert store_location(on_postgres, None) == url
    with Store.open(tmp_path / "store.db") as store:
        assert store_location(SimpleNamespace(path=store.path), None) == str(
            tmp_path / "store.db")


def test_a_runs_runtime_is_closed_on_the_worker_when_the_run_ends(tmp_path: Path) -> None:
    Store.open(tmp_path / "store.db").close()
    spec = ClusterSpec(db=str(tmp_path / "store.db"), config_text="[skiptrace]\n",
                       config_origin="test", clock=None,
                       as_of=datetime(2026, 11, 27, 9, tzinfo=UTC), threads=1, workers=1)
    kind, enriched = enrich_task(spec, Debtor("D1", "person", "ALAOUI Ahmed", city="Rabat"), None)
    assert kind == "done" and enriched.profile["debtor_id"] == "D1"
    assert close_runtime(spec) is True  # the task had opened it in this process
    assert close_runtime(spec) is False


def test_local_workers_start_with_two_malloc_arenas_and_no_profiler(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """As our own batch workers (skiptrace/memory.py): glibc reads the cap when the worker
    process starts, so the nanny sets it in the environment it spawns the worker with."""
    _distributed()
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    with Cluster(None, workers=1, threads=1) as cluster:
        seen = cluster.client().run(lambda: (os.environ.get("MALLOC_ARENA_MAX"),
                                             _profiling()))
    assert list(seen.values()) == [("2", False)]
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # the operator's choice is left alone
    assert "distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX" not in worker_settings()


def _profiling() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))
