"""The ceiling of own-role links (issue 12): per source and role, how many of a world's own true
records (the debtor subject, owner, co-owner or holder; outside the geocoder) no search the
access routes offer can reach, so that a table can say recall, retrieved and the most any
search could reach beside them.

usage: python benchmarks/own_ceiling.py --world W [--run RUN ...] [--json OUT]

Routes as docs/sources.md "Access routes" states them: the land registry answers an owner's
name within a city, so every owner entry has a route; the register, the notices and the
directory search names; the vehicle registry answers a holder's CIN or a company's RC + court
and has no name search. So:

- **no route**: a vehicle card whose holder carries no identifier (the truth's
  ``identifiers_written`` is empty): no search of any route returns it;
- **a key the row lacks**: a card writing a CIN (or an RC) that the portfolio row does not
  give as written (none, another, a character off): reachable only through a key a record
  of another source prints (a pivot: a title or a register entry printing the CIN), so below
  what the row alone reaches, never above the ceiling.

The ceiling of a source and role is 1 - no route / true. Reads the world's truth of the first
1,000 debtors, its portfolio and ``sources/vehicle_registry.jsonl``; with ``--run``, each run's
``eval.json`` for recall and retrieved beside. Never runs the matcher nor the generator.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from missed_records import OWN_ROLES, read_jsonl  # noqa: E402


def _key(value: Any) -> str:
    return re.sub(r"\W", "", str(value or "")).upper()


def rows(world: Path) -> dict[str, dict[str, str]]:
    """The portfolio's rows of the first 1,000 debtors by id (``;``-separated, French headers)."""
    name = "first1k.csv" if (world / "first1k.csv").is_file() else "portfolio.csv"
    with open(world / name, encoding="utf-8", newline="") as fh:
        return {r["id_debiteur"]: r for r in csv.DictReader(fh, delimiter=";")}


def ceiling(world: Path) -> dict[str, dict[str, Counter[str]]]:
    """Per source and role: {"true", "no route", "a key the row lacks"} counts."""
    truth = world / "first1k_truth.jsonl"
    portfolio = rows(world)
    wanted: dict[str, tuple[str, list[str]]] = {}
    out: dict[str, dict[str, Counter[str]]] = {}
    for line in read_jsonl(truth):
        debtor = str(line["debtor_id"])
        for source, entries in (line.get("links") or {}).items():
            for entry in entries:
                if source == "geocoder" or isinstance(entry, str):
                    continue
                role = entry.get("debtor_role")
                if role not in OWN_ROLES:
                    continue
                counts = out.setdefault(source, {}).setdefault(role, Counter())
                counts["true"] += 1
                if source != "vehicle_registry":
                    continue
                written = entry.get("identifiers_written") or []
                if not written:
                    counts["no route"] += 1
                else:
                    wanted[str(entry["record_id"])] = (debtor, written)
    lacked = Counter()
    for record in read_jsonl(world / "sources" / "vehicle_registry.jsonl"):
        found = wanted.get(str(record.get("record_id")))
        if found is None:
            continue
        debtor, _ = found
        owner, row = record.get("owner") or {}, portfolio.get(debtor) or {}
        given = {_key(row.get("cin")), _key(row.get("rc")), _key(row.get("ice"))} - {""}
        held = {_key(owner.get(f)) for f in ("cin", "rc_number", "ice")} - {""}
        if not held & given:
            lacked["holder"] += 1
    for role, count in lacked.items():
        out["vehicle_registry"][role]["a key the row lacks"] += count
    return out


def table(world: Path, runs: list[Path]) -> tuple[str, dict[str, Any]]:
    found = ceiling(world)
    evals = {run.name: json.loads((run / "eval.json").read_text(encoding="utf-8"))
             for run in runs}
    head = "| source | role | true | no route | a key the row lacks | ceiling |"
    rule = "|---|---|---|---|---|---|"
    for name in evals:
        head += f" {name}: recall / retrieved |"
        rule += "---|"
    lines = [head, rule]
    data: dict[str, Any] = {"world": world.name, "sources": {}}
    total = Counter[str]()
    for source in sorted(found):
        for role in sorted(found[source]):
            counts = found[source][role]
            total.update(counts)
            top = 1 - counts["no route"] / counts["true"]
            line = (f"| {source} | {role} | {counts['true']} | {counts['no route']} | "
                    f"{counts['a key the row lacks']} | {top:.4f} |")
            entry: dict[str, Any] = {**counts, "ceiling": round(top, 4), "runs": {}}
            for name, ev in evals.items():
                cell = (ev.get("by_source_role") or {}).get(source, {}).get(role) or {}
                line += f" {cell.get('recall', 0):.4f} / {cell.get('retrieved_share', 0):.4f} |"
                entry["runs"][name] = {k: cell.get(k) for k in ("recall", "retrieved_share",
                                                                 "precision")}
            lines.append(line)
            data["sources"].setdefault(source, {})[role] = entry
    top = 1 - total["no route"] / total["true"]
    line = (f"| **all own** | | {total['true']} | {total['no route']} | "
            f"{total['a key the row lacks']} | **{top:.4f}** |")
    data["all"] = {**total, "ceiling": round(top, 4), "runs": {}}
    for name, ev in evals.items():
        own = ev.get("own_outside_geocoder") or {}
        line += f" {own.get('recall', 0):.4f} / {own.get('retrieved_share', 0):.4f} |"
        data["all"]["runs"][name] = {k: own.get(k) for k in ("recall", "retrieved_share",
                                                              "precision")}
    lines.append(line)
    return "\n".join(lines) + "\n", data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world", type=Path, required=True)
    parser.add_argument("--run", type=Path, action="append", default=[])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    text, data = table(args.world, args.run)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
