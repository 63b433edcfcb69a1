"""A batch survives a service stopped (SIGTERM) and then killed (SIGKILL) in the middle of it:
each next start resumes it, and no debtor is enriched, checkpointed or written twice.

The service runs as ``skiptrace serve`` in a subprocess (so that it can be killed like a
crashed deployment), against a private sandbox with 50 ms on every request so that the batch
is still running when it is killed. Progress is read as a client reads it: GET /v1/batches/{id}.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest

from skiptrace.sandbox import SandboxServer
from skiptrace.sandbox.serving import SANDBOX_ENV
from skiptrace.store import Store
from tests.service.conftest import WHO, free_port, make_keys
from tests.service.test_batches import portfolio_csv

DEBTORS = 20
pytestmark = pytest.mark.integration


def slow_config(folder: Path) -> Path:
    """The packaged sandbox config with 2 debtors in flight instead of 24: the batch advances a
    debtor or two at a time, so a poll sees it half done on any machine (with 24 in flight the
    30 debtors finish in one burst, and a loaded machine's poll could miss the middle)."""
    packaged = resources.files("skiptrace").joinpath("data", "sandbox.toml").read_text("utf-8")
    assert "\nconcurrency = 24\n" in packaged
    path = folder / "skiptrace.toml"
    path.write_text(packaged.replace("\nconcurrency = 24\n", "\nconcurrency = 2\n"), "utf-8")
    return path


@contextmanager
def service(db: Path, sandbox: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    port = free_port()
    env = {**os.environ, SANDBOX_ENV: sandbox}
    proc = subprocess.Popen([sys.executable, "-m", "skiptrace", "serve", "--port", str(port),
                             "--db", str(db), "--config", str(slow_config(db.parent)),
                             "--rate", "1000", "--burst", "1000"],  # polled 10 times a second
                            env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # uvicorn says when it listens
            if "Uvicorn running on" in line:
                break
        else:
            raise AssertionError(f"the service did not start (exit {proc.wait()})")
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def state_until(client: httpx.Client, batch_id: str, done: Callable[[dict[str, Any]], bool],
                deadline: float = 240) -> dict[str, Any]:
    """Poll the batch's state as a case system would, until ``done`` or the deadline."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        state = client.get(f"/v1/batches/{batch_id}").json()
        if done(state):
            return dict(state)
        time.sleep(0.1)
    raise AssertionError(f"batch {batch_id} never reached the state wanted: {state}")


def test_a_stopped_then_killed_service_resumes_its_batch_and_repeats_nothing(
        sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer], tmp_path: Path) -> None:
    sandbox = fresh_sandbox(faults=("*:latency=0.05",)).url
    db = tmp_path / "store.db"
    token = make_keys(db, ("alpha",))[("alpha", "case_system")]
    headers = {"Authorization": f"Bearer {token}", **WHO}
    body = portfolio_csv(sandbox_world, DEBTORS, formula=False)

    with service(db, sandbox) as (proc, url), httpx.Client(base_url=url, headers=headers,
                                                            timeout=60) as client:
        made = client.post("/v1/batches", content=body, headers={"Content-Type": "text/csv"})
        assert made.status_code == 202, made.text
        batch_id = made.json()["batch_id"]
        first = state_until(client, batch_id, lambda s: s["progress"]["processed"] >= 3)
        proc.send_signal(signal.SIGTERM)  # mid-batch, a deployment stopping it
        assert proc.wait(60) in (0, -signal.SIGTERM)  # uvicorn re-raises it once shut down
        assert proc.stderr is not None
        assert "Application shutdown complete" in proc.stderr.read()  # a graceful stop
    assert first["state"] == "running" and first["progress"]["processed"] < DEBTORS

    with service(db, sandbox) as (proc, url), httpx.Client(base_url=url, headers=headers,
                                                            timeout=60) as client:
        later = state_until(client, batch_id,
                            lambda s: s["progress"]["processed"] > first["progress"]["processed"])
        proc.send_signal(signal.SIGKILL)  # mid-batch again, like a crash
        proc.wait()
    assert later["state"] == "running" and later["progress"]["processed"] < DEBTORS

    with service(db, sandbox) as (_proc, url), httpx.Client(base_url=url, headers=headers,
                                                             timeout=60) as client:
        final = state_until(client, batch_id, lambda s: s["state"] in ("done", "failed"))
        lines = client.get(f"/v1/batches/{batch_id}/results").text.splitlines()
    assert final["state"] == "done", final
    assert final["progress"] == {"total": DEBTORS, "processed": DEBTORS}
    ids = [json.loads(line)["debtor_id"] for line in lines]
    assert len(ids) == len(set(ids)) == DEBTORS  # every debtor once in the results
    with Store.open(db) as store:
        enriched = Counter(e["debtor_id"] for e in store.audit_entries()
                           if e["action"] == "enrich"
                           and e["details"].get("job_id") == f"service-{batch_id}")
    assert set(enriched.values()) == {1} and len(enriched) == DEBTORS  # checkpointed once each
