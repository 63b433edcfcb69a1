"""Requests per debtor and wall time through the API sources, against a slow sandbox.

A world of N debtors (generate_world), served by `python -m skiptrace.sandbox serve` in its own
process (so its CPU is not ours) with 50 ms of added latency on every request. The debtors of
the portfolio go through land_registry, vehicle_registry and geocoder as a batch would run
them: `concurrency` debtors at a time, each debtor's sources side by side (run_sources). Each
run starts with fresh connectors (cold geocoder cache); the table shows medians of the runs.

    python benchmarks/sources.py                      # 1 000 debtors, 3 runs
    python benchmarks/sources.py --debtors 200 --runs 5 --latency 0.0
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from skiptrace.config import load_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.runner import run_sources
from skiptrace.intake.load import read_debtors
from skiptrace.sandbox import generate_world

RESULTS = Path(__file__).resolve().parent / "results" / "sources.json"
API = ("land_registry", "vehicle_registry", "geocoder")


def serve(world: Path, faults: list[str]) -> tuple[subprocess.Popen[str], str]:
    """The sandbox in a child process; its URL is the first line it prints."""
    cmd = [sys.executable, "-m", "skiptrace.sandbox", "serve", "--world", str(world)]
    for fault in faults:
        cmd += ["--fault", fault]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline().strip() if proc.stdout else ""
    if not first.startswith("SANDBOX_URL="):
        proc.terminate()
        raise SystemExit(f"sandbox did not start: {first!r}")
    return proc, first.split("=", 1)[1]


def one_run(url: str, queries: list[DebtorQuery], concurrency: int) -> dict[str, Any]:
    config = load_config(env={"SKIPTRACE_SANDBOX_URL": url})
    config = replace(config, concurrency=concurrency)
    http = HttpClient(concurrency=concurrency * len(API))
    connectors = build_connectors(config, http, kinds=("api",))
    statuses: Counter[str] = Counter()
    records = 0
    pool = ThreadPoolExecutor(concurrency * len(API), thread_name_prefix="source")
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency, thread_name_prefix="debtor") as debtors:
        for found, status in debtors.map(lambda q: run_sources(q, connectors, executor=pool), queries):
            records += len(found)
            statuses.update(f"{s.source}:{s.status}" for s in status)
    seconds = time.perf_counter() - started
    pool.shutdown()
    counts = http.request_counts()
    return {"seconds": seconds, "records": records, "statuses": dict(statuses),
            "requests": {s: counts.get(s, 0) for s in API}}


def summarize(runs: list[dict[str, Any]], debtors: int) -> dict[str, Any]:
    seconds = statistics.median(r["seconds"] for r in runs)
    per_source = {s: statistics.median(r["requests"][s] for r in runs) / debtors for s in API}
    return {
        "wall_seconds": round(seconds, 2),
        "debtors_per_second": round(debtors / seconds, 1),
        "requests_per_debtor": {s: round(v, 3) for s, v in per_source.items()},
        "requests_per_debtor_total": round(sum(per_source.values()), 3),
        "records_per_debtor": round(statistics.median(r["records"] for r in runs) / debtors, 2),
        "statuses_last_run": runs[-1]["statuses"],
        "run_seconds": [round(r["seconds"], 2) for r in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debtors", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = generate_world(args.seed, args.debtors, Path(tmp) / "world")
        queries = [DebtorQuery.from_debtor(d) for d in read_debtors(world / "portfolio.csv")]
        faults = [f"*:latency={args.latency}"] if args.latency > 0 else []
        proc, url = serve(world, faults)
        try:
            runs = [one_run(url, queries, args.concurrency) for _ in range(args.runs)]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    result = {
        "benchmark": "sources", "debtors": len(queries), "runs": args.runs, "seed": args.seed,
        "latency_s": args.latency, "concurrency": args.concurrency, "sources": list(API),
        "python": platform.python_version(), "cpus": os.cpu_count(), **summarize(runs, len(queries)),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'debtors':<34}{result['debtors']}")
    print(f"{'latency per request (s)':<34}{args.latency}")
    print(f"{'concurrency (debtors)':<34}{args.concurrency}")
    print(f"{'wall time, median (s)':<34}{result['wall_seconds']}  runs: {result['run_seconds']}")
    print(f"{'debtors per second':<34}{result['debtors_per_second']}")
    for source, value in result["requests_per_debtor"].items():
        print(f"{'requests/debtor ' + source:<34}{value}")
    print(f"{'requests/debtor, all':<34}{result['requests_per_debtor_total']}")
    print(f"{'records/debtor':<34}{result['records_per_debtor']}")
    print(f"{'statuses (last run)':<34}{result['statuses_last_run']}")
    print(f"written to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
