"""What normalising a party costs, on the parties a real store holds (issue 17).

    PYTHONPATH=TREE python benchmarks/party_forms.py STORE.db [--parties 20000] [--runs 5]

At 10^5 nine in ten of the parties a batch worker scores are met once (candidate_counts.py):
their normal form (``Features.of``: name parsed, kinds, identifiers checked, address parsed,
phones) is computed cold, and it is the largest share of a worker's CPU. This reads a fixed
sample of the store's records (every n-th row, so two trees read the same parties), takes
their parties as scoring describes them (linking/scoring.party_descriptions), and times
``Features.of`` over all of them with every matching cache emptied first: the cold cost, as a
large portfolio pays it. Prints the median microseconds a party over ``--runs`` runs, and the
debtor-independent digest of the forms, so that two trees can be shown to compute the same.

Run two trees in turn (A, B, A, B) on the same store and compare the medians.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def clear_matching_caches() -> None:
    """Empty every bounded LRU in matching's modules, the caches a large portfolio overflows,
    so that each run starts cold; the unbounded ones (reference tables read once a process)
    stay full, as they are in a worker."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("matching") or module is None:
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if (callable(info) and getattr(value, "__module__", "") == name
                    and info().maxsize is not None):
                value.cache_clear()


def sample_records(store: Path, wanted: int) -> Iterator[Any]:
    """About ``wanted`` records of the store, every n-th by row id, as Records."""
    from skiptrace.model import Record

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    total = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    step = max(1, total // max(1, wanted))
    rows = conn.execute("SELECT json FROM records WHERE id % ? = 0 ORDER BY id", (step,))
    for (data,) in rows:
        yield Record.from_dict(json.loads(data))


def descriptions(store: Path, wanted: int) -> list[Any]:
    from skiptrace.linking.parties import record_parties
    from skiptrace.linking.scoring import party_descriptions

    out: list[Any] = []
    for record in sample_records(store, wanted // 2):
        for party in record_parties(record):
            out += party_descriptions(party)
        if len(out) >= wanted:
            break
    return out[:wanted]


def _fields(form: Any) -> dict[str, Any]:
    """A form's fields and its name keys (computed on first use in some trees), as values."""
    return {**{k: v for k, v in vars(form).items() if not k.startswith("_")},
            "name_keys": form.name_keys}


def _plain(value: Any) -> Any:
    """``value`` with sets sorted and dicts as sorted items: a repr the hash seed cannot move."""
    if isinstance(value, dict):
        return sorted((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def run(store: Path, wanted: int, runs: int) -> dict[str, Any]:
    from matching.description import Features

    described = descriptions(store, wanted)
    timings = []
    digest = ""
    for _ in range(runs):
        clear_matching_caches()
        started = time.process_time()
        forms = [Features.of(d) for d in described]
        timings.append((time.process_time() - started) / len(described) * 1e6)
    digest = hashlib.sha256(repr([_plain(_fields(f)) for f in forms]).encode()).hexdigest()
    return {"parties": len(described), "runs": runs,
            "us_per_party_median": round(statistics.median(timings), 1),
            "us_per_party": [round(t, 1) for t in timings], "digest": digest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--parties", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(run(args.store, args.parties, args.runs)))


if __name__ == "__main__":
    main()
