"""generate_world: write a whole sandbox world (portfolio, sources, truth, manifest) for a seed.

Debtors are generated one at a time, each from its own seeded RNG, and streamed out: memory
stays flat from 10 to 10^6 debtors. Same seed and size, byte-identical files.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from skiptrace.model import SOURCE_NAMES
from skiptrace.sandbox.debtors import debtor
from skiptrace.sandbox.ids import Allocator, subkey
from skiptrace.sandbox.portfolio import COLUMNS
from skiptrace.sandbox.records import Builders
from skiptrace.sandbox.sink import SortedSources, dumps, private_open
from skiptrace.sandbox.tables import tables

FORMAT_VERSION = 1
DEFAULT_CREDENTIALS = {"land_registry": {"token": "sandbox-land-token"},
                       "vehicle_registry": {"api_key": "sandbox-vehicle-key"}}
RECORDS_PER_DEBTOR = 4  # a rough upper bound per source, to size the sort buckets


def debtor_id(i: int) -> str:
    return f"DEB-{i:07d}"


def generate_world(seed: int, debtors: int, out: Path) -> Path:
    """Write the world for ``seed`` with ``debtors`` debtors into ``out``; return ``out``."""
    if debtors < 1:
        raise ValueError("a world needs at least one debtor")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sink = SortedSources(out, debtors * RECORDS_PER_DEBTOR)
    builders = Builders(tables(), Allocator(seed), sink)
    kinds = {"person": 0, "company": 0, "findable": 0}
    with private_open(out / "portfolio.csv") as pf, private_open(out / "truth.jsonl") as tf:
        writer = csv.DictWriter(pf, fieldnames=COLUMNS, delimiter=";", lineterminator="\n")
        writer.writeheader()
        for i in range(1, debtors + 1):
            rng = random.Random(subkey(seed, "debtor", i))
            row, truth = debtor(builders, rng, debtor_id(i))
            writer.writerow(row)
            tf.write(dumps(truth) + "\n")
            kinds[truth["kind"]] += 1
            kinds["findable"] += truth["findable"]
    counts = sink.finish()
    manifest = {
        "format_version": FORMAT_VERSION, "generator": "skiptrace.sandbox", "seed": seed,
        "debtors": debtors, "persons": kinds["person"], "companies": kinds["company"],
        "findable": kinds["findable"],
        "records": {source: counts[source] for source in SOURCE_NAMES},
        "files": {"portfolio": "portfolio.csv", "truth": "truth.jsonl",
                  "sources": {s: f"sources/{s}.jsonl" for s in SOURCE_NAMES}},
        "credentials": DEFAULT_CREDENTIALS,
    }
    with private_open(out / "manifest.json") as mf:
        mf.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return out
