"""The code's types hold, and its checks survive ``python -O``.

mypy runs as `make lint` runs it: with no arguments, so pyproject.toml's ``[tool.mypy]`` decides
what is checked and how strictly (matching/ and skiptrace/profile/ strict). Its cache
(.mypy_cache) makes a run after a small change take seconds; a cold run takes longer.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# packages whose runtime checks are explicit exceptions: an ``assert`` vanishes under -O
NO_ASSERTS = ("skiptrace", "spiders", "matching")


def test_mypy_passes_on_the_configured_files() -> None:
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.fail(f"mypy is not installed next to {sys.executable}: pip install -e '.[test]'")
    done = subprocess.run([str(mypy)], cwd=REPO, capture_output=True, text=True, timeout=600)
    code, output = done.returncode, done.stdout + done.stderr
    assert code == 0, f"mypy failed:\n{output}"


def runtime_asserts(package: str) -> list[str]:
    found = []
    for path in sorted((REPO / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{path.relative_to(REPO)}:{node.lineno}"
                  for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    return found


@pytest.mark.parametrize("package", NO_ASSERTS)
def test_no_runtime_asserts(package: str) -> None:
    """Raise a fitting exception (skiptrace.errors, or ValueError/TypeError/RuntimeError for a
    programming error) instead; where an assert only narrows a type, make the narrowing real."""
    assert runtime_asserts(package) == []
