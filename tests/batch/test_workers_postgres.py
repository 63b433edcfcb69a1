"""`enrich --db postgresql://… --workers N`: the pool's worker processes open the job's
PostgreSQL store, never the default SQLite file. They re-open the store from the location the
job gives them (pipeline/workerproc.py ``store_location``); a store on PostgreSQL has no file
path, and a fallback to the user's default store would read another store's data without a word
(issue 21)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.batch.test_workers import REPO, enrich_argv, output_ids
from tests.portfolios import first_rows
from tests.store.engines import postgres_schema


def test_a_pool_on_a_postgresql_store_gives_its_workers_that_store(
    sandbox_world: Path, sandbox_url: str, tmp_path: Path
) -> None:
    portfolio = first_rows(sandbox_world, tmp_path, 6)
    data_home = tmp_path / "xdg"  # where the default SQLite store would be made
    with postgres_schema() as url:
        cmd = enrich_argv(["skiptrace"], portfolio, tmp_path / "run", "--workers", "2",
                          "--db", url)
        env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url,
               "XDG_DATA_HOME": str(data_home)}
        env.pop("SKIPTRACE_DB", None)
        done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True,
                              timeout=300)
    assert done.returncode in (0, 3), done.stderr[-3000:]
    assert json.loads(done.stdout)["processed"] == 6
    assert len(output_ids(tmp_path / "run")) == 6
    assert not list(data_home.rglob("*.db")), "a worker opened the default SQLite store"
