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
    python benchmarks/enrich.py --workers 1 2 --runs 3   # in-process vs 2 worker processes
    python benchmarks/enrich.py --workers 1 2 --runs 2 --tree before=/tmp/wt-before \
        --tree after=. --out benchmarks/results/enrich_planner.json   # two commits, interleaved

With several --workers values or --runs > 1, the enrich runs are interleaved (w1, w2, w1, w2...)
so that load from other jobs hits every variant alike; each row is the median run, and the
table and JSON name the variant (``live_50ms`` is workers 1, ``live_50ms_w2`` workers 2).

With ``--tree LABEL=PATH`` (repeatable) each tree's code (a git worktree of another commit) is
run with PYTHONPATH=PATH: its own sandbox serves it, its own store is prepared for local mode,
and the runs of every tree and worker count are interleaved (before w1, after w1, before w2, ...).
Variants are then named ``LABEL:live_50ms`` etc. Every row also keeps, per source, the
requests per debtor and the summary's p50/p95 seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
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


def tree_of(env: dict[str, str]) -> str | None:
    """The tree under test (``--tree``) is also the working directory: ``python -m`` puts the
    working directory before PYTHONPATH on sys.path."""
    return env.get("SKIPTRACE_BENCH_TREE")


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of that child alone, and its stdout."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL,
                                cwd=tree_of(env))
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        text = out.read().decode()
    if proc.returncode not in (0, 3):  # 3: some debtor partial (README "Exit codes")
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {text[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, text


class Sandbox:
    """`skiptrace sandbox serve` in its own process; its URL from the first line."""

    def __init__(self, world: Path, faults: list[str], tree: Path | None = None) -> None:
        cmd = [PY, "-m", "skiptrace", "sandbox", "serve", "--world", str(world)]
        for fault in faults:
            cmd += ["--fault", fault]
        env = dict(os.environ, PYTHONPATH=str(tree)) if tree is not None else None
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env,
                                     cwd=str(tree) if tree is not None else None)
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


def env_for(url: str, config: Path | None = None, tree: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, SKIPTRACE_SANDBOX_URL=url, SKIPTRACE_OPERATOR="bench",
               SKIPTRACE_PURPOSE="benchmark")
    if tree is not None:
        env["PYTHONPATH"] = env["SKIPTRACE_BENCH_TREE"] = str(tree)
    if config is not None:
        env["SKIPTRACE_CONFIG"] = str(config)
    return env


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of a prepared store (SQLite backup: the WAL is folded in)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def enrich(world: Path, run: Path, env: dict[str, str], concurrency: int, workers: int = 1,
           base_db: Path | None = None) -> dict[str, Any]:
    """One enrich job in a fresh run folder (on a copy of ``base_db`` when given)."""
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    if base_db is not None:
        copy_store(base_db, run / "store.db")
    cmd = [PY, "-m", "skiptrace", "enrich", str(world / "portfolio.csv"),
           "--db", str(run / "store.db"), "--out", str(run / "profiles.jsonl"),
           "--rejects", str(run / "rejects.csv"), "--as-of", AS_OF, "--json", "--quiet",
           "--concurrency", str(concurrency), "--workers", str(workers)]
    seconds, peak_mb, out = run_measured(cmd, env)
    summary = json.loads(out)
    processed = summary["processed"]
    return {"debtors": processed, "workers": workers, "wall_seconds": round(seconds, 2),
            "debtors_per_second": round(processed / seconds, 2), "peak_mb": round(peak_mb, 1),
            "partial": summary["partial"], "failed": summary["failed"],
            "requests": {k: v["requests"] for k, v in summary["sources"].items()},
            "requests_per_debtor": {k: round(v["requests"] / max(processed, 1), 2)
                                    for k, v in summary["sources"].items()},
            "source_p50_seconds": {k: v.get("p50_seconds")
                                   for k, v in summary["sources"].items()},
            "source_p95_seconds": {k: v.get("p95_seconds")
                                   for k, v in summary["sources"].items()},
            "source_partial": {k: v.get("partial") for k, v in summary["sources"].items()}}


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


def prepare_local(world: Path, run: Path, url: str, tree: Path | None = None) -> Path:
    """Import the registries' extracts and harvest the company register into the store."""
    run.mkdir(parents=True, exist_ok=True)
    config = run / "local.toml"
    config.write_text(LOCAL_CONFIG)
    env = env_for(url, config, tree)
    db = str(run / "store.db")
    for source in ("land_registry", "vehicle_registry"):
        extract = run / f"{source}.csv"
        subprocess.run([PY, "-m", "skiptrace", "sandbox", "export", source, "--world", str(world),
                        "--out", str(extract)], check=True, env=env, capture_output=True, cwd=tree_of(env))
        subprocess.run([PY, "-m", "skiptrace", "import", source, str(extract), "--db", db,
                        "--json"], check=True, env=env, capture_output=True, cwd=tree_of(env))
    web_env = dict(env)
    web_env.pop("SKIPTRACE_CONFIG")  # harvest the live company register
    subprocess.run([PY, "-m", "skiptrace", "harvest", "company_register", "--db", db, "--json"],
                   check=True, env=web_env, capture_output=True, cwd=tree_of(env))
    return config


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median rate, plus every run's rate."""
    ranked = sorted(runs, key=lambda r: r["debtors_per_second"])
    return {**ranked[(len(ranked) - 1) // 2],
            "runs_debtors_per_second": [r["debtors_per_second"] for r in runs]}


def variants(name: str, workers: list[int], runs: int,
             one: Any) -> dict[str, dict[str, Any]]:
    """``one(workers, i)`` for every variant, interleaved; the median run of each."""
    done: dict[int, list[dict[str, Any]]] = {w: [] for w in workers}
    for i in range(runs):
        for w in workers:
            done[w].append(one(w, i))
    return {(name if w == 1 else f"{name}_w{w}"): median_run(r) for w, r in done.items()}


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
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="enrich --workers values to compare (e.g. 1 2)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each variant (median)")
    parser.add_argument("--local-runs", type=int, default=None,
                        help="runs of each local variant (default: --runs)")
    parser.add_argument("--tree", action="append", default=[], metavar="LABEL=PATH",
                        help="compare the code of several trees (interleaved)")
    parser.add_argument("--out", type=Path, default=None, help="results JSON path")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT.parent))
    if args.tree:
        main_trees(args)
        return
    from skiptrace.sandbox.generate import generate_world

    rows: dict[str, Any] = {"debtors": args.debtors, "concurrency": args.concurrency,
                            "runs": args.runs}
    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "world"
        started = time.monotonic()
        generate_world(args.seed, args.debtors, world)
        rows["generate_seconds"] = round(time.monotonic() - started, 2)
        with Sandbox(world, ["*:latency=0.05"]) as sandbox:
            env = env_for(sandbox.url)
            rows.update(variants("live_50ms", args.workers, args.runs, lambda w, i: enrich(
                world, Path(tmp) / f"live-w{w}-{i}", env, args.concurrency, w)))
            if args.lookups:  # on the first run's store, where the debtors are
                first = Path(tmp) / f"live-w{args.workers[0]}-0"
                rows["lookup_50ms"] = lookups(world, first, env, args.lookups)
        if not args.skip_local:
            with Sandbox(world, []) as sandbox:
                config = prepare_local(world, Path(tmp) / "local", sandbox.url)
                local_env = env_for(sandbox.url, config)
                base = Path(tmp) / "local" / "store.db"
                rows.update(variants("local", args.workers, args.runs, lambda w, i: enrich(
                    world, Path(tmp) / f"local-w{w}-{i}", local_env, args.concurrency, w,
                    base_db=base)))
    print_table(rows)
    results = RESULTS if args.workers == [1] else RESULTS.with_name("enrich_workers.json")
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(rows, indent=2))
    print(f"wrote {results}")


def git_rev(tree: Path) -> str:
    done = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True)
    return done.stdout.strip()


def main_trees(args: argparse.Namespace) -> None:
    """Every tree's code on one world, its runs interleaved with the other trees' runs."""
    from skiptrace.sandbox.generate import generate_world

    trees = {label: Path(path).resolve() for label, path in
             (t.split("=", 1) for t in args.tree)}
    out = args.out or RESULTS.with_name("enrich_trees.json")
    local_runs = args.runs if args.local_runs is None else args.local_runs
    rows: dict[str, Any] = {"debtors": args.debtors, "concurrency": args.concurrency,
                            "runs": args.runs, "local_runs": local_runs,
                            "trees": {k: {"path": str(v), "commit": git_rev(v)}
                                      for k, v in trees.items()}}
    done: dict[str, list[dict[str, Any]]] = {}

    def record(name: str, result: dict[str, Any]) -> None:
        done.setdefault(name, []).append(result)
        rows[name] = median_run(done[name])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(rows, indent=2))  # after every run: a partial file survives
        print(f"{name}: {result['debtors_per_second']} debtors/s, {result['peak_mb']} MB",
              flush=True)

    def name(label: str, kind: str, w: int) -> str:
        return f"{label}:{kind}" if w == 1 else f"{label}:{kind}_w{w}"

    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "world"
        generate_world(args.seed, args.debtors, world)
        boxes = {label: Sandbox(world, ["*:latency=0.05"], tree) for label, tree in trees.items()}
        try:
            for i in range(args.runs):
                for w in args.workers:
                    for label, tree in trees.items():
                        env = env_for(boxes[label].url, tree=tree)
                        record(name(label, "live_50ms", w), enrich(
                            world, Path(tmp) / f"{label}-live-w{w}-{i}", env,
                            args.concurrency, w))
        finally:
            for box in boxes.values():
                box.__exit__()
        if not args.skip_local and local_runs:
            boxes = {label: Sandbox(world, [], tree) for label, tree in trees.items()}
            try:
                envs = {}
                for label, tree in trees.items():
                    config = prepare_local(world, Path(tmp) / f"{label}-local", boxes[label].url,
                                           tree)
                    envs[label] = env_for(boxes[label].url, config, tree)
                for i in range(local_runs):
                    for w in args.workers:
                        for label in trees:
                            record(name(label, "local", w), enrich(
                                world, Path(tmp) / f"{label}-local-w{w}-{i}", envs[label],
                                args.concurrency, w,
                                base_db=Path(tmp) / f"{label}-local" / "store.db"))
            finally:
                for box in boxes.values():
                    box.__exit__()
    print_table(rows)
    print_sources(rows)
    print(f"wrote {out}")


def print_sources(rows: dict[str, Any]) -> None:
    """Requests per debtor and p50 seconds per source, for every live variant."""
    live = [k for k, r in rows.items() if isinstance(r, dict) and "live" in k
            and "requests_per_debtor" in r]
    if not live:
        return
    sources = sorted({s for k in live for s in rows[k]["requests_per_debtor"]})
    print(f"\n{'requests/debtor (p50 s)':<24}" + "".join(f"{k:>22}" for k in live))
    for source in sources:
        cells = []
        for k in live:
            rpd = rows[k]["requests_per_debtor"].get(source)
            p50 = rows[k].get("source_p50_seconds", {}).get(source)
            cells.append(f"{rpd} ({p50})" if rpd is not None else "-")
        print(f"{source:<24}" + "".join(f"{c:>22}" for c in cells))
    totals = [sum(rows[k]["requests_per_debtor"].values()) for k in live]
    print(f"{'total':<24}" + "".join(f"{round(t, 2):>22}" for t in totals))


def print_table(rows: dict[str, Any]) -> None:
    print(f"\n{'run (median)':<16}{'debtors':>9}{'wall s':>9}{'debtors/s':>11}{'peak MB':>9}"
          f"{'partial':>9}{'failed':>8}  every run's debtors/s")
    for name, r in rows.items():
        if isinstance(r, dict) and "debtors_per_second" in r:
            print(f"{name:<16}{r['debtors']:>9}{r['wall_seconds']:>9}"
                  f"{r['debtors_per_second']:>11}{r['peak_mb']:>9}{r['partial']:>9}"
                  f"{r['failed']:>8}  {r.get('runs_debtors_per_second')}")
    lk = rows.get("lookup_50ms")
    if lk:
        print(f"lookup (CLI, 50 ms latency): p50 {lk['p50_seconds']} s, max {lk['max_seconds']}"
              f" s, process start-up p50 {lk['startup_p50_seconds']} s over {lk['lookups']}"
              " lookups")


if __name__ == "__main__":
    main()
