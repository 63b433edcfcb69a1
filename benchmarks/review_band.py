"""How sure are matches in each probability band? The evidence for the review queue's default
band [0.2, 0.9) (docs/review.md): a sandbox world's portfolio enriched into a store, then every
stored match with a party (geocoder answers left out, as the queue leaves them) graded against
the world's truth (the record is one of the debtor's own records, any role): per band, how many
and what share are the debtor's.

    .venv/bin/python benchmarks/review_band.py --seed 31415 --debtors 500 --out benchmarks/results/review_band
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from skiptrace.evaluate import read_jsonl, truth_links

BANDS = ((0.01, 0.2), (0.2, 0.5), (0.5, 0.9), (0.9, 1.01))
BIN = Path(sys.executable).parent


def grade(db: Path, truth: Path) -> list[dict[str, Any]]:
    truths = {t["debtor_id"]: set(truth_links(t)) for t in read_jsonl(truth)}
    rows = sqlite3.connect(db).execute(
        "SELECT debtor_id, json_extract(json, '$.record.provenance.source'), "
        "json_extract(json, '$.record.provenance.record_id'), probability FROM matches "
        "WHERE json_extract(json, '$.party') IS NOT NULL").fetchall()
    out = []
    for low, high in BANDS:
        inside = [r for r in rows if low <= r[3] < high]
        own = sum((r[1], r[2]) in truths.get(r[0], set()) for r in inside)
        out.append({"band": [low, min(high, 1.0)], "matches": len(inside), "own": own,
                    "share_own": round(own / len(inside), 3) if inside else None})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=31415)
    parser.add_argument("--debtors", type=int, default=500)
    parser.add_argument("--out", type=Path, required=True, help="results path without suffix")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="review-band-"))
    env = {**os.environ, "SKIPTRACE_OPERATOR": "bench", "SKIPTRACE_PURPOSE": "benchmark"}
    skiptrace = str(BIN / "skiptrace")
    subprocess.run([skiptrace, "sandbox", "generate", "--seed", str(args.seed), "--debtors",
                    str(args.debtors), "--out", str(work / "world")], check=True, env=env,
                   capture_output=True)
    done = subprocess.run([skiptrace, "enrich", str(work / "world" / "portfolio.csv"), "--db",
                           str(work / "store.db"), "--out", str(work / "profiles.jsonl"),
                           "--sandbox", str(work / "world"), "--quiet"], env=env,
                          capture_output=True, text=True)
    assert done.returncode in (0, 3), done.stderr[-2000:]
    bands = grade(work / "store.db", work / "world" / "truth.jsonl")
    result = {"seed": args.seed, "debtors": args.debtors, "bands": bands}
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"# Stored matches by probability band (seed {args.seed}, {args.debtors} debtors)",
             "", "| band | matches | the debtor's own | share |", "|---|---|---|---|"]
    lines += [f"| [{b['band'][0]}, {b['band'][1]}) | {b['matches']} | {b['own']} | "
              f"{b['share_own']} |" for b in bands]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
