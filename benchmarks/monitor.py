"""A monitoring pass over 1,000 watched debtors (issue 20): wall time and CPU seconds.

Prepared once, not timed: a sandbox world (--seed, --debtors) enriched with `skiptrace enrich`,
every debtor watched (monthly), and the world changed by a change set (`skiptrace sandbox
change`). Then each run copies that prepared store and times ONE `skiptrace monitor` process
(with its crawl child) against the changed world, served by another process with --latency
added to every request (as benchmarks/enrich.py's "live"). Every debtor is due, so a run is a
whole pass: the enrichment of 1,000 debtors, the diffs, the events stored. The diff alone is
timed too, in this process, over the pass's own baseline and new profiles.

    python benchmarks/monitor.py                          # 1,000 debtors, 3 runs, 50 ms
    python benchmarks/monitor.py --debtors 200 --runs 1   # a quick look

CPU seconds are the monitor process's and its children's (os.wait4), so the sandbox's own
work is not in them: on this shared 2-core machine, quote CPU where wall time is distorted.
Writes benchmarks/results/monitor.json and monitor.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
sys.path.insert(0, str(ROOT.parent))

from benchmarks.enrich import AS_OF, PY, Sandbox, copy_store, env_for  # noqa: E402

NOW = "2027-01-10T09:00:00+00:00"


def run_child(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall and CPU seconds (user + system, the child and what it waited for) and stdout."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        out.seek(0)
        text = out.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{cmd[2:5]} failed ({code}): {text[-2000:]}")
    # os.wait4 gives the child's own usage; its crawl child is in RUSAGE_CHILDREN of the child,
    # which the kernel adds to the child's figures once the child has waited for it
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "stdout": text}


def prepare(work: Path, seed: int, debtors: int, latency: float) -> dict[str, Any]:
    """The world, the enriched and watched store, the changed world (kept in ``work``: a
    second call with the same ``work`` reuses the store and writes the change set again)."""
    world, later, db = work / "world", work / "later", work / "base.db"
    done = work / "prepared.json"
    if done.exists():
        shutil.rmtree(later, ignore_errors=True)
        subprocess.run([PY, "-m", "skiptrace", "sandbox", "change", "--world", str(world),
                        "--out", str(later)], check=True, stdout=subprocess.DEVNULL)
        return dict(json.loads(done.read_text()))
    subprocess.run([PY, "-m", "skiptrace", "sandbox", "generate", "--seed", str(seed),
                    "--debtors", str(debtors), "--out", str(world)], check=True,
                   stdout=subprocess.DEVNULL)
    faults = [f"*:latency={latency}"] if latency else []
    with Sandbox(world, faults) as sandbox:
        enriched = run_child([PY, "-m", "skiptrace", "enrich", str(world / "portfolio.csv"),
                              "--db", str(db), "--out", str(work / "profiles.jsonl"),
                              "--as-of", AS_OF, "--json", "--quiet"], env_for(sandbox.url))
    job = json.loads(enriched["stdout"])["job_id"]
    subprocess.run([PY, "-m", "skiptrace", "watch", "add", "--job", job, "--db", str(db),
                    "--now", AS_OF], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PY, "-m", "skiptrace", "sandbox", "change", "--world", str(world), "--out",
                    str(later)], check=True, stdout=subprocess.DEVNULL)
    prepared = {"enrich_wall": round(enriched["wall"], 2), "enrich_cpu": round(enriched["cpu"], 2)}
    done.write_text(json.dumps(prepared))
    return prepared


def time_diffs(before: Path, after: Path) -> dict[str, Any]:
    """The diff alone, each debtor's profile before the pass against the pass's (this
    process, CPU; the profiles are read first, not timed)."""
    from skiptrace.monitor.diff import diff
    from skiptrace.store import Store

    with Store.open(before) as old_store, Store.open(after) as new_store:
        pairs = []
        for debtor in old_store.iter_debtors():
            old = old_store.get_profile(debtor.debtor_id)
            new = new_store.get_profile(debtor.debtor_id)
            if old is not None and new is not None:
                pairs.append((old, new))
    started = time.process_time()
    events = sum(len(diff(old, new)) for old, new in pairs)
    return {"profiles": len(pairs), "events": events,
            "cpu_ms_per_debtor": round(1000 * (time.process_time() - started) / len(pairs), 3)}


def markdown(summary: dict[str, Any], extra: str = "") -> str:
    """The results as a page (benchmarks/results/monitor.md)."""
    lines = [
        f"# A monitoring pass over {summary['debtors']:,} watched debtors ({summary['date']})",
        "",
        f"Sandbox world seed {summary['seed']}, {summary['debtors']:,} debtors, enriched once "
        f"(not timed: {summary['prepared']['enrich_wall']} s wall, "
        f"{summary['prepared']['enrich_cpu']} s CPU), every debtor watched and due, the world "
        f"changed by `skiptrace sandbox change`; every source request delayed "
        f"{summary['latency'] * 1000:.0f} ms (`*:latency`), the sandbox in its own process. "
        "Each run: one `skiptrace monitor` process (its crawl children included) on a fresh copy "
        "of the prepared store. 2-core machine shared with other sessions: CPU seconds are "
        "the process's own and less distorted than wall time.",
        "",
        "| run | wall s | CPU s | peak MB | debtors | outcomes | events |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, run in enumerate(summary["runs"], 1):
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(run["outcomes"].items()))
        events = ", ".join(f"{k} {v}" for k, v in sorted(run["events"].items()))
        lines.append(f"| {number} | {run['wall']} | {run['cpu']} | {run['peak_mb']} | "
                     f"{run['selected']} | {outcomes} | {events} |")
    diff = summary["diff"]
    lines += [
        "",
        f"Median: {summary['wall_median']} s wall ({summary['debtors_per_second']} debtors/s), "
        f"{summary['cpu_median']} s CPU. The diff alone (this process, {diff['profiles']} "
        f"baseline and new profiles): {diff['cpu_ms_per_debtor']} ms CPU per debtor, "
        f"{diff['events']} events.",
    ]
    return "\n".join(lines) + ("\n\n" + extra if extra else "") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=31415)
    parser.add_argument("--debtors", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--work", type=Path, default=None, help="keep the prepared files here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    work.mkdir(parents=True, exist_ok=True)
    prepared = prepare(work, args.seed, args.debtors, args.latency)
    faults = [f"*:latency={args.latency}"] if args.latency else []
    runs = []
    with Sandbox(work / "later", faults) as sandbox:
        for index in range(args.runs):
            db = work / f"run{index}.db"
            copy_store(work / "base.db", db)
            measured = run_child([PY, "-m", "skiptrace", "monitor", "--db", str(db), "--now",
                                  NOW, "--as-of", AS_OF, "--json", "--no-deliver"],
                                 env_for(sandbox.url))
            result = json.loads(measured["stdout"])
            runs.append({"wall": round(measured["wall"], 2), "cpu": round(measured["cpu"], 2),
                         "peak_mb": round(measured["peak_mb"], 1), "selected":
                         result["selected"], "outcomes": result["outcomes"],
                         "events": result["events"]})
            if index < args.runs - 1:
                db.unlink()
    diffs = time_diffs(work / "base.db", work / f"run{args.runs - 1}.db")
    summary = {
        "date": time.strftime("%Y-%m-%d"), "seed": args.seed, "debtors": args.debtors,
        "latency": args.latency, "python": platform.python_version(), "prepared": prepared,
        "runs": runs, "wall_median": statistics.median(r["wall"] for r in runs),
        "cpu_median": statistics.median(r["cpu"] for r in runs),
        "debtors_per_second": round(args.debtors / statistics.median(r["wall"] for r in runs), 2),
        "diff": diffs}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "monitor.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    (RESULTS / "monitor.md").write_text(markdown(summary))
    print(json.dumps(summary, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
