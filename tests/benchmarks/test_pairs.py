"""The labelled pair benchmark of issue 14 (benchmarks/pairs/): made without the matcher,
deterministic, complete, free of the issue's own examples, and scored by evaluate.py."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PAIRS_DIR = ROOT / "benchmarks" / "pairs"
GENERATOR = PAIRS_DIR / "generate.py"
EVALUATOR = PAIRS_DIR / "evaluate.py"
PAIRS = PAIRS_DIR / "pairs.jsonl"

# The categories issue 14 asks for and the label each must carry.
EXPECTED = {
    "spelling": 1, "nickname": 1, "dropped_given": 1, "initial": 1, "order_case": 1,
    "particles": 1, "compound": 1, "arabic": 1, "ocr": 1, "married": 1, "date_typo": 1,
    "year_only": 1, "company_legal_form": 1, "company_sigle": 1, "company_old_new": 1,
    "ice_leading_zeros": 1,
    "homonym_city": 0, "father_son": 0, "siblings": 0, "lookalike_given": 0,
    "decade_birth_year": 0, "family_companies": 0, "same_activity": 0, "phone_truncated": 0,
    "ice_missing_digit": 0,
}
# Only other fields than the names can decide these.
NOT_NAME_DECIDABLE = {"company_old_new", "homonym_city", "father_son", "decade_birth_year",
                      "phone_truncated", "ice_missing_digit"}
# The person names issue 14 quotes in its text ("the level of M'hamed/Mohamed"): the benchmark
# must use none of them, nor the matcher is judged on the issue's own examples.
ISSUE_14_NAMES = ("Mohamed", "M'hamed")


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines()]


def test_same_seed_gives_the_committed_bytes(tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    env = {**os.environ, "PYTHONHASHSEED": "123"}  # string hashing must not matter
    run = subprocess.run([sys.executable, str(GENERATOR), "--seed", "14", "--out", str(out)],
                         capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == PAIRS.read_bytes()


def test_another_seed_gives_other_pairs(tmp_path: Path) -> None:
    gen = _module(GENERATOR)
    assert gen.dumps(gen.generate(seed=15, per_category=5)) != gen.dumps(gen.generate(seed=14, per_category=5))


def test_every_category_has_its_label_and_enough_pairs(pairs: list[dict]) -> None:
    counts = Counter(p["category"] for p in pairs)
    assert set(counts) == set(EXPECTED)
    assert all(n >= 150 for n in counts.values()), counts
    for p in pairs:
        assert p["label"] == EXPECTED[p["category"]], p["id"]
        assert p["name_decidable"] is (p["category"] not in NOT_NAME_DECIDABLE), p["id"]
    assert len({p["id"] for p in pairs}) == len(pairs)


def test_pairs_carry_only_fields_of_a_description(pairs: list[dict]) -> None:
    from matching import Description

    fields = set(Description.__dataclass_fields__)
    for p in pairs:
        assert set(p) == {"id", "category", "label", "name_decidable", "variant", "agree", "a", "b"}
        for side in (p["a"], p["b"]):
            assert set(side) <= fields, p["id"]
            assert side["kind"] in ("person", "company") and side["name"].strip()


def test_the_generator_imports_neither_the_matcher_nor_the_service() -> None:
    tree = ast.parse(GENERATOR.read_text("utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            roots.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            assert name not in ("import_module", "__import__"), "no dynamic imports"
    assert not roots & {"matching", "skiptrace", "spiders"}
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    assert roots <= stdlib, f"not standard library: {roots - stdlib}"


def test_no_name_quoted_in_issue_14_appears(pairs: list[dict]) -> None:
    text = PAIRS.read_text("utf-8").casefold().replace("’", "'")
    for name in ISSUE_14_NAMES:
        assert name.casefold() not in text, name


def test_reference_lists_say_where_they_come_from_and_read_as_yaml() -> None:
    gen = _module(GENERATOR)
    files = sorted((PAIRS_DIR / "data").glob("*.yml"))
    assert files
    for path in files:
        lines = path.read_text("utf-8").splitlines()
        for k, line in enumerate(lines):
            if line and not line[0].isspace() and not line.startswith("#"):
                comments = []
                j = k - 1
                while j >= 0 and lines[j].startswith("#"):
                    comments.append(lines[j])
                    j -= 1
                said = " ".join(comments)
                assert "DOMAIN.md" in said or "assumption" in said, f"{path.name}: {line}"
        assert gen.load_lists(path) == yaml.safe_load(path.read_text("utf-8")), path.name


def test_reference_lists_are_consistent() -> None:
    gen = _module(GENERATOR)
    ref = gen.Reference()
    for x, y in ref.lookalikes:
        assert ref.arabic[x] != ref.arabic[y] and not ref.related(x, y)
    for head, group in ref.spellings.items():
        assert head in ref.arabic and group


def test_identifier_traps_are_what_they_say(pairs: list[dict]) -> None:
    gen = _module(GENERATOR)
    for p in pairs:
        if p["category"] == "ice_missing_digit":
            assert len(p["a"]["ice"]) == 14 and gen.ice_valid(p["b"]["ice"])
            assert any(p["b"]["ice"][:k] + p["b"]["ice"][k + 1:] == p["a"]["ice"] for k in range(15))
        if p["category"] == "ice_leading_zeros":
            ices = sorted((p["a"]["ice"], p["b"]["ice"]), key=len)
            assert ices[1].startswith("0") and ices[1].lstrip("0") == ices[0] and gen.ice_valid(ices[1])
        if p["category"] == "phone_truncated":
            nine = p["a"]["phones"][0]
            other = "".join(ch for ch in p["b"]["phones"][0] if ch.isdigit())
            assert len(nine) == 9 and len(other) == 10
            assert other.startswith(nine) or other == gen.legacy_reading(nine)


def test_the_evaluation_runs_on_a_sample(tmp_path: Path, pairs: list[dict]) -> None:
    out_json, out_md = tmp_path / "pairs.json", tmp_path / "pairs.md"
    run = subprocess.run([sys.executable, str(EVALUATOR), "--sample", "200", "--json", str(out_json),
                          "--md", str(out_md)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    report = json.loads(out_json.read_text("utf-8"))
    assert 150 <= report["n"] <= 200
    assert 0 <= report["auc"] <= 1 and 0 <= report["auc_name_decidable"] <= 1
    assert {c["category"] for c in report["categories"]} == set(EXPECTED)
    table = out_md.read_text("utf-8")
    for category in EXPECTED:
        assert f"| {category} |" in table
    assert report["meta"]["commit"] and "evaluate.py" in report["meta"]["command"]


def test_auc_by_ranks() -> None:
    ev = _module(EVALUATOR)
    assert ev.auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]) == 1.0
    assert ev.auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]) == 0.0
    assert ev.auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]) == 0.5
    assert ev.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert ev.auc([0.3], [1]) is None
