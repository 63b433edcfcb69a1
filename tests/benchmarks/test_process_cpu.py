"""benchmarks/process_cpu.py counts each process's CPU apart (issue 17, session 23)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.scripts import ROOT, benchmark_script

# a child named like a crawl child: burns CPU, says so, then waits for a line on stdin
_BURN = ("import sys, time\n"
         "while time.process_time() < 0.8: pass\n"
         "print('burnt', flush=True); sys.stdin.readline()\n")


def test_a_crawl_childs_cpu_is_counted_under_its_sources(tmp_path: Path) -> None:
    out = tmp_path / "cpu.json"
    watcher = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "process_cpu.py"),
                                str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert watcher.stdout is not None and watcher.stdout.readline().strip() == "ready"
        child = subprocess.Popen([sys.executable, "-c", _BURN, "spiders.crawl", "--sources",
                                  "legal_notices"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "burnt"
        watcher.send_signal(signal.SIGTERM)  # its last reading while the child still runs
        assert watcher.wait(timeout=30) == 0
        child.communicate("\n", timeout=30)
    finally:
        watcher.kill()
    totals = json.loads(out.read_text("utf-8"))
    assert totals["crawl:legal_notices"] >= 0.7
    assert all(value >= 0.1 for value in totals.values())


def test_each_kind_of_process_is_named() -> None:
    kind = benchmark_script("process_cpu").kind
    assert kind("python -m skiptrace sandbox serve --world w") == "sandbox"
    assert kind("python -m spiders.crawl --sources company_register,phone_directory --options {}") \
        == "crawl:company_register,phone_directory"
    assert kind("python -m skiptrace --lang en enrich first1k.csv --db s.db") == "enrich"
    assert kind("bash run.sh").startswith("other:")
