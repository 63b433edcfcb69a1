"""How often matching normalises the same description again, and what a larger cache would save.

    python benchmarks/features_reuse.py PREPARED WORLD N [--order locality|portfolio] [--json OUT]

One worker's enricher (benchmarks/worker_runtime.py, one thread) enriches the first
N debtors of WORLD's portfolio against the local store in PREPARED, in the batch's locality order
by default (pipeline/locality.py). matching's ``_features`` LRU is taken out for the run: every
normal form asked for is computed and its description's hash recorded, with the time
``Features.of`` took. The recorded sequence is then replayed through LRUs of several sizes, so
the hit rates below are those each size would have had on exactly this work, whatever the load
(the time per call is the only load-dependent figure). Prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SIZES = (4096, 8192, 16384, 32768, 65536, 131072)


def lru_misses(sequence: Sequence[int], size: int) -> int:
    """Misses of an LRU of ``size`` entries replaying ``sequence``."""
    cache: OrderedDict[int, None] = OrderedDict()
    misses = 0
    for key in sequence:
        if key in cache:
            cache.move_to_end(key)
            continue
        misses += 1
        cache[key] = None
        if len(cache) > size:
            cache.popitem(last=False)
    return misses


def record(prepared: Path, world: Path, n: int, order: str) -> tuple[list[int], float, float]:
    """(description hashes in the order asked, seconds inside Features.of, CPU seconds)."""
    from worker_runtime import first_debtors, use_prepared, worker_enricher

    use_prepared(prepared)
    import matching.description as description

    asked: list[int] = []
    inside = [0.0]
    compute = description.Features.of

    def uncached(d: description.Description) -> description.Features:
        asked.append(hash(d))
        started = time.perf_counter()
        try:
            return compute(d)
        finally:
            inside[0] += time.perf_counter() - started

    description._features = uncached  # type: ignore[assignment]  # read at each call
    with worker_enricher(prepared, threads=1) as enricher:
        debtors = first_debtors(world, n, order)
        started = time.process_time()
        for debtor in debtors:
            enricher.enrich(debtor, None)
        cpu = time.process_time() - started
    return asked, inside[0], cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prepared", type=Path)
    parser.add_argument("world", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--order", choices=("locality", "portfolio"), default="locality")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    asked, inside, cpu = record(args.prepared, args.world, args.n, args.order)
    per_call_ms = 1000 * inside / max(1, len(asked))
    report: dict[str, Any] = {
        "debtors": args.n, "order": args.order, "asked": len(asked),
        "distinct": len(set(asked)), "cpu_s": round(cpu, 1),
        "features_of_s": round(inside, 1), "ms_per_normal_form": round(per_call_ms, 3),
        "sizes": {}}
    print(f"{len(asked):,} normal forms asked, {len(set(asked)):,} distinct; "
          f"{per_call_ms:.3f} ms each ({inside:.0f} of {cpu:.0f} CPU s, uncached)")
    print("| LRU entries | hit rate | misses | Features.of ms a debtor |")
    print("|---|---|---|---|")
    for size in SIZES:
        misses = lru_misses(asked, size)
        per_debtor = misses * per_call_ms / max(1, args.n)
        report["sizes"][size] = {"hit_rate": round(1 - misses / max(1, len(asked)), 3),
                                 "misses": misses, "ms_per_debtor": round(per_debtor, 1)}
        print(f"| {size:,} | {1 - misses / max(1, len(asked)):.3f} | {misses:,} | "
              f"{per_debtor:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
