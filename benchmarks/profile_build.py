"""Profile benchmark: how long building and rendering one debtor's profile takes.

A batch over 10^6 debtors calls build_profile once per debtor, so its cost per profile bounds the
batch's throughput once sources have answered. Two hand-built cases (tests/profile/factories.py):
``typical`` (8 matched records: listings, a company, a title, a car, a geocoder hit, a decoy) and
``busy`` (the typical case plus 60 more records: listings, titles, vehicles, decoys). Each step is
timed over --repeat profiles, --runs times; the table shows the median per profile.

    .venv/bin/python benchmarks/profile_build.py
    .venv/bin/python benchmarks/profile_build.py --runs 3 --repeat 50
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from skiptrace.profile import build_profile, validate  # noqa: E402
from skiptrace.render import graphml, html  # noqa: E402
from skiptrace.render.json import dumps  # noqa: E402
from tests.profile.factories import AS_OF, listing, match, owner, realistic_case, title, vehicle  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "profile_build.json"


def busy_case():
    debtor, matches, statuses = realistic_case()
    for i in range(20):
        matches.append(match(listing(f"PD-9{i:03d}", "EL ALAOUI Mohamed", [f"06610{i:05d}"], f"N° {i}, Rue {i}", days_ago=10 * i), 0.6 + i / 100))
        matches.append(match(title(f"7{i:03d}", [owner(share="1/2"), owner("X", "A1", "1/2")], area=60 + i), 0.9))
        matches.append(match(vehicle(f"9{i:03d}", first=f"{2005 + i % 18}-01-01"), 0.1 if i % 2 else 0.9))
    return debtor, matches, statuses


def _time(step: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        step()
    return (time.perf_counter() - start) / repeat * 1000


def measure(case: str, runs: int, repeat: int) -> dict[str, object]:
    debtor, matches, statuses = realistic_case() if case == "typical" else busy_case()
    profile = build_profile(debtor, matches, statuses, as_of=AS_OF)
    steps: dict[str, Callable[[], object]] = {
        "build (incl. validation)": lambda: build_profile(debtor, matches, statuses, as_of=AS_OF),
        "validate only": lambda: validate(profile),
        "json dumps": lambda: dumps(profile, indent=None),
        "html render": lambda: html.render(profile),
        "graphml": lambda: graphml.write_graphml(io.StringIO(), profile),
    }
    timings = {name: statistics.median(_time(step, repeat) for _ in range(runs)) for name, step in steps.items()}
    return {"case": case, "records": len(matches), "json_bytes": len(dumps(profile, indent=None).encode()),
            "ms_per_profile": {k: round(v, 3) for k, v in timings.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    results = [measure(case, args.runs, args.repeat) for case in ("typical", "busy")]
    print(f"{'case':8} {'records':>7} {'json KB':>8}  " + "  ".join(f"{k:>24}" for k in results[0]["ms_per_profile"]))
    for r in results:
        ms = r["ms_per_profile"]
        print(f"{r['case']:8} {r['records']:>7} {r['json_bytes'] / 1024:>8.1f}  " + "  ".join(f"{v:>21.2f} ms" for v in ms.values()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": "profile_build", "runs": args.runs, "repeat": args.repeat, "python": sys.version.split()[0], "results": results}
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
