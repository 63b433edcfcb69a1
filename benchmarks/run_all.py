"""`make bench`: every benchmark, one after the other, each in its own process.

Each script prints its own table and writes benchmarks/results/<name>.json; this runner only
sequences them (with sizes that finish in a reasonable time on a 2-core machine) and stops at
the first failure. Pass names to run a subset: `python benchmarks/run_all.py febrl enrich`.
The full-size figures (10^6 intake rows, 10^5-debtor generation, 10^4-debtor enrichment) are
flags of the individual scripts; see each script's --help.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name → arguments of the quick run
PLAN: dict[str, list[str]] = {
    "febrl": [],
    "normalizers": [],
    "matching_score": [],
    "sandbox_matching": [],
    "profile_build": [],
    "intake": ["--rows", "100000,1000000", "--runs", "3"],
    "sandbox": ["--debtors", "20000", "--runs", "3"],
    "sources": ["--debtors", "1000", "--runs", "3"],
    "web_crawl": [],
    "enrich": ["--debtors", "1000", "--workers", "1", "2"],
    "retries": [],
}


def main(names: list[str]) -> int:
    chosen = names or list(PLAN)
    unknown = [n for n in chosen if n not in PLAN]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(PLAN)}")
        return 2
    timings = []
    for name in chosen:
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        started = time.monotonic()
        done = subprocess.run([sys.executable, str(HERE / f"{name}.py"), *PLAN[name]])
        timings.append((name, time.monotonic() - started, done.returncode))
        if done.returncode != 0:
            print(f"{name} failed with exit code {done.returncode}")
            break
    print("\nbenchmark        seconds  exit")
    for name, seconds, code in timings:
        print(f"{name:<16}{seconds:>8.1f}{code:>6}")
    return max((code for _, _, code in timings), default=0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
