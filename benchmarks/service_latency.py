"""The HTTP service against the cold CLI: lookup latency, concurrent lookups, batch throughput.

Everything runs as real processes against one sandbox process with 50 ms added to every
request (`*:latency=0.05`, as benchmarks/enrich.py's "live"):
  warm lookups   `skiptrace serve` (one process, its crawl child kept open); --lookups distinct
                 debtors one after another through POST /v1/lookups, each timed by the client
                 (request to full answer); one warm-up lookup first, not counted;
  concurrent     --clients threads at once, each looking up its own debtors;
  cold lookups   `skiptrace lookup … --format json` per debtor (--cli-lookups of them), the
                 whole command's wall time (what an investigator at a terminal waits);
  batch          the world's portfolio through POST /v1/batches (upload to state done, polled
                 every 0.2 s) against `skiptrace enrich` on the same file, each on a fresh store,
                 interleaved over --runs runs (medians).

    python benchmarks/service_latency.py                       # defaults below
    python benchmarks/service_latency.py --runs 3 --debtors 200

The machine has 2 cores and other jobs may run beside this one: quote medians, and compare the
service with the CLI measured in the same run rather than with older figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
PY = sys.executable
WHO = {"X-Operator": "bench", "X-Purpose": "benchmark"}
sys.path.insert(0, str(ROOT.parent))

from benchmarks.enrich import Sandbox, env_for  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))], 3)


def typed(row: dict[str, str]) -> dict[str, str]:
    """What an investigator types for a portfolio row: name and identifiers and city."""
    if row["type"] == "societe":
        fields = {"name": row["raison_sociale"], "kind": "company", "ice": row["ice"],
                  "rc": row["rc"], "tribunal": row["tribunal"]}
    else:
        fields = {"name": f"{row['nom']} {row['prenom']}".strip(), "kind": "person",
                  "cin": row["cin"]}
    fields["city"] = row["ville"]
    return {k: v for k, v in fields.items() if v}


def rows_of(world: Path) -> list[dict[str, str]]:
    with open(world / "portfolio.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


class Service:
    """`skiptrace serve` on a fresh store with one supervisor key; ready when uvicorn says."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        from skiptrace.store import Store, tenancy

        folder.mkdir(parents=True, exist_ok=True)
        self.db = folder / "store.db"
        with Store.open(self.db) as store, store.atomic():
            _key, self.token = tenancy.create_key(store.db.conn, "bench", "supervisor", "bench")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [PY, "-m", "skiptrace", "serve", "--port", str(port), "--db", str(self.db),
             "--rate", "1000", "--burst", "1000"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if "Uvicorn running on" in line:
                break
        else:
            raise SystemExit("the service did not start")
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()  # drain its log

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=300,
                            headers={"Authorization": f"Bearer {self.token}", **WHO})

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def timed_lookup(client: httpx.Client, fields: dict[str, str]) -> float:
    started = time.monotonic()
    answer = client.post("/v1/lookups", json=fields)
    seconds = time.monotonic() - started
    if answer.status_code != 200:
        raise SystemExit(f"lookup failed: {answer.status_code} {answer.text[:300]}")
    return seconds


def warm_lookups(service: Service, rows: list[dict[str, str]], count: int) -> dict[str, Any]:
    with service.client() as client:
        first = timed_lookup(client, typed(rows[0]))
        seconds = [timed_lookup(client, typed(row)) for row in rows[1:count + 1]]
    return {"lookups": len(seconds), "first_seconds": round(first, 3),
            "p50_seconds": quantile(seconds, 0.5), "p95_seconds": quantile(seconds, 0.95),
            "max_seconds": round(max(seconds), 3)}


def concurrent_lookups(service: Service, rows: list[dict[str, str]], clients: int,
                       each: int) -> dict[str, Any]:
    seconds: list[float] = []
    lock = threading.Lock()

    def client_run(mine: list[dict[str, str]]) -> None:
        with service.client() as client:
            for row in mine:
                took = timed_lookup(client, typed(row))
                with lock:
                    seconds.append(took)

    chunks = [rows[i * each:(i + 1) * each] for i in range(clients)]
    threads = [threading.Thread(target=client_run, args=(c,)) for c in chunks]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return {"clients": clients, "lookups": len(seconds), "wall_seconds": round(wall, 2),
            "lookups_per_second": round(len(seconds) / wall, 2),
            "p50_seconds": quantile(seconds, 0.5), "p95_seconds": quantile(seconds, 0.95)}


def cold_lookups(rows: list[dict[str, str]], folder: Path, env: dict[str, str]
                 ) -> dict[str, Any]:
    seconds = []
    for row in rows:
        cmd = [PY, "-m", "skiptrace", "lookup", "--db", str(folder / "cli.db"), "--format",
               "json"]
        for key, value in typed(row).items():
            cmd += [f"--{key.replace('_', '-')}", value]
        started = time.monotonic()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        seconds.append(time.monotonic() - started)
        if done.returncode != 0:
            raise SystemExit(f"cold lookup failed: {done.stderr[-500:]}")
    return {"lookups": len(seconds), "p50_seconds": quantile(seconds, 0.5),
            "p95_seconds": quantile(seconds, 0.95)}


def batch_api(service: Service, world: Path) -> dict[str, Any]:
    body = (world / "portfolio.csv").read_bytes()
    with service.client() as client:
        started = time.monotonic()
        made = client.post("/v1/batches", content=body, headers={"Content-Type": "text/csv"})
        if made.status_code != 202:
            raise SystemExit(f"upload failed: {made.status_code} {made.text[:300]}")
        batch_id = made.json()["batch_id"]
        while True:
            state = client.get(f"/v1/batches/{batch_id}").json()
            if state["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        wall = time.monotonic() - started
    if state["state"] != "done":
        raise SystemExit(f"batch failed: {state}")
    processed = state["progress"]["processed"]
    return {"debtors": processed, "wall_seconds": round(wall, 2),
            "debtors_per_second": round(processed / wall, 2), "counts": state["counts"]}


def batch_cli(world: Path, folder: Path, env: dict[str, str]) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [PY, "-m", "skiptrace", "enrich", str(world / "portfolio.csv"), "--db",
           str(folder / "store.db"), "--out", str(folder / "profiles.jsonl"), "--rejects",
           str(folder / "rejects.csv"), "--json", "--quiet"]
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode not in (0, 3):
        raise SystemExit(f"enrich failed: {done.stderr[-500:]}")
    processed = json.loads(done.stdout)["processed"]
    return {"debtors": processed, "wall_seconds": round(wall, 2),
            "debtors_per_second": round(processed / wall, 2)}


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def table(result: dict[str, Any]) -> str:
    w, c, k = result["warm_lookups"], result["concurrent"], result["cold_lookups"]
    api, cli = result["batch"]["api_median"], result["batch"]["cli_median"]
    lines = [
        f"# The HTTP service: latency and throughput ({result['date']})", "",
        f"Sandbox world: seed {result['seed']}, {result['debtors']} debtors, every source "
        f"request delayed (`{result['latency']}`). 2-core machine shared with other sessions: "
        "medians, and service vs CLI measured in the same run.", "",
        "| measure | p50 s | p95 s | other |", "|---|---|---|---|",
        f"| warm lookup through the API ({w['lookups']} sequential) | {w['p50_seconds']} | "
        f"{w['p95_seconds']} | first (warm-up) {w['first_seconds']} s |",
        f"| {c['clients']} concurrent clients ({c['lookups']} lookups) | {c['p50_seconds']} | "
        f"{c['p95_seconds']} | {c['lookups_per_second']} lookups/s |",
        f"| cold CLI `skiptrace lookup` ({k['lookups']}) | {k['p50_seconds']} | "
        f"{k['p95_seconds']} | whole command |",
        "", "| batch | debtors/s (median) | wall s (median) | runs |", "|---|---|---|---|",
        f"| POST /v1/batches (upload to done) | {api['debtors_per_second']} | "
        f"{api['wall_seconds']} | {result['runs']} |",
        f"| `skiptrace enrich` | {cli['debtors_per_second']} | {cli['wall_seconds']} | "
        f"{result['runs']} |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--debtors", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--each", type=int, default=4, help="lookups per concurrent client")
    parser.add_argument("--cli-lookups", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3, help="batch runs of each (median)")
    parser.add_argument("--latency", type=float, default=0.05,
                        help="seconds added to every source request (0: the service's own cost)")
    parser.add_argument("--lookups-only", action="store_true",
                        help="warm and concurrent lookups only (no cold CLI, no batches)")
    parser.add_argument("--out", type=Path, default=RESULTS / "service_latency.json")
    args = parser.parse_args()

    from skiptrace.sandbox import generate_world

    work = Path(tempfile.mkdtemp(prefix="bench-service-"))
    try:
        world = generate_world(args.seed, args.debtors, work / "world")
        rows = rows_of(world)
        needed = 1 + args.lookups + args.clients * args.each
        if len(rows) < needed + args.cli_lookups:
            raise SystemExit(f"the world needs at least {needed + args.cli_lookups} debtors")
        latency = f"*:latency={args.latency:g}"
        with Sandbox(world, [latency] if args.latency else []) as sandbox:
            env = env_for(sandbox.url)
            service = Service(work / "lookups", env)
            try:
                warm = warm_lookups(service, rows, args.lookups)
                concurrent = concurrent_lookups(service, rows[1 + args.lookups:], args.clients,
                                                args.each)
            finally:
                service.close()
            if args.lookups_only:
                print(json.dumps({"latency": args.latency, "warm_lookups": warm,
                                  "concurrent": concurrent}, indent=2))
                return
            cold = cold_lookups(rows[needed:needed + args.cli_lookups], work, env)
            api_runs, cli_runs = [], []
            for run in range(args.runs):  # interleaved: load from others hits both alike
                batch_service = Service(work / f"batch-api-{run}", env)
                try:
                    api_runs.append(batch_api(batch_service, world))
                finally:
                    batch_service.close()
                cli_runs.append(batch_cli(world, work / f"batch-cli-{run}", env))
        result = {
            "date": time.strftime("%Y-%m-%d"), "seed": args.seed, "debtors": args.debtors,
            "latency": latency, "cpus": os.cpu_count(), "runs": args.runs,
            "warm_lookups": warm, "concurrent": concurrent, "cold_lookups": cold,
            "batch": {"api": api_runs, "cli": cli_runs,
                      "api_median": {"debtors_per_second": median_of(api_runs,
                                                                     "debtors_per_second"),
                                     "wall_seconds": median_of(api_runs, "wall_seconds")},
                      "cli_median": {"debtors_per_second": median_of(cli_runs,
                                                                     "debtors_per_second"),
                                     "wall_seconds": median_of(cli_runs, "wall_seconds")}},
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        args.out.with_suffix(".md").write_text(table(result), encoding="utf-8")
        print(table(result))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
