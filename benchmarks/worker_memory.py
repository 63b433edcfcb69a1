"""Where a batch worker's memory goes: one worker's enricher over N debtors of a local store.

    python benchmarks/worker_memory.py PREPARED WORLD N [--clear] [--order locality]

PREPARED is a folder that benchmarks/enrich.py's ``prepare_local`` filled (``store.db`` with the
registries' extracts imported and the company register harvested, ``local.toml``); WORLD the
sandbox world whose ``portfolio.csv`` gives the debtors. The worker's runtime is built as a
spawned batch worker builds it (benchmarks/worker_runtime.py) and enriches the first N debtors on
8 threads. Prints JSON: resident memory after start-up, every 1,000 debtors and at the end, CPU
seconds, every matching cache's calls, hit rate and size, and with ``--clear`` the resident
memory once those caches are emptied and freed memory is handed back (malloc_trim), which is
what the caches held. ``--order locality`` enriches those N debtors in the order a batch of them
takes by default (pipeline/locality.py: sorted within windows, so namesakes meet matching's
caches warm) instead of the portfolio's: the caches' hit rates differ. Compare allocators by
running it twice at once, once with ``MALLOC_ARENA_MAX`` set (skiptrace/memory.py;
benchmarks/results/malloc_arenas.md).
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import json
import os
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


def rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def lru_caches() -> list[tuple[str, Any]]:
    """Every functools.lru_cache of our packages, by qualified name."""
    found = []
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith(("matching", "skiptrace", "spiders")):
            for attr, value in list(vars(module).items()):
                if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name:
                    found.append((f"{name}.{attr}", value))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prepared", type=Path)
    parser.add_argument("world", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--clear", action="store_true")
    parser.add_argument("--order", choices=("portfolio", "locality"), default="portfolio")
    args = parser.parse_args()
    from worker_runtime import first_debtors, use_prepared, worker_enricher

    use_prepared(args.prepared)
    from skiptrace.memory import limit_malloc_arenas

    report: dict[str, Any] = {"malloc_arena_max": os.environ.get("MALLOC_ARENA_MAX"),
                              "capped": limit_malloc_arenas(), "n": args.n, "order": args.order,
                              "rss_mb": {}}
    with worker_enricher(args.prepared, threads=8) as enricher:
        debtors = first_debtors(args.world, args.n, args.order)
        report["rss_mb"]["ready"] = rss_mb()
        start = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            for i, _ in enumerate(pool.map(lambda d: enricher.enrich(d, None), debtors), 1):
                if i % 1000 == 0:
                    report["rss_mb"][str(i)] = rss_mb()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        report.update(seconds=round(time.monotonic() - start, 1),
                      cpu_seconds=round(usage.ru_utime + usage.ru_stime, 1))
        report["rss_mb"]["end"] = rss_mb()
        report["caches"] = {
            name: {"calls": (i := cache.cache_info()).hits + i.misses,
                   "hit_rate": round(i.hits / max(1, i.hits + i.misses), 3),
                   "maxsize": i.maxsize, "size": i.currsize}
            for name, cache in sorted(lru_caches(), key=lambda c: -c[1].cache_info().currsize)}
        if args.clear:
            for _, cache in lru_caches():
                cache.cache_clear()
            ctypes.CDLL(None).malloc_trim(0)
            report["rss_mb"]["caches_cleared"] = rss_mb()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
