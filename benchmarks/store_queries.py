"""Store queries per debtor at 10^3, 10^4 and 10^5 records: each must stay flat (issue 17).

For each size: a sandbox world (``generate_world``) with ~size/2.5 debtors, its land and vehicle
extracts imported as ``benchmarks/enrich.py`` ``prepare_local`` does (``sandbox export`` then
``import``, here in process), its portfolio stored. Then, for the first ``--probes`` debtors,
every local search the planner makes (``plan_local``, as ``connectors/local.py`` runs it) is
timed per key, with its candidates and how many were too broad; and the other per-debtor
queries: a record by key, the checkpoint (profile, matches, job item, audit), the matches, the
job's statuses, a debtor by id. Median of ``--runs`` runs per query; a table and
``benchmarks/results/store_queries.json``.

    python benchmarks/store_queries.py [--sizes 1000 10000 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from skiptrace.config import load_config
from skiptrace.connectors.local import store_terms
from skiptrace.connectors.planner import plan_local
from skiptrace.connectors.query import DebtorQuery
from skiptrace.intake.load import read_debtors
from skiptrace.model import Debtor
from skiptrace.pipeline.importer import import_file
from skiptrace.sandbox.export import export_source
from skiptrace.sandbox.generate import generate_world
from skiptrace.store import Store

RESULTS = Path(__file__).parent / "results" / "store_queries.json"
RECORDS_PER_DEBTOR = 2.5  # land titles + vehicles of a sandbox world, measured (seed 11)
SOURCES = {"land_registry": "land_extract", "vehicle_registry": "vehicle_extract"}


def build(folder: Path, records: int, seed: int) -> Path:
    """A store of about ``records`` records and its world's portfolio (kept when present)."""
    db = folder / "store.db"
    if db.exists():
        return db
    world = generate_world(seed, max(1, round(records / RECORDS_PER_DEBTOR)), folder / "world")
    with Store.open(db) as store:
        for source in SOURCES:
            extract = folder / f"{source}.csv"
            export_source(source, world, extract)
            import_file(store, source, extract, config=load_config(env={}))
        store.upsert_debtors(read_debtors(world / "portfolio.csv"))
    return db


def median_ms(call: Callable[[], Any], runs: int) -> float:
    """The median wall time of ``call`` over ``runs`` runs, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def search_kind(key: str, params: dict[str, str]) -> str:
    """The row of the table a planned search belongs to."""
    if "name_key" in params:
        return "name_key_given" if params["name_key"].startswith("g:") else "surname_in_city"
    return "name_fts" if key in ("name", "surname") else key


def time_searches(store: Store, debtors: list[Debtor], runs: int) -> dict[str, dict[str, Any]]:
    """Every local search of the probe debtors, per kind: median ms, candidates, too broad."""
    rows: dict[str, dict[str, list[float]]] = {}
    for debtor in debtors:
        query = DebtorQuery.from_debtor(debtor)
        for source in SOURCES.values():
            for search in plan_local(source, query):
                terms = store_terms(search, query.city)
                found = store.find_records(source, limit=50, **terms)
                row = rows.setdefault(search_kind(search.key, search.params),
                                      {"ms": [], "candidates": [], "too_broad": []})
                again = partial(store.find_records, source, limit=50, **terms)
                row["ms"].append(median_ms(again, runs))
                row["candidates"].append(len(found))
                row["too_broad"].append(float(getattr(found, "too_broad", False)))
    return {kind: {"median_ms": round(statistics.median(r["ms"]), 3),
                   "searches": len(r["ms"]),
                   "candidates_mean": round(statistics.mean(r["candidates"]), 1),
                   "candidates_max": int(max(r["candidates"])),
                   "too_broad": int(sum(r["too_broad"]))} for kind, r in sorted(rows.items())}


def time_other(store: Store, debtors: list[Debtor], runs: int) -> dict[str, dict[str, Any]]:
    """The per-debtor queries outside the searches, median over the probe debtors."""
    key = next(r.key for r in store.iter_records("vehicle_extract"))
    title = next(str(r.fields["title_number"]) for r in store.iter_records("land_extract"))
    record = store.get_record(key)
    assert record is not None
    match = {"record": record.to_dict(), "probability": 0.9, "party": {"index": 0}}
    who = {"operator": "bench", "purpose": "store_queries"}
    calls: dict[str, Callable[[Debtor], Any]] = {
        "title_number": lambda d: store.find_records(
            "land_extract", identifiers=[("title_number", title, None)]),
        "get_record": lambda d: store.get_record(key),
        "checkpoint": lambda d: store.checkpoint("bench", d.debtor_id, "done",
                                                 {"debtor_id": d.debtor_id}, [match], who),
        "get_matches": lambda d: store.get_matches(d.debtor_id),
        "get_profile": lambda d: store.get_profile(d.debtor_id),
        "item_statuses": lambda d: store.item_statuses("bench"),
        "get_debtor": lambda d: store.get_debtor(d.debtor_id),
    }
    return {name: {"median_ms": round(statistics.median(
        median_ms(partial(call, d), runs) for d in debtors), 3)} for name, call in calls.items()}


def measure(db: Path, portfolio: Path, probes: int, runs: int) -> dict[str, Any]:
    debtors = [d for _, d in zip(range(probes), read_debtors(portfolio), strict=False)]
    with Store.open(db) as store:
        return {"records": store.count_records(), "debtors": store.count_debtors(),
                "queries": {**time_searches(store, debtors, runs),
                            **time_other(store, debtors, runs)}}


def print_table(sizes: dict[str, dict[str, Any]]) -> None:
    labels = list(sizes)
    kinds = list(next(iter(sizes.values()))["queries"])
    print(f"{'query':18}" + "".join(f"{label:>26}" for label in labels))
    for kind in kinds:
        cells = []
        for label in labels:
            q = sizes[label]["queries"].get(kind, {})
            extra = (f" c={q['candidates_mean']}/{q['too_broad']}tb"
                     if "candidates_mean" in q else "")
            cells.append(f"{q.get('median_ms', float('nan')):.3f} ms{extra}")
        print(f"{kind:18}" + "".join(f"{c:>26}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--probes", type=int, default=40, help="debtors whose queries are timed")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--keep", type=Path, help="build the stores here and reuse them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        sizes: dict[str, dict[str, Any]] = {}
        for size in args.sizes:
            folder = root / f"records-{size}"
            folder.mkdir(parents=True, exist_ok=True)
            db = build(folder, size, args.seed)
            sizes[str(size)] = measure(db, folder / "world" / "portfolio.csv", args.probes,
                                       args.runs)
            print(f"{size}: {sizes[str(size)]['records']} records", flush=True)
    print_table(sizes)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"seed": args.seed, "probes": args.probes, "runs": args.runs,
                                   "sizes": sizes}, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
