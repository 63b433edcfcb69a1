"""A worker's CPU a debtor with the normal forms stored at import against without them, and
whether it changes any score (decision 0033).

    python benchmarks/stored_forms.py WITH WITHOUT WORLD N [--runs K] [--json OUT]

WITH and WITHOUT are two prepared stores of the same world (benchmarks/enrich.py's
``prepare_local``): WITH after ``skiptrace store normalize`` with the code under test, WITHOUT a
copy taken before (its ``forms`` empty: every candidate normalised, as before the decision). Each
run is a fresh process (benchmarks/worker_runtime.py: one worker's enricher, one thread) that
enriches the first N debtors of WORLD in the batch's locality order, the first one outside the
clock; WITH and WITHOUT alternate, run by run, so a drift of the machine's speed falls on both;
the ratio is taken pair by pair and the median quoted. Every run also digests what it found
(each debtor's matches: record, party, probability to 12 digits; status per source): all runs
must give the same digest, or the stored forms changed a score. Peak resident memory is each
run's own (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def one_run(prepared: Path, world: Path, n: int) -> dict[str, Any]:
    """Enrich the first ``n`` debtors in this process: CPU ms a debtor and the results' digest."""
    sys.path.insert(0, str(HERE))
    from worker_runtime import first_debtors, use_prepared, worker_enricher

    use_prepared(prepared)
    debtors = first_debtors(world, n, "locality")
    digest = hashlib.sha256()
    with worker_enricher(prepared, 1) as enricher:
        enricher.enrich(debtors[0], None)
        started = time.process_time()
        for debtor in debtors[1:]:
            enriched = enricher.enrich(debtor, None)
            for m in sorted(enriched.matches, key=_match_key):
                digest.update(f"{debtor.debtor_id}|{_match_key(m)}|"
                              f"{m.probability:.12f}\n".encode())
            for s in enriched.statuses:
                digest.update(f"{debtor.debtor_id}|{s.source}|{s.status}\n".encode())
        cpu = time.process_time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return {"cpu_ms_per_debtor": round(cpu * 1000 / (len(debtors) - 1), 2),
            "peak_rss_mb": round(peak_mb), "digest": digest.hexdigest()}


def _match_key(match: Any) -> tuple[str, int]:
    party = match.party
    return match.record.key, (party.index if party is not None else -1)


def spawn(prepared: Path, world: Path, n: int) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--one", str(prepared), str(world), str(n)],
                          check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one_run(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("with_forms", type=Path)
    parser.add_argument("without_forms", type=Path)
    parser.add_argument("world", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pairs = []
    for _ in range(args.runs):
        a = spawn(args.with_forms, args.world, args.n)
        b = spawn(args.without_forms, args.world, args.n)
        pairs.append({"with": a, "without": b,
                      "ratio": round(a["cpu_ms_per_debtor"] / b["cpu_ms_per_debtor"], 3)})
    digests = {p[k]["digest"] for p in pairs for k in ("with", "without")}
    result = {
        "debtors": args.n, "runs": args.runs, "pairs": pairs,
        "with_ms_median": statistics.median(p["with"]["cpu_ms_per_debtor"] for p in pairs),
        "without_ms_median": statistics.median(p["without"]["cpu_ms_per_debtor"] for p in pairs),
        "ratio_median": statistics.median(p["ratio"] for p in pairs),
        "with_peak_mb_median": statistics.median(p["with"]["peak_rss_mb"] for p in pairs),
        "without_peak_mb_median": statistics.median(p["without"]["peak_rss_mb"] for p in pairs),
        "same_results": len(digests) == 1,
    }
    print("| stored forms | CPU ms a debtor (median) | peak RSS MB (median) | runs |")
    print("|---|---|---|---|")
    print(f"| with | {result['with_ms_median']} | {result['with_peak_mb_median']} | {args.runs} |")
    print(f"| without | {result['without_ms_median']} | {result['without_peak_mb_median']} "
          f"| {args.runs} |")
    print(f"ratio with/without, pair by pair, median: {result['ratio_median']}; "
          f"same matches and statuses in every run: {result['same_results']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not result["same_results"]:
        sys.exit("the stored forms changed what was found")


if __name__ == "__main__":
    main()
