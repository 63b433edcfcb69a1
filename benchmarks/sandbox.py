"""Sandbox benchmark: seconds and peak memory to generate a world, requests/s the server sustains.

Generation runs in a fresh child process per run (peak RSS = ru_maxrss of that run, plus its
worker processes'), default 10^5 debtors, median of --runs. The server is started as
`python -m skiptrace.sandbox serve` pinned to ONE core (sched_setaffinity), over a world of
--serve-debtors debtors; a client thread pool on loopback sends --requests requests, a mix of
the searches connectors make (register, directory, notices, land, vehicles, geocoder, details).

    .venv/bin/python benchmarks/sandbox.py                       # 1e5 debtors, 3 runs
    .venv/bin/python benchmarks/sandbox.py --debtors 10000 --runs 1 --requests 500
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

RESULTS = Path(__file__).resolve().parent / "results" / "sandbox.json"
LAND = {"Authorization": "Bearer sandbox-land-token"}
VEHICLE = {"X-API-Key": "sandbox-vehicle-key"}


def child_generate(debtors: int, out: str, workers: int | None) -> None:
    """Runs in the child: generate, then print timings and peak memory as JSON."""
    from skiptrace.sandbox import generate_world

    start, cpu = time.perf_counter(), time.process_time()
    generate_world(1, debtors, Path(out), workers=workers)
    seconds = time.perf_counter() - start
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "cpu_seconds": time.process_time() - cpu + kids.ru_utime + kids.ru_stime,
                      "peak_rss_mb": me.ru_maxrss / 1024, "worker_peak_rss_mb": kids.ru_maxrss / 1024}))


def bench_generation(debtors: int, runs: int, workers: int | None) -> dict:
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, __file__, "--child-generate", str(debtors), "--out", tmp]
            if workers:
                cmd += ["--workers", str(workers)]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True)
            sample = json.loads(done.stdout.strip().splitlines()[-1])
            manifest = json.loads((Path(tmp) / "manifest.json").read_text("utf-8"))
            sample["records"] = sum(manifest["records"].values())
            sample["bytes"] = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
            samples.append(sample)
    med = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    return {"debtors": debtors, "runs": runs, "workers": workers or "auto", **med, "samples": samples}


def request_mix(world: Path, n: int) -> list[tuple[str, dict, dict]]:
    """n (path, params, headers) drawn from the portfolio, as connectors would ask."""
    with (world / "portfolio.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    with (world / "sources" / "company_register.jsonl").open(encoding="utf-8") as handle:
        company_ids = [json.loads(line)["record_id"] for _, line in zip(range(500), handle, strict=False)]
    rng = random.Random(5)
    mix = []
    for i in range(n):
        row = rng.choice(rows)
        kind = i % 7
        if kind == 0:
            mix.append(("/company_register/search", {"q": row["raison_sociale"] or row["nom"]}, {}))
        elif kind == 1:
            mix.append(("/phone_directory/search", {"name": row["nom"] or "el", "city": row["ville"]}, {}))
        elif kind == 2:
            mix.append(("/legal_notices/search", {"q": row["rc"] or row["nom"] or "sarl"}, {}))
        elif kind == 3:
            mix.append(("/land_registry/api/titles", {"cin": row["cin"] or "X"} if row["cin"] else {"ice": row["ice"] or "0"}, LAND))
        elif kind == 4:
            mix.append(("/vehicle_registry/api/vehicles", {"cin": row["cin"]} if row["cin"] else {"ice": row["ice"] or "0"}, VEHICLE))
        elif kind == 5:
            mix.append(("/geocoder/search", {"q": f"{row['adresse']}, {row['ville']}", "format": "jsonv2"}, {}))
        else:
            mix.append((f"/company_register/company/{rng.choice(company_ids)}", {}, {}))
    return mix


def bench_server(debtors: int, n_requests: int, threads: int, runs: int) -> dict:
    from skiptrace.sandbox import generate_world
    from skiptrace.sandbox.index import ensure_index

    with tempfile.TemporaryDirectory() as tmp:
        world = generate_world(2, debtors, Path(tmp) / "world")
        start = time.perf_counter()
        ensure_index(world)
        index_seconds = time.perf_counter() - start
        proc = subprocess.Popen([sys.executable, "-m", "skiptrace.sandbox", "serve", "--world", str(world)],
                                stdout=subprocess.PIPE, text=True)
        try:
            os.sched_setaffinity(proc.pid, {min(os.sched_getaffinity(0))})
            url = proc.stdout.readline().strip().split("=", 1)[1] if proc.stdout else ""
            mix = request_mix(world, n_requests)
            rates, failures = [], 0
            local = threading.local()

            def fetch(item: tuple[str, dict, dict]) -> int:
                session = getattr(local, "session", None) or requests.Session()
                local.session = session
                return session.get(url + item[0], params=item[1], headers=item[2], timeout=30).status_code

            for _ in range(runs):
                start = time.perf_counter()
                with ThreadPoolExecutor(threads) as pool:
                    codes = list(pool.map(fetch, mix))
                rates.append(len(mix) / (time.perf_counter() - start))
                failures += sum(1 for c in codes if c >= 500)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return {"world_debtors": debtors, "requests": n_requests, "threads": threads, "runs": runs,
            "server_cores": 1, "index_build_seconds": index_seconds,
            "requests_per_second_median": statistics.median(rates), "samples": rates,
            "server_errors": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debtors", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="generation processes (default: all CPUs)")
    parser.add_argument("--serve-debtors", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--child-generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_generate:
        child_generate(args.child_generate, args.out, args.workers)
        return
    gen = bench_generation(args.debtors, args.runs, args.workers)
    srv = bench_server(args.serve_debtors, args.requests, args.threads, args.runs)
    result = {"benchmark": "sandbox", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "cpus": os.cpu_count(), "load_average": os.getloadavg(), "generation": gen, "server": srv}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    rows = [
        (f"generate {gen['debtors']} debtors: seconds (wall)", f"{gen['seconds']:.1f}"),
        ("generate: CPU seconds (all processes)", f"{gen['cpu_seconds']:.1f}"),
        ("generate: peak RSS main / worker (MB)", f"{gen['peak_rss_mb']:.0f} / {gen['worker_peak_rss_mb']:.0f}"),
        ("generate: records written", f"{gen['records']:.0f}"),
        (f"index build, {srv['world_debtors']} debtors (s)", f"{srv['index_build_seconds']:.2f}"),
        (f"server req/s (1 core, {srv['threads']} client threads)", f"{srv['requests_per_second_median']:.0f}"),
    ]
    print(f"{'measure':<48}{'median':>16}")
    for label, value in rows:
        print(f"{label:<48}{value:>16}")
    print(f"results written to {RESULTS}")


if __name__ == "__main__":
    main()
