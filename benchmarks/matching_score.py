"""Speed of the Moroccan Description path: ``score`` per pair, and ``link`` of two tables.

Synthetic descriptions (fabricated names from DOMAIN.md §9 patterns, valid-format CINs, phones,
cities) so that the figure does not depend on any generator's world. Prints a table and writes
benchmarks/results/matching_score.json (medians of 5 runs).

    .venv/bin/python benchmarks/matching_score.py
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import time
from datetime import date
from pathlib import Path

from matching import Description, link, score

GIVEN = ["Mohamed", "Mohammed", "Fatima Zahra", "Youssef", "Khadija", "Ahmed", "Abdelkader", "Zineb", "Omar"]
SURNAMES = ["El Alaoui", "Bennani", "Ait Ouahmane", "Chraibi", "Tazi", "Berrada", "Idrissi", "Zerhouni", "Amrani"]
CITIES = ["Casablanca", "Casa", "Rabat", "Fès", "Marrakech", "Tanger", "Oujda", "Agadir"]
RESULTS = Path(__file__).resolve().parent / "results" / "matching_score.json"


def people(n: int, seed: int) -> list[Description]:
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        name = f"{rnd.choice(SURNAMES).upper()} {rnd.choice(GIVEN)} {k % 97}"
        out.append(Description(
            name=name, city=rnd.choice(CITIES), cin=f"BK{100000 + rnd.randrange(900000)}",
            birth_date=date(rnd.randint(1945, 2000), rnd.randint(1, 12), rnd.randint(1, 28)),
            phones=(f"06{rnd.randrange(10**8):08d}",),
        ))
    return out


def timed(fn, runs: int = 5) -> float:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> int:
    debtor = Description(name="EL ALAOUI Mohamed", city="Casa", cin="BK100001", birth_date=date(1960, 1, 2))
    candidates = people(2000, seed=1)
    score(debtor, candidates[0])  # load the model once

    def fresh() -> None:  # new objects each run: normalization included
        for c in people(2000, seed=1):
            score(debtor, c)

    def cached() -> None:
        for c in candidates:
            score(debtor, c)

    left, right = people(3000, seed=2), people(3000, seed=3)
    rows = [
        {"case": "score, candidates normalized on the fly", "pairs": 2000, "seconds": timed(fresh)},
        {"case": "score, normalization cached", "pairs": 2000, "seconds": timed(cached)},
    ]
    start = time.perf_counter()
    found = link(left, right)
    rows.append({"case": "link 3000 x 3000 descriptions", "pairs": found.candidates,
                 "seconds": time.perf_counter() - start})
    for row in rows:
        row["pairs_per_second"] = row["pairs"] / row["seconds"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'case':<42} {'pairs':>8} {'seconds':>8} {'pairs/s':>9}")
    for r in rows:
        print(f"{r['case']:<42} {r['pairs']:>8} {r['seconds']:>8.3f} {r['pairs_per_second']:>9.0f}")
    print(f"peak memory {peak:.0f} MB")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows, "peak_mb": peak}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
