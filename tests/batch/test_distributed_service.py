"""The service's batches follow the config's executor (decision 0015): with ``executor = "dask"``
a batch's per-debtor work goes to the config's scheduler, here one that cannot be reached, so the
batch fails with that reason and nothing of it is enriched. (The cluster's own behaviour is
tests/batch/test_distributed.py's, through the same ``run_batch``.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from skiptrace.sandbox.serving import SANDBOX_ENV
from skiptrace.service.settings import ServiceSettings
from tests.batch.test_distributed import _distributed, free_port
from tests.service.conftest import Served, make_keys, start, stop
from tests.service.test_batches import portfolio_csv


@pytest.fixture
def served_on_dask(sandbox_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                   ) -> Iterator[tuple[Served, str]]:
    """A service whose config sends batches to a Dask scheduler nobody runs."""
    _distributed()
    monkeypatch.setenv(SANDBOX_ENV, sandbox_url)
    address = f"tcp://127.0.0.1:{free_port()}"
    packaged = resources.files("skiptrace").joinpath("data", "sandbox.toml").read_text("utf-8")
    assert packaged.count("[skiptrace]\n") == 1
    config = tmp_path / "skiptrace.toml"
    config.write_text(packaged.replace(
        "[skiptrace]\n", f'[skiptrace]\nexecutor = "dask"\nscheduler = "{address}"\n'),
        encoding="utf-8")
    db = tmp_path / "store.db"
    tokens = make_keys(db)
    settings = replace(ServiceSettings(db=db, config=config, rate=1000.0, burst=1000),
                       warm=False)
    server, thread, url = start(settings)
    try:
        yield Served(url, db, tokens, server.config.app), address
    finally:
        stop(server, thread)


def test_a_service_batch_goes_to_the_configs_dask_scheduler(
    served_on_dask: tuple[Served, str], sandbox_world: Path
) -> None:
    served, address = served_on_dask
    with served.client("case_system") as client:
        made = client.post("/v1/batches", content=portfolio_csv(sandbox_world, 3),
                           headers={"Content-Type": "text/csv"})
        assert made.status_code == 202, made.text
        batch_id = made.json()["batch_id"]
        assert served.service.runner.wait(batch_id, 120)
        state = client.get(f"/v1/batches/{batch_id}").json()
    assert state["state"] == "failed", state
    assert f"cannot reach the Dask scheduler at {address}" in state["error"]
    assert state["progress"]["processed"] == 0
