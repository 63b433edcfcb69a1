"""The geocoder scored strictly and by door (docs/decisions/0017), for runs already made.

    python benchmarks/geocoder_doors.py LABEL=RUN_DIR:TRUTH_FILE ... --out benchmarks/results/geocoder_doors

Each RUN_DIR holds the ``profiles.jsonl`` of an enrich run (benchmarks/world_size.sh writes
them); the world's ``sources/geocoder.jsonl`` beside TRUTH_FILE gives the places' doors. Writes
OUT.json (both reports' geocoder and unfindable figures, per label) and OUT.md (a table).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from skiptrace.evaluate import evaluate_files


def row(label: str, run: Path, truth: Path) -> dict[str, Any]:
    report = evaluate_files(run / "profiles.jsonl", truth)
    if "by_door" not in report:
        raise SystemExit(f"{label}: no sources/geocoder.jsonl beside {truth}")
    strict, door = report["by_source"]["geocoder"], report["by_door"]
    return {"label": label, "run": str(run), "truth": str(truth),
            "strict": {"geocoder": strict, "unfindable_debtors": report["unfindable_debtors"],
                       "unfindable_with_links": report["unfindable_with_links"]},
            "by_door": door}


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| run | geocoder precision strict / door | recall strict / door "
             "| false links strict / door | debtors in no source strict / door "
             "| of them with a link strict / door |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        s, d = r["strict"], r["by_door"]
        lines.append(
            f"| {r['label']} | {s['geocoder']['precision']:.3f} / {d['geocoder']['precision']:.3f} "
            f"| {s['geocoder']['recall']:.3f} / {d['geocoder']['recall']:.3f} "
            f"| {s['geocoder']['false_positives']} / {d['geocoder']['false_positives']} "
            f"| {s['unfindable_debtors']} / {d['unfindable_debtors']} "
            f"| {s['unfindable_with_links']:.1%} / {d['unfindable_with_links']:.1%} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", metavar="LABEL=RUN_DIR:TRUTH_FILE")
    parser.add_argument("--out", type=Path, required=True, help="results path without suffix")
    args = parser.parse_args()
    rows = []
    for spec in args.runs:
        label, rest = spec.split("=", 1)
        run, truth = rest.split(":", 1)
        rows.append(row(label, Path(run), Path(truth)))
    args.out.with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(table(rows), encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
