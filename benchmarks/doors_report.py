"""Before/after figures of the geocoder's doors (issue 12: debtors in no source must get no
link; geocoder links that are not the debtor's own address), one row per run.

usage: python benchmarks/doors_report.py --json OUT LABEL=RUN_DIR:WORLD_DIR ...

RUN_DIR is a run of benchmarks/world_size.sh (its eval.json, profiles.jsonl, store.db and
time.txt); WORLD_DIR the world it ran on (first1k_truth.jsonl and sources/geocoder.jsonl). Each
row: the geocoder's precision and recall strict and by door (decision 0017), best-address
accuracy, debtors in no source with any link (count and share, strict and by door), own-role
precision and recall outside the geocoder, requests per debtor (all sources and the geocoder's),
the enrich process's CPU seconds, and the geocoder links that are not the debtor's door by class
(benchmarks/false_links.py). Prints a markdown table; writes every figure to OUT.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from false_links import classify  # noqa: E402


def cpu_seconds(time_txt: Path) -> float:
    """User + system seconds of /usr/bin/time -v's report."""
    text = time_txt.read_text(encoding="utf-8")
    return round(sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                                  text)), 1)


def run_figures(run: Path, world: Path) -> dict[str, Any]:
    report = json.loads((run / "eval.json").read_text(encoding="utf-8"))
    truth = world / "first1k_truth.jsonl"
    rows = classify(run / "profiles.jsonl", truth, run / "store.db")
    doors = Counter(r["fields"].split(" door=", 1)[1] for r in rows
                    if r["source"] == "geocoder" and " door=" in r["fields"])
    unfindable = sorted({r["debtor_id"] for r in rows if r["unfindable"]})
    geo, by_door = report["by_source"]["geocoder"], report.get("by_door") or {}
    door_geo = by_door.get("geocoder") or {}
    own = report["own_outside_geocoder"]
    requests = report["requests_per_debtor"]
    return {
        "geocoder_strict": {k: geo[k] for k in ("precision", "recall", "true_positives",
                                                "false_positives", "false_negatives")},
        "geocoder_by_door": {k: door_geo.get(k) for k in ("precision", "recall", "true_positives",
                                                          "false_positives", "false_negatives")},
        "best_address_accuracy": report["best_address_accuracy"],
        "unfindable_debtors": report["unfindable_debtors"],
        "unfindable_with_links": len(unfindable),
        "unfindable_with_links_share": report["unfindable_with_links"],
        "unfindable_by_door": by_door.get("unfindable_debtors"),
        "unfindable_with_links_share_by_door": by_door.get("unfindable_with_links"),
        "unfindable_linked_debtors": unfindable,
        "own_role": {k: own[k] for k in ("precision", "recall", "retrieved_share")},
        "requests_per_debtor": round(sum(requests.values()), 2),
        "geocoder_requests_per_debtor": requests.get("geocoder"),
        "cpu_seconds": cpu_seconds(run / "time.txt"),
        "geocoder_false_doors": dict(doors.most_common()),
    }


def table(figures: dict[str, dict[str, Any]]) -> str:
    lines = ["| run | geocoder P / R strict | geocoder P / R by door (false doors) | best-address "
             "accuracy | debtors in no source with a link | own-role P / R | requests / debtor "
             "(geocoder) | CPU s |", "|---|---|---|---|---|---|---|---|"]
    for label, f in figures.items():
        s, d, o = f["geocoder_strict"], f["geocoder_by_door"], f["own_role"]
        lines.append(
            f"| {label} | {s['precision']:.4f} / {s['recall']:.4f} | {d['precision']:.4f} / "
            f"{d['recall']:.4f} ({d['false_positives']}) | {f['best_address_accuracy']:.4f} | "
            f"{f['unfindable_with_links']} of {f['unfindable_debtors']} "
            f"({100 * f['unfindable_with_links_share']:.2f} %) | {o['precision']:.4f} / "
            f"{o['recall']:.4f} | {f['requests_per_debtor']:.2f} "
            f"({f['geocoder_requests_per_debtor']:.2f}) | {f['cpu_seconds']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("runs", nargs="+", help="LABEL=RUN_DIR:WORLD_DIR")
    args = parser.parse_args(argv)
    figures = {}
    for spec in args.runs:
        label, paths = spec.split("=", 1)
        run, world = paths.split(":", 1)
        figures[label] = run_figures(Path(run), Path(world))
    print(table(figures))
    for label, f in figures.items():
        print(f"{label}: false doors {f['geocoder_false_doors']}")
    args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
