"""Where a worker's CPU goes, and what changed between two trees (issue 17).

    python benchmarks/cpu_profile.py run PREPARED WORLD N OUT.prof [--order locality] [--kind K]
    python benchmarks/cpu_profile.py compare A.prof B.prof [--top 25]

``run`` enriches the first N debtors of WORLD in one process under cProfile, as one batch worker
does (benchmarks/worker_runtime.py: one thread, the batch's locality order, the first debtor
outside the profile), on PREPARED's store *as it is*: give each tree its own copy when the trees'
schemas differ. It prints the CPU ms a debtor measured under cProfile (its overhead included:
2-3x a plain run's, roughly the same for both trees) and writes the stats.
Run it with ``PYTHONPATH=TREE`` to profile another checkout's code.

``compare`` sets two such profiles side by side, function by function: the calls and own time a
debtor in each, sorted by how much own time grew. Call counts do not depend on the machine's
load, so a function called more often in B is a cause that noise cannot fake; own times show
what it costs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def run(prepared: Path, world: Path, n: int, out: Path, order: str, kind: str | None = None
        ) -> None:
    sys.path.insert(0, str(HERE))
    from worker_runtime import first_debtors, use_prepared, worker_enricher

    use_prepared(prepared)
    # the locality order takes a portfolio's companies before its persons: ``kind`` profiles
    # one of them (the first N of that kind), so that a short run is not all companies
    debtors = first_debtors(world, n + 1, order, kind)
    profiler = cProfile.Profile(time.process_time)
    with worker_enricher(prepared, 1) as enricher:
        enricher.enrich(debtors[0], None)
        started = time.process_time()
        profiler.enable()
        for debtor in debtors[1:]:
            enricher.enrich(debtor, None)
        profiler.disable()
        cpu = time.process_time() - started
    stats = pstats.Stats(profiler)
    stats.dump_stats(str(out))
    out.with_suffix(".n").write_text(str(len(debtors) - 1), encoding="utf-8")
    print(f"{len(debtors) - 1} debtors, {cpu * 1000 / (len(debtors) - 1):.2f} CPU ms a debtor "
          f"(under cProfile) -> {out}")


def _per_function(path: Path) -> tuple[dict[str, tuple[float, float, float]], int]:
    """{function: (calls, own seconds, cumulative seconds)} and the debtors the profile ran."""
    n = int(path.with_suffix(".n").read_text(encoding="utf-8"))
    raw: Any = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    table: dict[str, tuple[float, float, float]] = {}
    for (file, _line, name), (_, calls, own, cumulative, _) in raw.items():
        # by file and name, not line: the two trees' lines differ wherever code moved
        short = f"{Path(file).parent.name}/{Path(file).name}:{name}"
        was = table.get(short, (0, 0.0, 0.0))
        table[short] = (was[0] + calls, was[1] + own, was[2] + cumulative)
    return table, n


def compare(a: Path, b: Path, top: int) -> None:
    table_a, n_a = _per_function(a)
    table_b, n_b = _per_function(b)
    total_a = sum(v[1] for v in table_a.values()) * 1000 / n_a
    total_b = sum(v[1] for v in table_b.values()) * 1000 / n_b
    print(f"own time a debtor: A {total_a:.2f} ms, B {total_b:.2f} ms "
          f"(B/A {total_b / total_a:.3f})")
    rows = []
    for name in set(table_a) | set(table_b):
        ca, oa, cua = table_a.get(name, (0, 0.0, 0.0))
        cb, ob, cub = table_b.get(name, (0, 0.0, 0.0))
        rows.append((ob * 1000 / n_b - oa * 1000 / n_a, name, ca / n_a, cb / n_b,
                     oa * 1000 / n_a, ob * 1000 / n_b, cua * 1000 / n_a, cub * 1000 / n_b))
    rows.sort(reverse=True)
    print("| function | calls a debtor A / B | own ms A / B | cumulative ms A / B |")
    print("|---|---|---|---|")
    for delta, name, ca, cb, oa, ob, cua, cub in rows[:top]:
        print(f"| {name} | {ca:.1f} / {cb:.1f} | {oa:.3f} / {ob:.3f} (+{delta:.3f}) "
              f"| {cua:.2f} / {cub:.2f} |")
    grown = [r for r in rows if r[3] > r[2] * 1.05 + 0.5]
    grown.sort(key=lambda r: r[3] - r[2], reverse=True)
    print("\ncalled more often in B (calls a debtor, > 5 % and > 0.5 more):")
    for _, name, ca, cb, *_ in grown[:top]:
        print(f"  {name}: {ca:.1f} -> {cb:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("prepared", type=Path)
    r.add_argument("world", type=Path)
    r.add_argument("n", type=int)
    r.add_argument("out", type=Path)
    r.add_argument("--order", choices=("locality", "portfolio"), default="locality")
    r.add_argument("--kind", choices=("person", "company"), default=None)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    c.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if args.command == "run":
        run(args.prepared, args.world, args.n, args.out, args.order, args.kind)
    else:
        compare(args.a, args.b, args.top)


if __name__ == "__main__":
    main()
