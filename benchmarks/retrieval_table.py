"""Before/after table of own-role retrieval for two runs of ``benchmarks/world_size.sh`` on one
world (issue 12): precision, recall and retrieved share per source and role, the same among the
records a live route can reach, requests per debtor per source, the enrich process's CPU.

usage: python benchmarks/retrieval_table.py --world W --before RUN --after RUN [--json OUT]
       [--markdown OUT]

Reads each run's ``eval.json`` (``skiptrace evaluate``), ``time.txt`` (``/usr/bin/time -v``) and
profiles, and the world's truth of the first 1,000 debtors. "Reachable" leaves out the true
records ``benchmarks/missed_records.py`` classes "no identifier in the record" for the vehicle
registry: cards whose holder carries no identifier, which the vehicle route (no name search,
docs/sources.md "Access routes") cannot answer; they are counted from the *before* run's misses
(a card no route reaches is missed by both). Also: which own-role records one run linked and
the other did not. Never runs the matcher: it only reads what the runs wrote.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from missed_records import OWN_ROLES, missed, read_jsonl  # noqa: E402

SOURCES = ("company_register", "land_registry", "vehicle_registry", "phone_directory",
           "legal_notices")
UNREACHABLE = "no identifier in the record"


def process(run: Path) -> dict[str, Any]:
    """CPU seconds (user + system), peak RSS and wall time of the enrich process."""
    text = (run / "time.txt").read_text(encoding="utf-8", errors="replace")

    def number(label: str) -> float:
        found = re.search(rf"{label}: ([\d.]+)", text)
        return float(found.group(1)) if found else 0.0

    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    return {"cpu_s": round(number(r"User time \(seconds\)") + number(r"System time \(seconds\)"), 1),
            "max_rss_mb": round(number(r"Maximum resident set size \(kbytes\)") / 1024),
            "wall": wall.group(1) if wall else None}


def own_links(run: Path, truth: Path) -> set[tuple[str, str, str]]:
    """(debtor, source, record) of every own-role true record outside the geocoder the run linked."""
    linked = {(str(p["debtor_id"]), str(k["source"]), str(k["record_id"]))
              for p in read_jsonl(run / "profiles.jsonl") for k in p.get("links") or []}
    return {key for key in own_true(truth) if key in linked}


def own_true(truth: Path) -> set[tuple[str, str, str]]:
    out = set()
    for line in read_jsonl(truth):
        for source, entries in (line.get("links") or {}).items():
            for entry in entries:
                if source != "geocoder" and not isinstance(entry, str) and entry.get(
                        "debtor_role") in OWN_ROLES:
                    out.add((str(line["debtor_id"]), source, str(entry["record_id"])))
    return out


def summary(run: Path, world: Path, truth: Path, unreachable: int) -> dict[str, Any]:
    report = json.loads((run / "eval.json").read_text(encoding="utf-8"))
    own = report["own_outside_geocoder"]
    total = own["true_positives"] + own["false_negatives"]
    reachable = total - unreachable
    by_source_role = {}
    for source in SOURCES:
        for role, figures in sorted((report["by_source_role"].get(source) or {}).items()):
            if role in OWN_ROLES:
                by_source_role[f"{source}/{role}"] = {
                    k: figures[k] for k in ("precision", "recall", "retrieved_share",
                                            "true_positives", "false_positives",
                                            "false_negatives", "retrieved")}
    requests = {s: report["requests_per_debtor"].get(s, 0.0) for s in (*SOURCES, "geocoder")}
    geocoder = report["by_source_role"].get("geocoder", {}).get("subject", {})
    return {
        "run": str(run),
        "own_outside_geocoder": own,
        "own_true_records": total,
        "unreachable_vehicle_cards": unreachable,
        "retrieved_among_reachable": round(own["retrieved"] / reachable, 4),
        "recall_among_reachable": round(own["true_positives"] / reachable, 4),
        "by_source_role": by_source_role,
        "requests_per_debtor": requests,
        "requests_per_debtor_total": round(sum(requests.values()), 3),
        "geocoder": {k: geocoder.get(k) for k in ("precision", "recall")},
        "unfindable_with_links": report.get("unfindable_with_links"),
        "unfindable_debtors": report.get("unfindable_debtors"),
        "process": process(run),
    }


def table(before: dict[str, Any], after: dict[str, Any]) -> str:
    """The markdown tables: own roles, per source and role, requests per debtor."""
    def own_row(name: str, s: dict[str, Any]) -> str:
        o = s["own_outside_geocoder"]
        return (f"| {name} | {o['precision']:.4f} | {o['recall']:.4f} | {o['retrieved_share']:.4f} | "
                f"{s['retrieved_among_reachable']:.4f} | {s['recall_among_reachable']:.4f} | "
                f"{o['true_positives']:,} / {o['false_positives']} | "
                f"{s['requests_per_debtor_total']:.2f} | {s['process']['cpu_s']:.1f} |")

    lines = ["| run | precision | recall | retrieved | retrieved among reachable | recall among "
             "reachable | true / false links | requests / debtor | CPU s |",
             "|---|---|---|---|---|---|---|---|---|",
             own_row("before", before), own_row("after", after), "",
             "| source | role | true | before: precision / recall / retrieved | after |",
             "|---|---|---|---|---|"]
    for key, b in before["by_source_role"].items():
        a = after["by_source_role"].get(key, b)
        source, role = key.split("/")
        true = b["true_positives"] + b["false_negatives"]
        lines.append(f"| {source} | {role} | {true} | {b['precision']:.3f} / {b['recall']:.3f} / "
                     f"{b['retrieved_share']:.3f} | {a['precision']:.3f} / {a['recall']:.3f} / "
                     f"{a['retrieved_share']:.3f} |")
    lines += ["", "| source | before | after |", "|---|---|---|"]
    for source, value in before["requests_per_debtor"].items():
        lines.append(f"| {source} | {value:.3f} | {after['requests_per_debtor'][source]:.3f} |")
    lines.append(f"| all | {before['requests_per_debtor_total']:.2f} | "
                 f"{after['requests_per_debtor_total']:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--before", type=Path, required=True, help="the before run's folder")
    parser.add_argument("--after", type=Path, required=True, help="the after run's folder")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    truth = args.world / "first1k_truth.jsonl"
    rows = missed(args.before / "profiles.jsonl", truth, args.world)
    unreachable = sum(r["source"] == "vehicle_registry" and r["class"].startswith(UNREACHABLE)
                      for r in rows)
    before = summary(args.before, args.world, truth, unreachable)
    after = summary(args.after, args.world, truth, unreachable)
    was, now = own_links(args.before, truth), own_links(args.after, truth)
    out = {"debtors": 1000, "unreachable": "vehicle cards whose holder carries no identifier "
           "(missed_records class \"no identifier in the record\"): the vehicle route has no "
           "name search (docs/sources.md)",
           "records_linked_after_missed_before": len(now - was),
           "records_missed_after_linked_before": len(was - now),
           "before": before, "after": after}
    text = table(before, after)
    print(text)
    print(f"linked after, missed before: {len(now - was)}; missed after, linked before: "
          f"{len(was - now)}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
