"""Limits shared through Redis (issue 21, docs/decisions/0014): the rate a source sees when N
worker processes share its bucket, and what a shared bucket and breaker cost a request.

**Rate at the sandbox.** N = 1, 2, 3 spawned processes ask the sandbox's geocoder over real
HTTP, one request at a time each, ``--total`` requests between them, the source configured at
``--rate`` per second with ``--burst``. Three ways to hold them to it:

- ``shared``: ``[limits] redis`` set, one bucket in Redis for all (this issue);
- ``split``: each process its own bucket at rate/N (pipeline/workerproc.py's way on one
  machine, which needs N known);
- ``own``: each process its own bucket at the full rate (N workers unaware of each other).

The sandbox records each request's arrival (``SandboxServer(record_arrivals=True)``); the
table gives the most requests in any 1 s window and the mean rate over the run, medians of
``--runs``, and each process's CPU seconds a request.

**Cost a request.** In one process, ``--ops`` times: the bucket's ``reserve`` (at a rate that
never makes it wait), then the breaker's ``before_call`` and ``record_success`` — what
SourceClient does around every request — on Redis and in memory; medians of ``--runs`` of the
wall and CPU microseconds an operation.

    .venv/bin/python benchmarks/shared_limits.py [--redis redis://127.0.0.1:PORT/0]

Without ``--redis`` (or $SKIPTRACE_TEST_REDIS_URL) it starts one with .ci/services/redis.sh and
stops it at the end. Writes benchmarks/results/shared_limits.{json,md}.
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
import uuid
from pathlib import Path
from typing import Any

import redis

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the worker processes' runner is tests'

from skiptrace.config import LimitsConfig, SourceConfig, parse_config  # noqa: E402
from skiptrace.connectors.http import HttpClient  # noqa: E402
from skiptrace.connectors.shared import source_breaker, source_bucket  # noqa: E402
from skiptrace.sandbox import SandboxServer, generate_world  # noqa: E402
from skiptrace.sandbox.arrivals import most_in_window  # noqa: E402
from tests.connectors.shared.processes import run_together  # noqa: E402

RESULTS = HERE / "results" / "shared_limits.json"
MODES = ("shared", "split", "own")


def worker(config_text: str, count: int, start: Any, results: Any) -> None:
    """One worker process: ``count`` geocoder searches in a row; reports its CPU seconds."""
    cfg = parse_config(config_text, env={}).source("geocoder")
    client = HttpClient(concurrency=1).source(cfg)
    start.wait(120)
    cpu = time.process_time()
    failed = 0
    for n in range(count):
        with client.call():
            try:
                client.get_json(f"{cfg.base_url}/search", params={"q": f"Casablanca {n % 50}"})
            except Exception:
                failed += 1
    results.put({"cpu": time.process_time() - cpu, "requests": count, "failed": failed})


def config_text(url: str, rate: float, burst: int, limits: LimitsConfig | None) -> str:
    shared = f'[limits]\nredis = "{limits.redis}"\nprefix = "{limits.prefix}"\n' if limits else ""
    return (f"[skiptrace]\nsandbox = true\n{shared}[sources.geocoder]\nkind = \"api\"\n"
            f'base_url = "{url}/geocoder"\nrate_limit = {rate}\nburst = {burst}\n'
            "timeout = 120.0\nretries = 0\n")


def one_run(world: Path, redis_url: str, mode: str, processes: int, total: int, rate: float,
            burst: int) -> dict[str, Any]:
    """``processes`` workers, ``total`` requests, the rate held ``mode``'s way."""
    limits = LimitsConfig(redis=redis_url, prefix=f"bench-{uuid.uuid4().hex[:10]}")
    each_rate, each_burst = rate, burst
    if mode == "split":
        each_rate, each_burst = rate / processes, max(1, burst // processes)
    with SandboxServer(world, record_arrivals=True) as sandbox:
        text = config_text(sandbox.url, each_rate, each_burst,
                           limits if mode == "shared" else None)
        reports = run_together(worker, (text, total // processes), processes, timeout=600)
        arrivals = sandbox.arrivals("geocoder")
    span = arrivals[-1] - arrivals[0]
    return {"mode": mode, "processes": processes, "requests": len(arrivals),
            "failed": sum(r["failed"] for r in reports),
            "max_in_1s": most_in_window(arrivals, 1.0),
            "mean_rate": (len(arrivals) - 1) / span if span > 0 else None,
            "seconds": span,
            "cpu_ms_per_request": 1000 * sum(r["cpu"] for r in reports) / len(arrivals)}


def cost_run(limits: LimitsConfig | None, ops: int) -> dict[str, float]:
    """Microseconds an operation: reserve, before_call, record_success, ``ops`` times each."""
    cfg = SourceConfig(name=f"cost-{uuid.uuid4().hex[:8]}", rate_limit=1_000_000.0,
                       burst=1_000_000, timeout=60.0, limits=limits or LimitsConfig())
    bucket = source_bucket(cfg, time.monotonic, time.sleep)
    breaker = source_breaker(cfg, time.monotonic)
    bucket.reserve()  # connects, reads the server's clock
    out: dict[str, float] = {}
    for name, op in (("reserve", bucket.reserve), ("before_call", breaker.before_call),
                     ("record_success", breaker.record_success)):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(ops):
            op()
        out[f"{name}_us"] = 1e6 * (time.perf_counter() - wall) / ops
        out[f"{name}_cpu_us"] = 1e6 * (time.process_time() - cpu) / ops
    return out


def median_of(rows: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in rows if r[key] is not None)


def table(result: dict[str, Any]) -> str:
    a = result["args"]
    lines = [
        "# Shared limits: N workers on one source through Redis (issue 21)", "",
        f"Made by benchmarks/shared_limits.py: Redis {result['redis_version']} on 127.0.0.1, "
        f"the sandbox's geocoder over HTTP on 127.0.0.1, configured at {a['rate']:g}/s with "
        f"burst {a['burst']}; {a['total']} requests a run shared among the processes, one at a "
        f"time in each; medians of {a['runs']} runs. Max in 1 s: the most requests the sandbox "
        "received in any 1 s window; the bucket sends at most burst + rate × 1 s = "
        f"{a['burst'] + a['rate']:g} in any second, and at the sandbox a request sent just "
        "before a window may arrive in it (one in flight a process at most, so up to N more). "
        "shared: one bucket in Redis; split: each process rate/N "
        "in its own memory; own: each process the full rate in its own memory. "
        f"{os.cpu_count()} cores shared with other work: CPU figures are the steadier.", "",
        "| N | mode | max in 1 s | mean req/s | s | CPU ms a request | failed |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rate"]:
        lines.append(f"| {row['processes']} | {row['mode']} | {row['max_in_1s']:g} | "
                     f"{row['mean_rate']:.1f} | {row['seconds']:.2f} | "
                     f"{row['cpu_ms_per_request']:.2f} | {row['failed']:g} |")
    lines += ["", f"Cost an operation, one process, {a['ops']} operations each, medians of "
              f"{a['runs']} runs (µs wall / µs CPU):", "",
              "| store | reserve | before_call | record_success | all three, wall | all three, CPU |",
              "|---|---|---|---|---|---|"]
    for store, row in result["cost"].items():
        total = sum(row[f"{n}_us"] for n in ("reserve", "before_call", "record_success"))
        cpu = sum(row[f"{n}_cpu_us"] for n in ("reserve", "before_call", "record_success"))
        lines.append(f"| {store} | {row['reserve_us']:.1f} / {row['reserve_cpu_us']:.1f} | "
                     f"{row['before_call_us']:.1f} / {row['before_call_cpu_us']:.1f} | "
                     f"{row['record_success_us']:.1f} / {row['record_success_cpu_us']:.1f} | "
                     f"{total:.1f} | {cpu:.1f} |")
    return "\n".join(lines) + "\n"


def start_redis() -> tuple[str, bool]:
    url = os.environ.get("SKIPTRACE_TEST_REDIS_URL", "")
    if url:
        return url, False
    out = subprocess.run(["bash", str(HERE.parent / ".ci/services/redis.sh"), "start"],
                         check=True, capture_output=True, text=True).stdout
    return out.strip().split("=", 1)[1], True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default="")
    parser.add_argument("--rate", type=float, default=40.0)
    parser.add_argument("--burst", type=int, default=2)
    parser.add_argument("--total", type=int, default=120)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ops", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--cost-only", choices=("redis", "memory"),
                        help="only the cost loop, once, on that store (to time as a whole process)")
    args = parser.parse_args()
    if args.cost_only:
        url = args.redis or os.environ.get("SKIPTRACE_TEST_REDIS_URL", "")
        limits = LimitsConfig(redis=url, prefix=f"bench-{uuid.uuid4().hex[:10]}")
        print(json.dumps(cost_run(limits if args.cost_only == "redis" else None, args.ops)))
        return
    url, started = (args.redis, False) if args.redis else start_redis()
    try:
        version = redis.Redis.from_url(url).info("server")["redis_version"]
        world = generate_world(7, 60, Path(tempfile.mkdtemp(prefix="shared-limits-")))
        rate_rows = []
        for processes in (1, 2, 3):
            for mode in MODES:
                if processes == 1 and mode != "shared":
                    continue  # one process: the three are the same bucket but for where it is
                runs = [one_run(world, url, mode, processes, args.total, args.rate, args.burst)
                        for _ in range(args.runs)]
                row = {"mode": mode, "processes": processes, "runs": runs,
                       **{k: median_of(runs, k) for k in ("max_in_1s", "mean_rate", "seconds",
                                                          "cpu_ms_per_request", "failed")}}
                print(json.dumps({k: v for k, v in row.items() if k != "runs"}))
                rate_rows.append(row)
        limits = LimitsConfig(redis=url, prefix=f"bench-{uuid.uuid4().hex[:10]}")
        cost: dict[str, dict[str, float]] = {}
        for store, shared in (("redis", limits), ("memory", None)):
            runs = [cost_run(shared, args.ops) for _ in range(args.runs)]
            cost[store] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(store, json.dumps(cost[store]))
        result = {"python": platform.python_version(), "redis_version": version,
                  "args": {k: v for k, v in vars(args).items() if k not in ("out", "redis")},
                  "rate": rate_rows, "cost": cost}
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        args.out.with_suffix(".md").write_text(table(result), encoding="utf-8")
        print(table(result))
    finally:
        if started:
            subprocess.run(["bash", str(HERE.parent / ".ci/services/redis.sh"), "stop"],
                           check=False, capture_output=True)


if __name__ == "__main__":
    main()
