"""Locality order against the portfolio's order (docs/decisions/0027): the same portfolio
enriched from the same prepared local store, ``order_window`` 1 (the portfolio's order) and the
default, in turn, ``--runs`` times each; CPU seconds of every process of the run (the parent,
its workers), wall time, the summed RSS peak, and whether both orders wrote the same profiles.

    python benchmarks/locality_order.py PREPARED PORTFOLIO OUT [--runs 2] [--workers 2]

PREPARED as in benchmarks/worker_memory.py (a ``store.db`` and ``local.toml`` made by
benchmarks/enrich.py's ``prepare_local``). Writes OUT/locality_order.json and prints a table.
CPU seconds are the figure to read on a shared machine: wall time moves with the load.
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
import threading
import time
from pathlib import Path
from typing import Any

AS_OF = "2026-11-27T09:00:00+00:00"
TICK = os.sysconf("SC_CLK_TCK")
# profile fields that say when or by which job, not what was found
VOLATILE = frozenset({"generated_at", "job_id", "retrieved_at", "duration_s", "seconds"})


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pids
    for child in children:
        pids += _tree(int(child))
    return pids


def _cpu_and_rss(pid: int) -> tuple[float, float] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except OSError:
        return None
    return (int(stat[11]) + int(stat[12])) / TICK, rss_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_once(prepared: Path, portfolio: Path, run: Path, window: int, workers: int
             ) -> dict[str, Any]:
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    with sqlite3.connect(prepared / "store.db") as src, sqlite3.connect(run / "store.db") as dst:
        src.backup(dst)
    env = dict(os.environ, SKIPTRACE_CONFIG=str(prepared / "local.toml"),
               SKIPTRACE_OPERATOR="bench", SKIPTRACE_PURPOSE="benchmark",
               SKIPTRACE_ORDER_WINDOW=str(window))
    cmd = [sys.executable, "-m", "skiptrace", "enrich", str(portfolio), "--db",
           str(run / "store.db"), "--out", str(run / "profiles.jsonl"), "--rejects",
           str(run / "rejects.csv"), "--as-of", AS_OF, "--json", "--quiet",
           "--concurrency", "8", "--workers", str(workers)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    cpu: dict[int, float] = {}
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            total = 0.0
            for pid in _tree(proc.pid):
                seen = _cpu_and_rss(pid)
                if seen is not None:
                    cpu[pid] = seen[0]
                    total += seen[1]
            peak[0] = max(peak[0], total)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    wall = time.monotonic() - start
    sampler.join()
    summary = json.loads(stdout)
    return {"window": window, "wall_s": round(wall, 1), "debtors": summary["processed"],
            "cpu_s": round(sum(cpu.values()), 1), "cpu_s_parent": round(cpu.get(proc.pid, 0.0), 1),
            "peak_rss_sum_mb": round(peak[0]), "partial": summary["partial"],
            "failed": summary["failed"], "rc": proc.returncode}


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def profiles(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        profile = json.loads(line)
        out[profile["debtor_id"]] = json.dumps(_stable(profile), sort_keys=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prepared", type=Path)
    parser.add_argument("portfolio", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--window", type=int, default=8192)
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    for n in range(args.runs):  # the two orders in turn, so that the load falls on both
        for window in (1, args.window):
            run = args.out / f"w{window}_{n}"
            results.append(run_once(args.prepared, args.portfolio, run, window, args.workers))
            print(json.dumps(results[-1]), flush=True)
    first = {w: profiles(args.out / f"w{w}_0" / "profiles.jsonl") for w in (1, args.window)}
    differing = sorted(k for k in first[1] if first[1][k] != first[args.window].get(k))
    pairs = [b["cpu_s"] / a["cpu_s"] for a, b in zip(results[::2], results[1::2], strict=True)]
    medians = {str(w): statistics.median(r["cpu_s"] for r in results if r["window"] == w)
               for w in (1, args.window)}
    report: dict[str, Any] = {
        "what": "same portfolio, same prepared store; order_window 1 (portfolio order) and "
                f"{args.window}, in turn; enrich --workers {args.workers} --concurrency 8",
        "runs": results,
        "cpu_s_median": medians,
        "cpu_ratio_pairs": [round(p, 3) for p in pairs],
        "same_debtors": set(first[1]) == set(first[args.window]),
        "profiles_differing": len(differing),
        "differing_sample": differing[:5],
    }
    (args.out / "locality_order.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print("| order_window | CPU s (runs) | median | wall s | peak RSS summed MB |")
    print("|---|---|---|---|---|")
    for w in (1, args.window):
        mine = [r for r in results if r["window"] == w]
        print(f"| {w} | {', '.join(str(r['cpu_s']) for r in mine)} | "
              f"{medians[str(w)]} | {', '.join(str(r['wall_s']) for r in mine)} | "
              f"{', '.join(str(r['peak_rss_sum_mb']) for r in mine)} |")
    print(f"CPU ratio per pair: {report['cpu_ratio_pairs']}; profiles differing: "
          f"{len(differing)} of {len(first[1])}")


if __name__ == "__main__":
    main()
