"""One batch on local data with 2 workers, on a copy of a prepared store: wall, CPU seconds and
peak resident memory summed over the job and its workers (sampled every 0.5 s).

    python benchmarks/local_batch_memory.py PREPARED WORLD OUT LABEL [ENV=VALUE ...]

PREPARED as in benchmarks/worker_memory.py (benchmarks/enrich.py's ``prepare_local``). Run two
labels at once to compare settings under the same load, e.g. the malloc arena cap
(skiptrace/memory.py) against glibc's default on two cores: ``... capped`` and
``... default MALLOC_ARENA_MAX=16`` (benchmarks/results/malloc_arenas.md).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proctree import descendants, rss_mb  # noqa: E402

AS_OF = "2026-11-27T09:00:00+00:00"


def main() -> None:
    prepared, world, out, label = (Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
                                   sys.argv[4])
    extra_env = dict(arg.split("=", 1) for arg in sys.argv[5:])
    run = out / label
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    with sqlite3.connect(prepared / "store.db") as src, sqlite3.connect(run / "store.db") as dst:
        src.backup(dst)
    env = dict(os.environ, SKIPTRACE_CONFIG=str(prepared / "local.toml"),
               SKIPTRACE_OPERATOR="bench", SKIPTRACE_PURPOSE="benchmark", **extra_env)
    cmd = [sys.executable, "-m", "skiptrace", "enrich", str(world / "portfolio.csv"),
           "--db", str(run / "store.db"), "--out", str(run / "profiles.jsonl"),
           "--rejects", str(run / "rejects.csv"), "--as-of", AS_OF, "--json", "--quiet",
           "--concurrency", "8", "--workers", "2"]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    peak = {"sum": 0, "max": 0}

    def sample() -> None:
        while proc.poll() is None:
            sizes = [rss_mb(p) for p in (proc.pid, *descendants(proc.pid))]
            peak["sum"] = max(peak["sum"], sum(sizes))
            peak["max"] = max(peak["max"], max(sizes, default=0))
            time.sleep(0.5)

    threading.Thread(target=sample, daemon=True).start()
    stdout, _ = proc.communicate()
    wall = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = json.loads(stdout)
    result: dict[str, Any] = {
        "label": label, "env": extra_env, "debtors": summary["processed"],
        "wall_s": round(wall, 1), "debtors_per_s": round(summary["processed"] / wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_rss_sum_mb": peak["sum"],
        "peak_rss_max_mb": peak["max"], "partial": summary["partial"],
        "failed": summary["failed"], "rc": proc.returncode}
    print(json.dumps(result))
    (run / "result.json").write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
