"""The `sandbox` click group and `python -m skiptrace.sandbox serve` as a real process."""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import requests
from click.testing import CliRunner

from skiptrace.sandbox.cli import sandbox
from skiptrace.sandbox.export import LAND_COLUMNS, VEHICLE_COLUMNS


def test_generate_writes_a_world(tmp_path: Path) -> None:
    result = CliRunner().invoke(sandbox, ["generate", "--seed", "5", "--debtors", "12", "--out", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "w" / "manifest.json").read_text("utf-8"))
    assert manifest["seed"] == 5 and manifest["debtors"] == 12


def test_export_land_is_one_row_per_title_owner(sandbox_world: Path, tmp_path: Path) -> None:
    out = tmp_path / "land.csv"
    result = CliRunner().invoke(sandbox, ["export", "land_registry", "--world", str(sandbox_world), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    titles = [json.loads(line) for line in (sandbox_world / "sources" / "land_registry.jsonl").open(encoding="utf-8")]
    assert list(rows[0]) == LAND_COLUMNS
    assert len(rows) == sum(len(t["owners"]) for t in titles)
    assert rows[0]["record_id"] == titles[0]["record_id"]
    assert json.loads(rows[0]["charges"]) == titles[0]["charges"]
    assert [r["owner_kind"] for r in rows] == [o["kind"] for t in titles for o in t["owners"]]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_export_vehicles_is_one_row_per_vehicle(sandbox_world: Path, tmp_path: Path) -> None:
    out = tmp_path / "cars.csv"
    CliRunner().invoke(sandbox, ["export", "vehicle_registry", "--world", str(sandbox_world), "--out", str(out)])
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    cars = [json.loads(line) for line in (sandbox_world / "sources" / "vehicle_registry.jsonl").open(encoding="utf-8")]
    assert list(rows[0]) == VEHICLE_COLUMNS
    assert [r["plate"] for r in rows] == [c["plate"] for c in cars]
    assert {r["leasing"] for r in rows} <= {"true", "false"}
    # the registry's word on each holder, as its API gives it (a company without a number too)
    assert [r["owner_kind"] for r in rows] == [c["owner"]["kind"] for c in cars]
    assert {r["owner_kind"] for r in rows} == {"person", "company"}


def test_export_refuses_sources_without_an_extract(sandbox_world: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(sandbox, ["export", "geocoder", "--world", str(sandbox_world), "--out", str(tmp_path / "x")])
    assert result.exit_code != 0


def test_serve_rejects_a_bad_fault_and_needs_a_world(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(sandbox, ["serve", "--seed", "1", "--fault", "geocoder:explode"]).exit_code != 0
    assert runner.invoke(sandbox, ["serve"]).exit_code != 0


def test_module_serve_prints_its_url_first_and_stops_on_sigterm(sandbox_world: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "skiptrace.sandbox", "serve", "--world", str(sandbox_world),
                             "--fault", "land_registry:status500"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        assert line.startswith("SANDBOX_URL=http://127.0.0.1:")
        url = line.split("=", 1)[1]
        assert requests.get(f"{url}/robots.txt", timeout=5).status_code == 200
        titles = requests.get(f"{url}/land_registry/api/titles", params={"cin": "X"}, timeout=5,
                              headers={"Authorization": "Bearer sandbox-land-token"})
        assert titles.status_code == 500
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
