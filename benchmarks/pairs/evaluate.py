"""Score the labelled pairs of issue 14 with the project's matcher and report per category.

Every pair of ``pairs.jsonl`` (made by ``generate.py``, which knows nothing of the matcher) is
scored with ``matching.score(Description(**a), Description(**b))`` and the default model. The
report gives, overall and per category: the count, ROC AUC (all pairs, and name-decidable pairs
only), the share accepted at the link threshold 0.5 (recall for positive categories, false-accept
rate for negative ones), the same share among pairs whose city and birth year agree, the mean
probability, and the comparison levels the matcher chose for the name.

    .venv/bin/python benchmarks/pairs/evaluate.py                       # all pairs → results/
    .venv/bin/python benchmarks/pairs/evaluate.py --sample 200 --json /tmp/p.json --md /tmp/p.md

Birth dates: a full ISO date becomes a ``datetime.date``; a partial one ("1975", "1975-03") is
passed as the string the record wrote, so that the matcher decides what it can read of it
(today's ``date_key`` reads no eight digits and treats it as missing). The figures are one
deterministic run (the matcher has no randomness): a quality benchmark, not a timing one.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shlex
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from matching import Description, score

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAIRS = HERE / "pairs.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
THRESHOLD = 0.5
FIELDS = set(Description.__dataclass_fields__)


def description(fields: dict[str, Any]) -> Description:
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"not fields of matching.Description: {sorted(unknown)}")
    values = dict(fields)
    birth = values.get("birth_date")
    if isinstance(birth, str) and len(birth) == 10:
        values["birth_date"] = date.fromisoformat(birth)
    if "phones" in values:
        values["phones"] = tuple(values["phones"])
    if "invalid" in values:
        values["invalid"] = frozenset(values["invalid"])
    return Description(**values)


def auc(probs: list[float], labels: list[int]) -> float | None:
    """ROC AUC by the rank formula (Mann-Whitney U), ties given their average rank."""
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return None
    order = sorted(range(len(probs)), key=probs.__getitem__)
    ranks = [0.0] * len(probs)
    k = 0
    while k < len(order):
        j = k
        while j + 1 < len(order) and probs[order[j + 1]] == probs[order[k]]:
            j += 1
        for m in range(k, j + 1):
            ranks[order[m]] = (k + j) / 2 + 1
        k = j + 1
    pos_rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (pos_rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def load(path: Path, sample: int | None) -> list[dict[str, Any]]:
    pairs = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if not sample or sample >= len(pairs):
        return pairs
    by_cat: dict[str, list[dict[str, Any]]] = {}
    for p in pairs:
        by_cat.setdefault(p["category"], []).append(p)
    per = max(1, sample // len(by_cat))
    rnd = random.Random(0)
    return [p for cat in by_cat.values() for p in rnd.sample(cat, min(per, len(cat)))]


def scored(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for p in pairs:
        result = score(description(p["a"]), description(p["b"]))
        levels = {f.field: f.level for f in result.fields}
        out.append({**p, "probability": float(result.probability), "levels": levels})
    return out


def _share(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    probs = [r["probability"] for r in rows]
    labels = [r["label"] for r in rows]
    decidable = [r for r in rows if r["name_decidable"]]
    positives = [r["probability"] for r in rows if r["label"] == 1]
    negatives = [r["probability"] for r in rows if r["label"] == 0]
    categories = []
    for cat in dict.fromkeys(r["category"] for r in rows):
        mine = [r for r in rows if r["category"] == cat]
        label = mine[0]["label"]
        p = [r["probability"] for r in mine]
        other = [r["probability"] for r in rows if r["label"] != label]
        agree = [r["probability"] for r in mine if {"city", "birth_year"} <= set(r["agree"])]
        name_field = "company" if mine[0]["a"].get("kind") == "company" else "name"
        categories.append({
            "category": cat,
            "label": label,
            "name_decidable": mine[0]["name_decidable"],
            "n": len(mine),
            "accepted": _share([x >= THRESHOLD for x in p]),
            "accepted_city_birth_year_agree": _share([x >= THRESHOLD for x in agree]),
            "n_city_birth_year_agree": len(agree),
            "mean_probability": statistics.fmean(p),
            "median_probability": statistics.median(p),
            # this category's pairs ranked against every pair of the other label
            "auc_vs_other_label": auc(p + other, [label] * len(p) + [1 - label] * len(other)),
            "name_levels": dict(Counter(r["levels"].get(name_field, "null") for r in mine).most_common()),
        })
    return {
        "n": len(rows),
        "n_positive": len(positives),
        "n_negative": len(negatives),
        "n_name_decidable": len(decidable),
        "auc": auc(probs, labels),
        "auc_name_decidable": auc([r["probability"] for r in decidable], [r["label"] for r in decidable]),
        "recall_at_threshold": _share([x >= THRESHOLD for x in positives]),
        "false_accept_at_threshold": _share([x >= THRESHOLD for x in negatives]),
        "categories": categories,
    }


def worst(summary: dict[str, Any], k: int = 5) -> list[dict[str, Any]]:
    """The categories with the largest error at the threshold: 1 - recall for positive ones,
    the false-accept rate for negative ones."""
    def error(c: dict[str, Any]) -> float:
        return 1 - c["accepted"] if c["label"] == 1 else c["accepted"]
    return sorted(summary["categories"], key=error, reverse=True)[:k]


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def markdown(summary: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        "# Labelled pairs of issue 14, scored by `matching.score`",
        "",
        f"- command: `{meta['command']}`",
        f"- commit: `{meta['commit']}`{' (matching/ has uncommitted changes)' if meta['matching_dirty'] else ''}",
        f"- pairs: `{meta['pairs_file']}` ({summary['n']} pairs: {summary['n_positive']} positive, "
        f"{summary['n_negative']} negative, {summary['n_name_decidable']} name-decidable)",
        f"- run: {meta['date']}, Python {meta['python']}, {meta['seconds']:.1f} s",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| ROC AUC, all pairs | {_pct(summary['auc'])} |",
        f"| ROC AUC, name-decidable pairs | {_pct(summary['auc_name_decidable'])} |",
        f"| positives accepted at {THRESHOLD} (recall) | {_pct(summary['recall_at_threshold'])} |",
        f"| negatives accepted at {THRESHOLD} (false accepts) | {_pct(summary['false_accept_at_threshold'])} |",
        "",
        f"Accepted = P ≥ {THRESHOLD}. For a positive category it is the recall, for a negative one the "
        "false-accept rate. \"City + birth year agree\" counts only the pairs where both records give "
        "the city and a birth date and these agree in city and year (n in brackets). AUC vs other "
        "label ranks the category's pairs against all pairs of the other label.",
        "",
        "| category | label | name-decidable | n | accepted at 0.5 | accepted, city + birth year agree (n) "
        "| mean P | AUC vs other label | name levels (most frequent) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for c in summary["categories"]:
        levels = ", ".join(f"{k} {v}" for k, v in list(c["name_levels"].items())[:3])
        agree = "—" if not c["n_city_birth_year_agree"] else \
            f"{_pct(c['accepted_city_birth_year_agree'])} ({c['n_city_birth_year_agree']})"
        lines.append(
            f"| {c['category']} | {c['label']} | {'yes' if c['name_decidable'] else 'no'} | {c['n']} "
            f"| {_pct(c['accepted'])} | {agree} | {c['mean_probability']:.3f} "
            f"| {_pct(c['auc_vs_other_label'])} | {levels} |")
    lines += ["", "Worst categories at the threshold (1 − recall for positives, false-accept rate for "
              "negatives):", ""]
    for c in worst(summary):
        err = 1 - c["accepted"] if c["label"] == 1 else c["accepted"]
        kind = "turned away" if c["label"] == 1 else "wrongly accepted"
        lines.append(f"1. {c['category']}: {err:.2f} {kind}")
    return "\n".join(lines) + "\n"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--sample", type=int, default=None,
                        help="score a stratified sample of about this many pairs (same share per category)")
    parser.add_argument("--json", type=Path, default=RESULTS / "pairs.json")
    parser.add_argument("--md", type=Path, default=RESULTS / "pairs.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pairs = load(args.pairs, args.sample)
    rows = scored(pairs)
    summary = summarise(rows)
    shown = [str(Path(sys.argv[0]).resolve().relative_to(ROOT)) if Path(sys.argv[0]).resolve().is_relative_to(ROOT)
             else sys.argv[0], *(sys.argv[1:] if argv is None else argv)]
    try:
        pairs_file = str(args.pairs.resolve().relative_to(ROOT))
    except ValueError:
        pairs_file = str(args.pairs)
    meta = {
        "command": "python " + shlex.join(shown),
        "commit": _git("rev-parse", "HEAD") or "unknown",
        "matching_dirty": bool(_git("status", "--porcelain", "--", "matching")),
        "pairs_file": pairs_file,
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "seconds": time.perf_counter() - started,
        "threshold": THRESHOLD,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"meta": meta, **summary}, indent=1, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    text = markdown(summary, meta)
    args.md.parent.mkdir(parents=True, exist_ok=True)
    args.md.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
