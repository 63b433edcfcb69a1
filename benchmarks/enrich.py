"""Batch and lookup speed against the sandbox: debtors per second, peak memory, lookup p50.

Three measurements, each a real `skiptrace` process (so peak memory is the job's own, read with
os.wait4), against a sandbox served by another process (so its CPU is not ours):
  live    every source over HTTP, 50 ms of added latency on every request (`*:latency=0.05`);
  local   land and vehicle registries imported from the sandbox's bulk extracts and the company
          register harvested into the store, then matched locally (no per-debtor HTTP);
  lookup  `skiptrace lookup --debtor ID` for several debtors: wall-time p50 of the whole command,
          and the in-process part (sources + matching + profile) reported by the command itself.
Baseline in the same run: `skiptrace --help` (process start-up and imports), so ratios hold on a
noisy machine.

    python benchmarks/enrich.py                 # 1 000 debtors
    python benchmarks/enrich.py --debtors 10000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "enrich.json"
PY = sys.executable
AS_OF = "2026-11-27T09:00:00+00:00"


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of that child alone, and its stdout."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {text[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, text


class Sandbox:
    """`skiptrace sandbox serve` in its own process; its URL from the first line."""

    def __init__(self, world: Path, faults: list[str]) -> None:
        cmd = [PY, "-m", "skiptrace", "sandbox", "serve", "--world", str(world)]
        for fault in faults:
            cmd += ["--fault", fault]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().strip()
        if not first.startswith("SANDBOX_URL="):
            raise SystemExit(f"sandbox did not start: {first!r}")
        self.url = first.split("=", 1)[1]

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def env_for(url: str, config: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, SKIPTRACE_SANDBOX_URL=url, SKIPTRACE_OPERATOR="bench",
               SKIPTRACE_PURPOSE="benchmark")
    if config is not None:
        env["SKIPTRACE_CONFIG"] = str(config)
    return env


def enrich(world: Path, run: Path, env: dict[str, str], concurrency: int) -> dict[str, Any]:
    run.mkdir(parents=True, exist_ok=True)
    cmd = [PY, "-m", "skiptrace", "enrich", str(world / "portfolio.csv"),
           "--db", str(run / "store.db"), "--out", str(run / "profiles.jsonl"),
           "--rejects", str(run / "rejects.csv"), "--as-of", AS_OF, "--json", "--quiet",
           "--concurrency", str(concurrency)]
    seconds, peak_mb, out = run_measured(cmd, env)
    summary = json.loads(out)
    processed = summary["processed"]
    return {"debtors": processed, "wall_seconds": round(seconds, 2),
            "debtors_per_second": round(processed / seconds, 2), "peak_mb": round(peak_mb, 1),
            "partial": summary["partial"], "failed": summary["failed"],
            "requests": {k: v["requests"] for k, v in summary["sources"].items()}}


LOCAL_CONFIG = """\
[skiptrace]
sandbox = true
concurrency = 8

[sources.land_registry]
kind = "file"
format = "land_registry"
facts = ["land_title"]

[sources.vehicle_registry]
kind = "file"
format = "vehicle_registry"
facts = ["vehicle"]

[sources.company_register]
kind = "harvest"
facts = ["company"]
"""


def prepare_local(world: Path, run: Path, url: str) -> Path:
    """Import the registries' extracts and harvest the company register into the store."""
    run.mkdir(parents=True, exist_ok=True)
    config = run / "local.toml"
    config.write_text(LOCAL_CONFIG)
    env = env_for(url, config)
    db = str(run / "store.db")
    for source in ("land_registry", "vehicle_registry"):
        extract = run / f"{source}.csv"
        subprocess.run([PY, "-m", "skiptrace", "sandbox", "export", source, "--world", str(world),
                        "--out", str(extract)], check=True, env=env, capture_output=True)
        subprocess.run([PY, "-m", "skiptrace", "import", source, str(extract), "--db", db,
                        "--json"], check=True, env=env, capture_output=True)
    web_env = dict(env)
    web_env.pop("SKIPTRACE_CONFIG")  # harvest the live company register
    subprocess.run([PY, "-m", "skiptrace", "harvest", "company_register", "--db", db, "--json"],
                   check=True, env=web_env, capture_output=True)
    return config


def lookups(world: Path, run: Path, env: dict[str, str], n: int) -> dict[str, Any]:
    ids = [line.split(";")[0] for line in (world / "portfolio.csv").read_text(
        encoding="utf-8").splitlines()[1:n + 1]]
    db = str(run / "store.db")  # debtors already stored by the live run
    walls = []
    for debtor_id in ids:
        seconds, _, _ = run_measured([PY, "-m", "skiptrace", "lookup", "--debtor", debtor_id,
                                      "--db", db, "--format", "json"], env)
        walls.append(seconds)
    startup = [run_measured([PY, "-m", "skiptrace", "--help"], env)[0] for _ in range(3)]
    return {"lookups": len(walls), "p50_seconds": round(statistics.median(walls), 3),
            "max_seconds": round(max(walls), 3),
            "startup_p50_seconds": round(statistics.median(startup), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debtors", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--lookups", type=int, default=7)
    parser.add_argument("--skip-local", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT.parent))
    from skiptrace.sandbox.generate import generate_world

    rows: dict[str, Any] = {"debtors": args.debtors, "concurrency": args.concurrency}
    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "world"
        started = time.monotonic()
        generate_world(args.seed, args.debtors, world)
        rows["generate_seconds"] = round(time.monotonic() - started, 2)
        with Sandbox(world, ["*:latency=0.05"]) as sandbox:
            env = env_for(sandbox.url)
            rows["live_50ms"] = enrich(world, Path(tmp) / "live", env, args.concurrency)
            rows["lookup_50ms"] = lookups(world, Path(tmp) / "live", env, args.lookups)
        if not args.skip_local:
            with Sandbox(world, []) as sandbox:
                config = prepare_local(world, Path(tmp) / "local", sandbox.url)
                rows["local"] = enrich(world, Path(tmp) / "local", env_for(sandbox.url, config),
                                       args.concurrency)
    print_table(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2))
    print(f"wrote {RESULTS}")


def print_table(rows: dict[str, Any]) -> None:
    print(f"\n{'run':<14}{'debtors':>9}{'wall s':>9}{'debtors/s':>11}{'peak MB':>9}"
          f"{'partial':>9}{'failed':>8}")
    for name in ("live_50ms", "local"):
        r = rows.get(name)
        if r:
            print(f"{name:<14}{r['debtors']:>9}{r['wall_seconds']:>9}{r['debtors_per_second']:>11}"
                  f"{r['peak_mb']:>9}{r['partial']:>9}{r['failed']:>8}")
    lk = rows["lookup_50ms"]
    print(f"lookup (CLI, 50 ms latency): p50 {lk['p50_seconds']} s, max {lk['max_seconds']} s, "
          f"process start-up p50 {lk['startup_p50_seconds']} s over {lk['lookups']} lookups")


if __name__ == "__main__":
    main()
