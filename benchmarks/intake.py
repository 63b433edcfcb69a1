"""Portfolio intake benchmark: rows per second and peak memory while streaming a large portfolio.

Generates a realistic CNSS-style portfolio on the fly in a temporary directory (';'-separated,
French headers, persons and companies mixed, French amounts with non-breaking spaces, 1 % broken
rows and 1 % bad identifiers), then reads it with ``load_portfolio`` (rejects and warnings files
written, debtors handed to a sink in batches) in a fresh child process per run, so that peak
memory (ru_maxrss) is that run's alone; CPU seconds are reported beside wall seconds because a
shared machine's load inflates the latter. Scenarios: ``stream`` (debtors discarded: the intake
alone) and ``store`` (debtors upserted into a new SQLite store). Bounded memory shows as a peak
that does not grow with --rows (compare with --rows 100000).

    .venv/bin/python benchmarks/intake.py                 # 10^6 rows, 3 runs per scenario
    .venv/bin/python benchmarks/intake.py --rows 100000 --runs 1 --scenarios stream
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "intake.json"
HEADER = ("id_debiteur;type;raison_sociale;forme_juridique;nom;prenom;cin;ice;rc;tribunal;"
          "date_naissance;adresse;ville;telephone;montant_du\n")
FAMILY = ["EL ALAOUI", "BENJELLOUN", "AIT OUAHMANE", "M'HAMEDI", "BENNANI", "CHRAIBI", "ZIANI",
          "OUAZZANI", "TAHIRI", "BERRADA", "EL IDRISSI", "FASSI FIHRI", "SQALLI", "LAHLOU"]
GIVEN = ["Mohamed", "Fatima-Zahra", "Youssef", "Khadija", "Omar", "Salma", "Driss", "Nadia",
         "Ahmed", "Meryem", "Hicham", "Soukaina", "M'hamed", "Aicha"]
WORDS = ["ATLAS", "NOUR", "SOUSS", "RIF", "AGRI", "BTP", "TRADING", "LOGISTIQUE", "IMMO", "TEXTILE"]
CITIES = ["Casablanca", "Rabat", "Fès", "Marrakech", "Tanger", "Agadir", "Meknès", "Oujda"]
FORMS = ["SARL", "SARL AU", "SA", "SNC", ""]


def ice(rng: random.Random) -> str:
    from matching.identifiers.ice import calc_check_digits

    first13 = f"{rng.randrange(1, 10**9):09d}0000"
    return first13 + calc_check_digits(first13)


def amount(rng: random.Random) -> str:
    value = round(rng.lognormvariate(9, 1.2), 2)
    whole, cents = f"{value:.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{groups},{cents}"


def row(rng: random.Random, i: int) -> str:
    city = rng.choice(CITIES)
    address = f"N° {rng.randint(1, 200)}, Rue {rng.randint(1, 90)}, Hay Al Amal"
    phone = f"06{rng.randrange(10**8):08d}" if rng.random() < 0.6 else ""
    debt = amount(rng)
    broken = rng.random() < 0.01
    if broken:
        debt = "non communiqué"
    if rng.random() < 0.4:
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
        code = ice(rng) if rng.random() > 0.01 else f"{rng.randrange(10**15):015d}"
        return (f"CNSS-{i};personne morale;{name};{rng.choice(FORMS)};;;;{code};"
                f"{rng.randint(1, 999999)};{city};;{address};{city};{phone};{debt}\n")
    letters = "".join(rng.choice("ABCDEJKZ") for _ in range(rng.choice((1, 2))))
    cin = f"{letters}{rng.randrange(10**6):06d}" if rng.random() > 0.01 else f"{rng.randrange(10**6)}"
    birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2000)}"
    return (f"CNSS-{i};personne physique;;;{rng.choice(FAMILY)};{rng.choice(GIVEN)};{cin};;;;"
            f"{birth};{address};{city};{phone};{debt}\n")


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(rows):
            f.write(row(rng, i))


def child(path: str, scenario: str, workdir: str) -> None:
    """One measured run; prints a JSON line with seconds, counts and peak RSS."""
    from skiptrace.intake import load_portfolio
    from skiptrace.store import Store

    before = resource.getrusage(resource.RUSAGE_SELF)
    base_kb = before.ru_maxrss
    store = Store.open(Path(workdir) / "bench.db") if scenario == "store" else None
    sink = store.upsert_debtors if store is not None else (lambda batch: None)
    start = time.perf_counter()
    result = load_portfolio(path, Path(workdir) / "rejects.csv", Path(workdir) / "warnings.csv",
                            sink=sink, batch_size=2000)
    seconds = time.perf_counter() - start
    if store is not None:
        store.close()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak_kb = after.ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": result.rows, "accepted": result.accepted,
                      "warned": result.warned, "rejected": result.rejected,
                      "peak_mb": peak_kb / 1024, "baseline_mb": base_kb / 1024}))


def measure(path: Path, scenario: str, runs: int) -> dict[str, object]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as workdir:
            out = subprocess.run([sys.executable, __file__, "--child", str(path), scenario, workdir],
                                 check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    cpu = statistics.median(r["cpu_seconds"] for r in results)
    last = results[-1]
    return {
        "scenario": scenario, "rows": last["rows"], "accepted": last["accepted"],
        "warned": last["warned"], "rejected": last["rejected"], "seconds": round(seconds, 2),
        "rows_per_s": round(last["rows"] / seconds), "cpu_seconds": round(cpu, 2),
        "rows_per_cpu_s": round(last["rows"] / cpu), "runs": [round(r["seconds"], 2) for r in results],
        "peak_mb": round(statistics.median(r["peak_mb"] for r in results), 1),
        "baseline_mb": round(statistics.median(r["baseline_mb"] for r in results), 1),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000000",
                        help="portfolio size, or sizes separated by commas (e.g. 100000,1000000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenarios", default="stream,store")
    args = parser.parse_args()
    table = []
    sizes = [int(n) for n in args.rows.split(",")]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "portfolio.csv"
            start = time.perf_counter()
            generate(path, size)
            print(f"generated {size} rows ({path.stat().st_size / 2**20:.0f} MB) "
                  f"in {time.perf_counter() - start:.1f} s")
            for scenario in args.scenarios.split(","):
                table.append(measure(path, scenario, args.runs))
    print(f"{'scenario':<8} {'rows':>9} {'accepted':>9} {'warned':>7} {'rejected':>8} "
          f"{'median s':>9} {'rows/s':>8} {'cpu s':>7} {'rows/cpu s':>10} {'peak MB':>8} "
          f"{'base MB':>8}")
    for r in table:
        print(f"{r['scenario']:<8} {r['rows']:>9} {r['accepted']:>9} {r['warned']:>7} "
              f"{r['rejected']:>8} {r['seconds']:>9} {r['rows_per_s']:>8} {r['cpu_seconds']:>7} "
              f"{r['rows_per_cpu_s']:>10} {r['peak_mb']:>8} {r['baseline_mb']:>8}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": sizes, "runs": args.runs, "results": table},
                                  indent=1) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
