"""The matcher alone on a sandbox world: every debtor against every party of every record.

Generates a world (or reads one), links the portfolio's debtors to all record parties with
``matching.link`` (Description blocking, shipped default model, no fitting), keeps each
(debtor, record) pair's best party, and compares with the world's truth: links found, missed, and
false links, decoys (homonyms, same-name fathers, relatives) counted apart. Precision is what
matters most here: a false link seizes the wrong person's house. Prints a table and writes
benchmarks/results/sandbox_matching.json.

    .venv/bin/python benchmarks/sandbox_matching.py --debtors 500 --seed 7
    .venv/bin/python benchmarks/sandbox_matching.py --world path/to/world   # another generator's
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from matching import link
from matching.calibration import markdown, reliability
from skiptrace.intake.load import read_debtors
from skiptrace.linking.parties import all_parties
from skiptrace.linking.scoring import debtor_description, is_candidate, party_description
from skiptrace.model import Provenance, Record, utcnow

# legal_notices are left out: the world holds their raw text; their parties exist only after the
# spider's extraction (spiders/), which this benchmark of the matcher alone does not run.
KINDS = {"land_registry": "land_title", "vehicle_registry": "vehicle", "phone_directory": "phone",
         "company_register": "company"}
RESULTS = Path(__file__).resolve().parent / "results" / "sandbox_matching.json"


def records(world: Path) -> list[Record]:
    out = []
    now = utcnow()
    for source, kind in KINDS.items():
        path = world / "sources" / f"{source}.jsonl"
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            fields = json.loads(line)
            out.append(Record(kind, fields, Provenance(source, str(fields["record_id"]), now)))  # type: ignore[arg-type]
    return out


def truth(world: Path) -> tuple[set[tuple[str, str, str]], dict[tuple[str, str, str], str]]:
    links, decoys = set(), {}
    for line in (world / "truth.jsonl").open(encoding="utf-8"):
        t = json.loads(line)
        for source, items in (t.get("links") or {}).items():
            if source in KINDS:
                links |= {(t["debtor_id"], source, str(i["record_id"])) for i in items}
        for d in t.get("decoys") or []:
            decoys[(t["debtor_id"], d["source"], str(d["record_id"]))] = d.get("relation", "decoy")
    return links, decoys


def evaluate(world: Path, threshold: float) -> dict[str, Any]:
    debtors = list(read_debtors(world / "portfolio.csv"))
    parties = all_parties(records(world))
    start = time.perf_counter()
    found = link([debtor_description(d) for d in debtors], [party_description(p) for _, p in parties],
                 keep_all=True)
    seconds = time.perf_counter() - start
    best: dict[tuple[str, str, str], float] = {}
    for pair in found:
        debtor, (record, party) = debtors[pair.left], parties[pair.right]
        if not is_candidate(debtor, party):
            continue
        key = (debtor.debtor_id, record.source, record.record_id)
        best[key] = max(best.get(key, 0.0), pair.probability)
    links, decoys = truth(world)
    keys = sorted(best)
    rows = reliability([best[k] for k in keys], [float(k in links) for k in keys])
    linked = {k for k, p in best.items() if p >= threshold}
    tp, fp = linked & links, linked - links
    relations = Counter(decoys[k] for k in fp if k in decoys)
    return {
        "world": str(world), "debtors": len(debtors), "parties": len(parties),
        "candidate_pairs": found.candidates, "seconds": seconds,
        "true_links": len(links), "blocking_recall": len(links & set(best)) / max(len(links), 1),
        "linked": len(linked), "true_positives": len(tp), "false_positives": len(fp),
        "decoys_linked": sum(relations.values()), "decoys_by_relation": dict(relations),
        "decoys_in_truth": len(decoys),
        "precision": len(tp) / max(len(linked), 1), "recall": len(tp) / max(len(links), 1),
        "threshold": threshold, "reliability": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path)
    parser.add_argument("--debtors", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = args.world
        if world is None:
            world = Path(tmp) / "world"
            subprocess.run([sys.executable, "-m", "skiptrace.sandbox", "generate", "--seed", str(args.seed),
                            "--debtors", str(args.debtors), "--out", str(world)], check=True, capture_output=True)
        row = evaluate(world, args.threshold)
    for key, value in row.items():
        if key != "reliability":
            print(f"{key:<20} {value:.4f}" if isinstance(value, float) else f"{key:<20} {value}")
    print()
    print(markdown(row["reliability"]))
    if args.world is None:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(row, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
