"""benchmarks/worker_memory.py run as a script: its own folder comes first on sys.path, and a
benchmark named like a package there (benchmarks/spiders.py, now web_crawl.py) shadowed the
`spiders` package that the enricher imports (the bug it had)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .scripts import ROOT


def test_run_as_a_script_it_imports_the_spiders_package_not_the_benchmark(tmp_path: Path) -> None:
    world = tmp_path / "world"
    world.mkdir()
    (world / "portfolio.csv").write_text("id_debiteur;type;raison_sociale\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "worker_memory.py"), str(tmp_path / "absent"),
         str(world), "1", "--order", "locality"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False)
    # the enricher's imports all ran: it stops at the prepared store that is not there
    assert "ModuleNotFoundError" not in done.stderr, done.stderr[-2000:]
    assert done.returncode != 0
    assert "absent" in done.stderr
