"""Web sources through the crawl bridge against the sandbox: one crawl for a batch of debtors,
and single-debtor lookups (each a fresh crawl child, as a CLI lookup is).

Reports, per setting (the packaged sandbox config's rate limits, and the same without a rate
limit), the wall time of the batch crawl, debtors per second, requests per debtor per source,
seconds to the first complete (debtor, source) result, and the p50 of a one-debtor crawl.
Medians of --runs runs. The sandbox runs in this process's threads; the crawl in its child.

    python benchmarks/web_crawl.py                      # 100 debtors, 3 runs
    python benchmarks/web_crawl.py --debtors 1000 --latency 0.05
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from skiptrace.config import load_config
from skiptrace.connectors.web import WEB_SOURCES, CrawlReport, crawl
from skiptrace.intake.load import read_debtors
from skiptrace.model import Debtor
from skiptrace.sandbox import SandboxServer, generate_world

RESULTS = Path(__file__).resolve().parent / "results" / "web_crawl.json"


def batch(debtors: list[Debtor], settings: dict[str, Any]) -> dict[str, float]:
    report = CrawlReport()
    started = time.monotonic()
    first = None
    count = 0
    for _ in crawl([(d.debtor_id, d) for d in debtors], list(WEB_SOURCES), settings,
                   report=report):
        first = first if first is not None else time.monotonic() - started
        count += 1
    seconds = time.monotonic() - started
    assert count == len(debtors) * len(WEB_SOURCES), count
    requests = {s: report.stats.get(s, {}).get("downloader/request_count", 0) / len(debtors)
                for s in WEB_SOURCES}
    return {"seconds": seconds, "debtors_per_s": len(debtors) / seconds,
            "first_result_s": first or 0.0, **{f"req_per_debtor_{s}": r for s, r in requests.items()}}


def lookups(debtors: list[Debtor], settings: dict[str, Any]) -> float:
    times = []
    for debtor in debtors:
        started = time.monotonic()
        list(crawl([(debtor.debtor_id, debtor)], list(WEB_SOURCES), settings))
        times.append(time.monotonic() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--debtors", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.0, help="sandbox latency fault (s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = generate_world(11, args.debtors, Path(tmp) / "world")
        debtors = list(read_debtors(world / "portfolio.csv"))
        faults = [f"*:latency={args.latency}"] if args.latency else []
        with SandboxServer(world, faults=faults) as server:
            os.environ["SKIPTRACE_SANDBOX_URL"] = server.url
            config = load_config()
            rows = {}
            unlimited = {s: {"rate_limit": 0} for s in WEB_SOURCES}  # 0: no delay at all
            for label, overrides in (("config", {}), ("no_rate_limit", unlimited)):
                settings = {"config": config, "log_level": "ERROR", "sources": overrides}
                runs = [batch(debtors, settings) for _ in range(args.runs)]
                row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                row["lookup_p50_s"] = lookups(debtors[:5], settings)
                rows[label] = row
    print(f"{args.debtors} debtors, latency {args.latency}s, medians of {args.runs} runs")
    keys = list(next(iter(rows.values())))
    print(f"{'':16}" + "".join(f"{k[:22]:>24}" for k in keys))
    for label, row in rows.items():
        print(f"{label:16}" + "".join(f"{row[k]:>24.3f}" for k in keys))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"debtors": args.debtors, "latency": args.latency,
                                   "runs": args.runs, "python": sys.version.split()[0],
                                   "results": rows}, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
