"""generate_world: write a whole sandbox world (portfolio, sources, truth, manifest) for a seed.

Debtor i is generated in lane i % LANES from its own seeded RNG, with identifiers drawn from
that lane's disjoint share of every counter; lanes run in parallel processes for big worlds and
are merged in debtor order (portfolio, truth) and record-id order (sources). The files depend on
the seed and size only, never on the number of processes. Memory stays flat up to 10^6 debtors.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from skiptrace import csvsafe
from skiptrace.model import SOURCE_NAMES
from skiptrace.sandbox.debtors import debtor
from skiptrace.sandbox.ids import Allocator, subkey
from skiptrace.sandbox.portfolio import COLUMNS
from skiptrace.sandbox.records import Builders
from skiptrace.sandbox.sink import LaneSink, bucket_count, dumps, merge_sources, private_open
from skiptrace.sandbox.tables import tables

FORMAT_VERSION = 1
LANES = 16
PARALLEL_FROM = 4000  # below this many debtors, process start-up costs more than it saves
DEFAULT_CREDENTIALS = {"land_registry": {"token": "sandbox-land-token"},
                       "vehicle_registry": {"api_key": "sandbox-vehicle-key"}}
RECORDS_PER_DEBTOR = 4  # a rough upper bound per source, to size the sort buckets


def debtor_id(i: int) -> str:
    return f"DEB-{i:07d}"


def _lane(seed: int, debtors: int, lane: int, scratch: Path, buckets: int) -> dict[str, Any]:
    """Generate every debtor of one lane into ``scratch/lane-NN``; return its counts."""
    directory = scratch / f"lane-{lane:02d}"
    sink = LaneSink(directory, buckets)
    builders = Builders(tables(), Allocator(seed, lane, LANES), sink)
    kinds = {"person": 0, "company": 0, "findable": 0}
    with open(directory / "portfolio", "w", encoding="utf-8", newline="") as pf, \
            open(directory / "truth", "w", encoding="utf-8") as tf:
        writer = csvsafe.dict_writer(pf, COLUMNS, delimiter=";", lineterminator="\n")
        for i in range(lane or LANES, debtors + 1, LANES):
            rng = random.Random(subkey(seed, "debtor", i))
            row, truth = debtor(builders, rng, debtor_id(i))
            writer.writerow(row)
            tf.write(dumps(truth) + "\n")
            kinds[truth["kind"]] += 1
            kinds["findable"] += truth["findable"]
    return {"kinds": kinds, "records": sink.close()}


def _interleave(out: Path, name: str, scratch: Path, debtors: int, header: str = "") -> None:
    """Lane files back into debtor order: debtor i is the next line of lane i % LANES."""
    handles = [open(scratch / f"lane-{lane:02d}" / name, encoding="utf-8") for lane in range(LANES)]  # noqa: SIM115
    try:
        with private_open(out) as target:
            target.write(header)
            for i in range(1, debtors + 1):
                target.write(handles[i % LANES].readline())
    finally:
        for handle in handles:
            handle.close()


def _run_lanes(seed: int, debtors: int, scratch: Path, buckets: int, workers: int) -> list[dict[str, Any]]:
    args = [(seed, debtors, lane, scratch, buckets) for lane in range(LANES)]
    if workers <= 1:
        return [_lane(*a) for a in args]
    context = multiprocessing.get_context("spawn")  # safe even when the caller runs threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_lane, *zip(*args, strict=True)))


def generate_world(seed: int, debtors: int, out: Path, workers: int | None = None) -> Path:
    """Write the world for ``seed`` with ``debtors`` debtors into ``out``; return ``out``.
    ``workers``: processes to use (default: all CPUs for big worlds, 1 for small ones)."""
    if debtors < 1:
        raise ValueError("a world needs at least one debtor")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = min(LANES, os.cpu_count() or 1) if debtors >= PARALLEL_FROM else 1
    scratch = out / ".scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(mode=0o700)  # lane files hold the same data as the world: private too
    buckets = bucket_count(debtors * RECORDS_PER_DEBTOR)
    try:
        results = _run_lanes(seed, debtors, scratch, buckets, workers)
        header = ";".join(COLUMNS) + "\n"
        _interleave(out / "portfolio.csv", "portfolio", scratch, debtors, header)
        _interleave(out / "truth.jsonl", "truth", scratch, debtors)
        merge_sources(out, [scratch / f"lane-{lane:02d}" for lane in range(LANES)], buckets)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _write_manifest(out, seed, debtors, results)
    return out


def _write_manifest(out: Path, seed: int, debtors: int, results: list[dict[str, Any]]) -> None:
    kinds = {k: sum(r["kinds"][k] for r in results) for k in ("person", "company", "findable")}
    manifest = {
        "format_version": FORMAT_VERSION, "generator": "skiptrace.sandbox", "seed": seed,
        "debtors": debtors, "persons": kinds["person"], "companies": kinds["company"],
        "findable": kinds["findable"],
        "records": {s: sum(r["records"][s] for r in results) for s in SOURCE_NAMES},
        "files": {"portfolio": "portfolio.csv", "truth": "truth.jsonl",
                  "sources": {s: f"sources/{s}.jsonl" for s in SOURCE_NAMES}},
        "credentials": DEFAULT_CREDENTIALS,
    }
    with private_open(out / "manifest.json") as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
