"""Embedded worker pool against Dask distributed, on local data: debtors/s, CPU, memory summed.

Decision 0015. Both variants enrich the same 10^3-debtor world from a store where the land and
vehicle extracts were imported and the company register harvested (benchmarks/enrich.py's local
mode: no per-debtor HTTP, so the per-debtor CPU is what is measured), with 2 processes doing
the per-debtor work:
  embedded  `enrich --workers 2` (our pool, decision 0004);
  dask      `enrich --executor dask --workers 2` (a LocalCluster of 2 worker processes).

    python benchmarks/enrich_dask.py prepare DIR [--debtors 1000 --seed 11]
    python benchmarks/enrich_dask.py run DIR embedded|dask --log RUNS.jsonl   # one measured run
    python benchmarks/enrich_dask.py table RUNS.jsonl                        # medians: md + json

`run` is what a whole-process timer repeats (wall, CPU and the largest process come from it);
it also samples the RSS of the job's whole process tree every 0.1 s and logs the largest sum
(the parent, its workers, the crawl children: what the machine must hold), and the job's own
count of debtors per second, one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT.parent))

from enrich import AS_OF, PY, Sandbox, copy_store, env_for, prepare_local  # noqa: E402

RESULTS = ROOT / "results" / "enrich_dask"
SAMPLE_SECONDS = 0.1
VARIANTS = {
    "embedded": ["--workers", "2"],
    "dask": ["--executor", "dask", "--workers", "2"],
}


def prepare(folder: Path, debtors: int, seed: int) -> None:
    """The world and the local store the runs start from (a copy each)."""
    from skiptrace.sandbox.generate import generate_world

    folder.mkdir(parents=True, exist_ok=True)
    world = generate_world(seed, debtors, folder / "world")
    with Sandbox(world, []) as sandbox:
        prepare_local(world, folder / "local", sandbox.url)
    (folder / "prepared.json").write_text(json.dumps({"debtors": debtors, "seed": seed}))


def tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and every process below it, now."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run(folder: Path, variant: str, log: Path, concurrency: int) -> None:
    """One enrich job on a copy of the prepared store, measured."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        work = Path(tmp)
        copy_store(folder / "local" / "store.db", work / "store.db")
        env = env_for("http://127.0.0.1:9", folder / "local" / "local.toml")  # no network source
        cmd = [PY, "-m", "skiptrace", "enrich", str(folder / "world" / "portfolio.csv"),
               "--db", str(work / "store.db"), "--out", str(work / "profiles.jsonl"),
               "--rejects", str(work / "rejects.csv"), "--as-of", AS_OF, "--json", "--quiet",
               "--concurrency", str(concurrency), *VARIANTS[variant]]
        peak = 0
        started = time.monotonic()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, cwd=ROOT.parent)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(SAMPLE_SECONDS):
                peak = max(peak, tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, _ = proc.communicate()
        done.set()
        sampler.join()
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 3):
            raise SystemExit(f"{variant} failed ({proc.returncode}): {out.decode()[-2000:]}")
        summary = json.loads(out)
        lines = (work / "profiles.jsonl").read_text(encoding="utf-8").splitlines()
    row = {"variant": variant, "debtors": summary["processed"], "crashed": summary["crashed"],
           "lines": len(lines), "wall_seconds": round(wall, 2),
           "debtors_per_second": round(summary["processed"] / wall, 2),
           "job_debtors_per_second": summary["debtors_per_second"],
           "cpu_seconds": round(after.ru_utime + after.ru_stime
                                - before.ru_utime - before.ru_stime, 2),
           "peak_largest_mb": round(after.ru_maxrss / 1024, 1),
           "peak_summed_mb": round(peak / 2**20, 1)}
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
    print(json.dumps(row))


def table(logs: list[Path], out: Path, note: str) -> None:
    """Medians per variant (every run kept in the JSON), as a Markdown table and a JSON."""
    runs: dict[str, list[dict[str, Any]]] = {}
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            runs.setdefault(row["variant"], []).append(row)
    keys = ["debtors_per_second", "job_debtors_per_second", "wall_seconds", "cpu_seconds",
            "peak_largest_mb", "peak_summed_mb"]
    medians = {v: {k: statistics.median(r[k] for r in rs) for k in keys} | {"runs": len(rs)}
               for v, rs in runs.items()}
    out.with_suffix(".json").write_text(json.dumps({"note": note, "medians": medians,
                                                    "runs": runs}, indent=2) + "\n")
    head = ("| variant | runs | debtors/s (whole process) | debtors/s (job's count) | wall s "
            "| CPU s | largest process MB | summed over processes MB |\n"
            "|---|---|---|---|---|---|---|---|\n")
    body = "".join(
        f"| {v} | {m['runs']} | {m['debtors_per_second']} | {m['job_debtors_per_second']} "
        f"| {m['wall_seconds']} | {m['cpu_seconds']} | {m['peak_largest_mb']} "
        f"| {m['peak_summed_mb']} |\n" for v, m in medians.items())
    out.with_suffix(".md").write_text(f"# Embedded pool against Dask, local data\n\n{note}\n\n"
                                      f"Medians of the runs in {out.with_suffix('.json').name}."
                                      f"\n\n{head}{body}")
    print(head + body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("folder", type=Path)
    p.add_argument("--debtors", type=int, default=1000)
    p.add_argument("--seed", type=int, default=11)
    r = sub.add_parser("run")
    r.add_argument("folder", type=Path)
    r.add_argument("variant", choices=sorted(VARIANTS))
    r.add_argument("--log", type=Path, required=True)
    r.add_argument("--concurrency", type=int, default=16)
    t = sub.add_parser("table")
    t.add_argument("logs", type=Path, nargs="+")
    t.add_argument("--out", type=Path, default=RESULTS)
    t.add_argument("--note", default="")
    args = parser.parse_args()
    if args.command == "prepare":
        if args.folder.exists():
            shutil.rmtree(args.folder)
        prepare(args.folder, args.debtors, args.seed)
    elif args.command == "run":
        run(args.folder, args.variant, args.log, args.concurrency)
    else:
        table(args.logs, args.out, args.note)


if __name__ == "__main__":
    main()
