"""Every source a file of the repository cites can be followed by a reader of the repository.

Data files and docs cite their sources as a section of a document in the repository
(docs/reference/DOMAIN.md §6.3), a package and version, or a public reference: never as a path
outside the repository (the team's shared folder, a developer's machine), which no reader has
(issue 22).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# written in two pieces so that this file does not match itself
OUTSIDE = re.compile("/" + "work/|\\.\\./" + "shared")
# benchmark results record where a run was made (a working directory), they cite nothing
RECORDS = ("benchmarks/results/",)
TEXT = (".py", ".md", ".yml", ".yaml", ".json", ".toml", ".cfg", ".txt", ".po", ".pot", ".sql",
        ".html", ".sh", ".csv", ".ini", "Makefile")


def _tracked() -> list[str]:
    """Files of the repository: those git tracks (untracked work in progress is not yet in it)."""
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_the_repository_lists_its_files() -> None:
    files = _tracked()
    assert "matching/data/cities.yml" in files and "docs/reference/DOMAIN.md" in files


def test_no_file_cites_a_path_outside_the_repository() -> None:
    offending = []
    for name in _tracked():
        if name.startswith(RECORDS) or not name.endswith(TEXT):
            continue
        path = ROOT / name
        if not path.is_file():  # deleted in the working tree, not yet committed
            continue
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                offending.append(f"{name}:{number}: {line.strip()[:100]}")
    assert not offending, "\n".join(offending)


def test_the_pattern_finds_what_it_must() -> None:
    """The scan is not vacuous: both kinds of outside path are caught, an in-repo one is not."""
    assert OUTSIDE.search("Source: /" + "work/shared/DOMAIN.md §6.3")
    assert OUTSIDE.search("(../" + "shared/VALUATION.md §9)")
    assert not OUTSIDE.search("Source: docs/reference/DOMAIN.md §6.3")


def test_the_cited_reference_documents_are_in_the_repository() -> None:
    for name in ("DOMAIN", "VALUATION", "DESIGN"):
        text = (ROOT / "docs" / "reference" / f"{name}.md").read_text("utf-8")
        assert text.startswith("<!-- A copy of the team's shared"), name
    domain = (ROOT / "docs" / "reference" / "DOMAIN.md").read_text("utf-8")
    assert "### 6.4 Administrative divisions" in domain
