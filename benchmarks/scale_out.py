"""One sandbox portfolio enriched three ways, past one machine's defaults (issue 21's evidence).

    python benchmarks/scale_out.py --seed 60601 --debtors 300 --out benchmarks/results/scale_out

(a) embedded: the SQLite store, this process's workers;
(b) PostgreSQL + 1 Dask worker;
(c) PostgreSQL + Redis (every source's bucket and breaker shared) + 3 Dask workers;
(d) as (c), one Dask worker process killed once a third of the profiles are written.

Every run has the same ``--as-of``, so the four profile files must be identical line for line
(compared after sorting by debtor, since workers finish in their own order). What is measured
is **arrivals at the sandbox** (``--record-arrivals``), what a source counts: for each API
source, the most requests in any 1 s and any 5 s must stay within ``burst + rate_limit × W``,
which the config sets low (20/s, burst 2: 22 / 102) so that three workers without a shared
limit would exceed it. With ``--record-sends`` the client's side is recorded too
(benchmarks/sendtrace/): the same windows by send time and by the slots the buckets handed out,
requests outside a bucket, slots given up (decision 0021) and how late requests went after
their slot, so an excess at the sandbox can be put down to the bucket, the client's threads or
the way from the client to the server.
The killed run must write every debtor once, and a rerun must find nothing to do.

PostgreSQL and Redis are CI's own (.ci/services/*.sh), started and stopped here. Writes
OUT.json and OUT.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proctree import descendants  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
AS_OF = "2026-11-27T09:00:00+00:00"
API_SOURCES = ("land_registry", "vehicle_registry", "geocoder")
RATE, BURST = 20.0, 2
SENDTRACE = Path(__file__).resolve().parent / "sendtrace"
WINDOWS = (1, 5)  # seconds: a bucket lets through at most BURST + RATE x W in any W


def service(name: str, action: str, state: Path) -> dict[str, str]:
    """Start or stop one of CI's services; the KEY=VALUE lines it prints. The scripts keep their
    state under $TMPDIR: ``state`` keeps it apart from a test run's on the same checkout."""
    done = subprocess.run(["bash", str(ROOT / ".ci" / "services" / f"{name}.sh"), action],
                          capture_output=True, text=True, env=dict(os.environ, TMPDIR=str(state)))
    if done.returncode:
        raise SystemExit(f"{name}.sh {action} failed: {done.stderr[-2000:]}")
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def schema_url(base: str) -> str:
    """A fresh schema on the PostgreSQL server, as a store URL (libpq's search_path option)."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def config_text(redis: str | None) -> str:
    """The packaged sandbox config with the API sources held to RATE/s, burst BURST."""
    text = (ROOT / "skiptrace" / "data" / "sandbox.toml").read_text(encoding="utf-8")
    for source in API_SOURCES:
        block = re.compile(rf"(\[sources\.{source}\][^\[]*?)rate_limit = [0-9.]+\nburst = [0-9]+",
                           re.S)
        text, n = block.subn(rf"\1rate_limit = {RATE}\nburst = {BURST}", text)
        assert n == 1, source
    if redis:
        text += f'\n[limits]\nredis = "{redis}"\nprefix = "bench-{uuid.uuid4().hex[:8]}"\n'
    return text


def dask_workers(pid: int) -> list[int]:
    """The Dask worker processes under the job: their nannies start them with Dask's
    pre-spawn environment (MALLOC_TRIM_THRESHOLD_, distributed.nanny.pre-spawn-environ),
    which the job's other children (the crawl child) do not have."""
    found = []
    for child in descendants(pid):
        try:
            environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(entry.startswith(b"MALLOC_TRIM_THRESHOLD_=") for entry in environ):
            found.append(child)
    return found


def enrich(world: Path, run: Path, env: dict[str, str], db: str, *extra: str,
           kill_after: int | None = None, record_sends: bool = False) -> dict[str, Any]:
    run.mkdir(parents=True, exist_ok=True)
    if record_sends:  # sendtrace/sitecustomize.py, in the job and every worker it spawns
        (run / "sends").mkdir()
        env = dict(env, SKIPTRACE_SENDTRACE_DIR=str(run / "sends"),
                   PYTHONPATH=os.pathsep.join(filter(None, (str(SENDTRACE),
                                                            env.get("PYTHONPATH")))))
    out = run / "profiles.jsonl"
    cmd = [PY, "-m", "skiptrace", "enrich", str(world / "portfolio.csv"), "--db", db,
           "--out", str(out), "--rejects", str(run / "rejects.csv"), "--as-of", AS_OF,
           "--json", "--quiet", "--concurrency", "12", *extra]
    start, cpu = time.monotonic(), children_cpu()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed: list[int] = []

    def killer() -> None:
        while proc.poll() is None and kill_after is not None:
            lines = out.read_text(encoding="utf-8").count("\n") if out.exists() else 0
            workers = dask_workers(proc.pid)
            if lines >= kill_after and workers:
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])
                return
            time.sleep(0.2)

    watcher = threading.Thread(target=killer, daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"enrich failed ({proc.returncode}): {stderr[-2000:]}")
    summary = json.loads(stdout)
    return {"seconds": round(time.monotonic() - start, 1),
            "cpu_seconds": round(children_cpu() - cpu, 1), "processed": summary["processed"],
            "partial": summary["partial"], "failed": summary["failed"], "rc": proc.returncode,
            "killed_worker": bool(killed), "out": out}


def children_cpu() -> float:
    """CPU seconds of this process's children and theirs, once reaped (the job, its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sorted_lines(path: Path) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(lines, key=lambda line: json.loads(line)["debtor_id"])


def without_request_counts(line: str) -> str:
    """A profile with its sources' request counts left out, a diagnostic: a worker's cache of
    geocoder answers (``cache_size``) answers an address a debtor shares with an earlier debtor
    of the *same* process. Since a cached answer counts as the request it stands for
    (SourceClient.count_cached_answer), the runs should be identical with the counts too."""
    profile = json.loads(line)
    for status in profile.get("sources") or []:
        status.pop("requests", None)
    return json.dumps(profile, sort_keys=True)


def arrival_times(url: str) -> dict[str, list[float]]:
    """Every request's arrival per source so far, in seconds since the sandbox started."""
    with urllib.request.urlopen(f"{url}/_admin/arrivals?window=1") as answer:  # loopback only
        report = json.load(answer)["arrivals"]
    return {source: entry["times"] for source, entry in report.items()}


def rates_between(before: dict[str, list[float]], after: dict[str, list[float]]) -> dict[str, Any]:
    """Per API source, the requests that arrived during one run and the most in any second."""
    from skiptrace.sandbox.arrivals import most_in_window

    out: dict[str, Any] = {}
    for source in API_SOURCES:
        times = after.get(source, [])[len(before.get(source, [])):]
        out[source] = {"requests": len(times), "seconds": round(times[-1] - times[0], 1)
                       if times else 0.0, **{f"most_in_{w}s": most_in_window(times, float(w))
                                             for w in WINDOWS}}
    return out


def send_rates(folder: Path) -> dict[str, Any]:
    """Per API source, from the client's side (sendtrace): the most requests in any W seconds
    by send time and by the slot the bucket gave, requests sent outside the bucket (a second
    send after one acquire), how many buckets sent them, and how late threads sent after their
    slot (ms)."""
    from skiptrace.sandbox.arrivals import most_in_window

    sends = [json.loads(line) for path in sorted(folder.glob("sends-*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: dict[str, Any] = {}
    for source in API_SOURCES:
        mine = [s for s in sends if s["source"] == source]
        sent = sorted(s["send"] for s in mine)
        slots = sorted(s["slot"] for s in mine if s["slot"] is not None and s["after_acquire"] == 1)
        late = sorted((s["send"] - s["slot"]) * 1000 for s in mine
                      if s["slot"] is not None and s["after_acquire"] == 1)
        out[source] = {
            "requests": len(mine),
            **{f"most_sent_in_{w}s": most_in_window(sent, float(w)) for w in WINDOWS},
            **{f"most_slots_in_{w}s": most_in_window(slots, float(w)) for w in WINDOWS},
            "outside_bucket": sum(1 for s in mine if s["after_acquire"] != 1 or s["slot"] is None),
            "buckets": len({s["bucket"] for s in mine}),
            "slots_given_up": sum(max(s.get("given_up", 0) for s in mine if s["bucket"] == b)
                                  for b in {s["bucket"] for s in mine}),
            "processes": len({s["pid"] for s in mine}),
            "late_ms": {q: round(late[min(len(late) - 1, int(f * len(late)))], 1) if late else None
                        for q, f in (("p50", 0.5), ("p99", 0.99), ("max", 1.0))},
        }
    return out


def sent_cell(row: dict[str, Any]) -> str:
    """The client's side of one run for the table, when recorded."""
    if "sent" not in row:
        return ""
    return " " + ", ".join(f"{s} {v['most_sent_in_1s']} / {v['most_sent_in_5s']}, "
                           f"{v['slots_given_up']}" for s, v in row["sent"].items()) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=60601)
    parser.add_argument("--debtors", type=int, default=300)
    parser.add_argument("--out", type=Path, required=True, help="results path without suffix")
    parser.add_argument("--keep", action="store_true", help="keep the runs' folder (printed)")
    parser.add_argument("--record-sends", action="store_true",
                        help="record the client's send times too (benchmarks/sendtrace)")
    parser.add_argument("--only", nargs="*", default=None, metavar="LABEL",
                        help="run only these (the first of them is the reference)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scale-out-"))
    work.chmod(0o711)  # the postgres user passes through to its cluster's directory, no more
    env = dict(os.environ, SKIPTRACE_OPERATOR="bench", SKIPTRACE_PURPOSE="benchmark")
    started: list[str] = []
    try:
        world = work / "world"
        subprocess.run([PY, "-m", "skiptrace", "sandbox", "generate", "--seed", str(args.seed),
                        "--debtors", str(args.debtors), "--out", str(world)], check=True, env=env,
                       capture_output=True)
        state = work / "services"
        state.mkdir(mode=0o755)  # the postgres user makes its cluster's directory in it
        pg = service("postgres", "start", state)
        started.append("postgres")
        redis = service("redis", "start", state)
        started.append("redis")
        env["PGPASSFILE"] = os.environ["PGPASSFILE"] = pg["PGPASSFILE"]
        rows: dict[str, dict[str, Any]] = {}
        sandbox = subprocess.Popen([PY, "-m", "skiptrace", "sandbox", "serve", "--world",
                                    str(world), "--record-arrivals"], stdout=subprocess.PIPE,
                                   text=True, env=env)
        try:
            assert sandbox.stdout is not None
            url = sandbox.stdout.readline().strip().split("=", 1)[1]
            env["SKIPTRACE_SANDBOX_URL"] = url
            plain, shared = work / "plain.toml", work / "shared.toml"
            plain.write_text(config_text(None), encoding="utf-8")
            shared.write_text(config_text(redis["SKIPTRACE_TEST_REDIS_URL"]), encoding="utf-8")
            runs = {
                "a_embedded": (plain, str(work / "a.db"), ("--workers", "2"), None),
                "b_postgres_dask_1": (plain, schema_url(pg["SKIPTRACE_TEST_POSTGRES_URL"]),
                                      ("--executor", "dask", "--workers", "1"), None),
                "c_postgres_redis_dask_3": (shared, schema_url(pg["SKIPTRACE_TEST_POSTGRES_URL"]),
                                            ("--executor", "dask", "--workers", "3"), None),
                "d_as_c_worker_killed": (shared, schema_url(pg["SKIPTRACE_TEST_POSTGRES_URL"]),
                                         ("--executor", "dask", "--workers", "3"),
                                         args.debtors // 3),
            }
            reference: list[str] | None = None
            for label, (config, db, extra, kill_after) in runs.items():
                if args.only is not None and label not in args.only:
                    continue
                before = arrival_times(url)
                row = enrich(world, work / label, dict(env, SKIPTRACE_CONFIG=str(config)), db,
                             *extra, kill_after=kill_after, record_sends=args.record_sends)
                after = arrival_times(url)
                lines = sorted_lines(row.pop("out"))
                ids = [json.loads(line)["debtor_id"] for line in lines]
                row["profiles"] = len(lines)
                row["each_debtor_once"] = len(ids) == len(set(ids)) == args.debtors
                reference = lines if reference is None else reference
                row["identical_to_embedded"] = lines == reference
                row["identical_but_request_counts"] = (
                    [without_request_counts(x) for x in lines]
                    == [without_request_counts(x) for x in reference])
                row["differing_debtors"] = sorted(
                    json.loads(x)["debtor_id"] for x, y in zip(lines, reference, strict=False)
                    if x != y)
                row["rates"] = rates_between(before, after)
                if args.record_sends:
                    row["sent"] = send_rates(work / label / "sends")
                if kill_after is not None:
                    again = enrich(world, work / f"{label}_rerun",
                                   dict(env, SKIPTRACE_CONFIG=str(config)), db, *extra)
                    row["rerun_processed"] = again["processed"]
                rows[label] = row
                print(label, json.dumps(row), flush=True)
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=30)
    finally:
        for name in reversed(started):
            service(name, "stop", work / "services")
        if args.keep:
            print(f"runs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    result = {"seed": args.seed, "debtors": args.debtors, "as_of": AS_OF, "rate": RATE,
              "burst": BURST, "runs": rows}
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    bounds = " / ".join(f"{BURST + RATE * w:g} in {w} s" for w in WINDOWS)
    lines = ["| run | seconds | profiles | each debtor once | identical to (a) | "
             "identical but request counts | partial | "
             f"most requests at the sandbox per API source (bucket's bound: {bounds}) | "
             "rerun processed |" + (" sent per API source (client): 1 s / 5 s, slots given up |"
                                    if args.record_sends else ""),
             "|---|---|---|---|---|---|---|---|---|" + ("---|" if args.record_sends else "")]
    for label, r in rows.items():
        rates = ", ".join(f"{s} {' / '.join(str(v[f'most_in_{w}s']) for w in WINDOWS)}"
                          for s, v in r["rates"].items())
        lines.append(f"| {label} | {r['seconds']} | {r['profiles']} | {r['each_debtor_once']} | "
                     f"{r['identical_to_embedded']} | {r['identical_but_request_counts']} | "
                     f"{r['partial']} | {rates} | "
                     f"{r.get('rerun_processed', '')} |" + sent_cell(r))
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
