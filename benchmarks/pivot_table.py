"""The figures of issue 13 from world_size.sh runs: one row per run (issue 13's note table).

usage: python benchmarks/pivot_table.py LABEL=RUN [LABEL=RUN ...] [--json OUT]

Each RUN is a ``benchmarks/world_size.sh`` result directory holding ``eval.json`` (``skiptrace
evaluate``), ``summary.json``, ``time.txt`` and, when ``benchmarks/pivot_misses.py`` was run on
it with ``--json RUN/misses.json``, the classes of the manager and partner links it missed.
Prints a markdown table (manager / partner recall and precision, all links outside the
geocoder, successors, second-degree assets, requests per debtor per source, CPU seconds), then
one of precision / recall / retrieved share per role (``ROLES``: the pivots' and the own roles),
one of requests per debtor per source, one of the classes of the missed links (manager /
partner, a column per run) and, where the misses are known, the ceiling of each role: the share
of its links that any search could reach (``NO_ROUTE``: a company no notice names the debtor in,
whose phone is in no listing and whose denomination does not carry the family name, and its
notices), and writes every figure as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

SOURCES = ("company_register", "legal_notices", "phone_directory", "land_registry",
           "vehicle_registry", "geocoder")
ROLES = ("manager", "partner", "subject", "owner", "co-owner", "holder")
#: the miss classes no search reaches (benchmarks/pivot_misses.py): the register has no search
#: by person, and nothing the debtor's records give names the company (docs/pivots.md "Not yet")
NO_ROUTE = "no_naming_notice:no route"
_CPU = re.compile(r"(User|System) time \(seconds\): ([\d.]+)")


def figures(run: Path) -> dict[str, Any]:
    report = json.loads((run / "eval.json").read_text("utf-8"))
    summary = json.loads((run / "summary.json").read_text("utf-8"))
    times = (run / "time.txt").read_text("utf-8") if (run / "time.txt").exists() else ""
    roles = report["by_role"]
    out: dict[str, Any] = {
        "run": str(run),
        "manager": _pr(roles.get("manager", {})),
        "partner": _pr(roles.get("partner", {})),
        "roles": {role: {k: roles.get(role, {}).get(k) for k in (
            "precision", "recall", "retrieved_share", "true_positives", "false_positives",
            "false_negatives")} for role in ROLES},
        "outside_geocoder": _pr(report["outside_geocoder"]),
        "own_outside_geocoder": _pr(report["own_outside_geocoder"]),
        "successors": report["successors"],
        "second_degree_assets": report["second_degree_assets"],
        "requests_per_debtor": {s: report["requests_per_debtor"].get(s, 0.0) for s in SOURCES},
        "requests_per_debtor_total": round(sum(report["requests_per_debtor"].values()), 3),
        "cpu_seconds": round(sum(float(v) for _, v in _CPU.findall(times)), 1),
        "crashed": summary.get("crashed", 0),
        "partial": summary.get("partial", 0),
    }
    misses = run / "misses.json"
    if misses.exists():
        out["missed_by_class"] = json.loads(misses.read_text("utf-8"))["classes"]
        out["ceiling"] = ceiling(out)
    return out


def ceiling(f: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per role: its links, those with no route (``NO_ROUTE``), the most any search could
    reach (1 - no route / links) and the recall measured."""
    out = {}
    for role in ("manager", "partner"):
        pr = f[role]
        links = (pr.get("true_positives") or 0) + (pr.get("false_negatives") or 0)
        no_route = sum(roles.get(role, 0) for kind, roles in f["missed_by_class"].items()
                       if kind.endswith(NO_ROUTE))
        out[role] = {"links": links, "no_route": no_route, "recall": pr.get("recall"),
                     "ceiling": round(1 - no_route / links, 4) if links else None}
    return out


def _pr(tally: dict[str, Any]) -> dict[str, Any]:
    return {k: tally.get(k) for k in ("precision", "recall", "true_positives",
                                      "false_positives", "false_negatives")}


def table(rows: dict[str, dict[str, Any]]) -> str:
    head = ("| run | manager R / P | partner R / P | outside geocoder R / P | successors P / R "
            "(look-alikes reported) | 2nd-degree assets P / R | requests/debtor | register | "
            "notices | directory | CPU s |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for label, f in rows.items():
        succ, second, req = f["successors"], f["second_degree_assets"], f["requests_per_debtor"]
        looks = sum(succ.get("lookalikes_reported", {}).values())
        lines.append(
            f"| {label} | {_r(f['manager'])} | {_r(f['partner'])} | {_r(f['outside_geocoder'])} "
            f"| {_f(succ['precision'])} / {_f(succ['recall'])} ({looks}) "
            f"| {_f(second['precision'])} / {_f(second['recall'])} "
            f"| {f['requests_per_debtor_total']:.2f} | {req['company_register']:.2f} "
            f"| {req['legal_notices']:.2f} | {req['phone_directory']:.2f} | {f['cpu_seconds']:.1f} |")
    return "\n".join(lines)


def role_table(rows: dict[str, dict[str, Any]]) -> str:
    """Precision / recall / retrieved share of each role, a row per run."""
    head = "| run | " + " | ".join(f"{role} P / R / retrieved" for role in ROLES) + " |"
    lines = [head, "|" + "---|" * (len(ROLES) + 1)]
    for label, f in rows.items():
        cells = [f"{_f(r['precision'])} / {_f(r['recall'])} / {_f(r['retrieved_share'])}"
                 for r in (f["roles"][role] for role in ROLES)]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def requests_table(rows: dict[str, dict[str, Any]]) -> str:
    """Requests per debtor per source, a row per run."""
    head = "| run | " + " | ".join(SOURCES) + " | all |"
    lines = [head, "|" + "---|" * (len(SOURCES) + 2)]
    for label, f in rows.items():
        req = f["requests_per_debtor"]
        lines.append(f"| {label} | " + " | ".join(f"{req[s]:.2f}" for s in SOURCES)
                     + f" | {f['requests_per_debtor_total']:.2f} |")
    return "\n".join(lines)


def classes_table(rows: dict[str, dict[str, Any]]) -> str:
    """Why the manager and partner links were missed (``benchmarks/pivot_misses.py`` classes),
    "manager / partner" a column per run; every class of any run, the most missed first; "–"
    for a run without its misses file."""
    total: dict[str, int] = {}
    for f in rows.values():
        for kind, roles in (f.get("missed_by_class") or {}).items():
            total[kind] = total.get(kind, 0) + sum(roles.values())
    head = "| class (source, why) | " + " | ".join(rows) + " |"
    lines = [head, "|" + "---|" * (len(rows) + 1)]
    for kind in sorted(total, key=lambda k: (-total[k], k)):
        cells = []
        for f in rows.values():
            if "missed_by_class" not in f:
                cells.append("–")
                continue
            roles = f["missed_by_class"].get(kind, {})
            cells.append(f"{roles.get('manager', 0)} / {roles.get('partner', 0)}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ceiling_table(rows: dict[str, dict[str, Any]]) -> str:
    """Manager and partner: links, links with no route, the ceiling and the recall, a row per
    run with its misses file."""
    head = ("| run | manager links / no route | manager ceiling / recall | partner links / no "
            "route | partner ceiling / recall |")
    lines = [head, "|" + "---|" * 5]
    for label, f in rows.items():
        if "ceiling" not in f:
            continue
        cells = []
        for role in ("manager", "partner"):
            c = f["ceiling"][role]
            cells += [f"{c['links']} / {c['no_route']}", f"{_f(c['ceiling'])} / {_f(c['recall'])}"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _r(pr: dict[str, Any]) -> str:
    return f"{_f(pr['recall'])} / {_f(pr['precision'])}"


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", help="LABEL=RUN")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = {}
    for item in args.runs:
        label, _, run = item.partition("=")
        rows[label] = figures(Path(run))
    print(table(rows))
    print()
    print(role_table(rows))
    print()
    print(requests_table(rows))
    print()
    print(classes_table(rows))
    print()
    print(ceiling_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
