"""skiptrace/store/sqlite_lib.py: a process that opens a store, a batch worker or the CLI, does
not load pandas through sqlite-utils (~36 MB resident and ~1 s of start-up each), and pandas is
still there for whoever imports it afterwards."""

from __future__ import annotations

import json
import subprocess
import sys


def _fresh(code: str) -> dict[str, object]:
    """What ``code`` prints as JSON, run in a fresh interpreter (the import state of this one is
    the test run's: pandas may well be loaded already)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_batch_worker_and_the_cli_open_stores_without_pandas() -> None:
    seen = _fresh(
        "import json, sys\n"
        "import skiptrace.cli, skiptrace.pipeline.workerproc, skiptrace.pipeline.enrich\n"
        "from skiptrace.store import Store\n"
        "store = Store.open(':memory:')\n"
        "import sqlite_utils.db\n"
        "print(json.dumps({'pandas': 'pandas' in sys.modules,\n"
        "                  'pd': sqlite_utils.db.pd is not None}))\n")
    assert seen == {"pandas": False, "pd": False}


def test_pandas_stays_importable_after_the_store() -> None:
    seen = _fresh(
        "import json, skiptrace.store\n"
        "import pandas\n"
        "print(json.dumps({'frame': len(pandas.DataFrame({'a': [1, 2]}))}))\n")
    assert seen == {"frame": 2}


def test_where_pandas_was_loaded_first_the_store_still_opens() -> None:
    seen = _fresh(
        "import json, sys, pandas\n"
        "from skiptrace.store import Store\n"
        "store = Store.open(':memory:')\n"
        "import sqlite_utils.db\n"
        "print(json.dumps({'pd': sqlite_utils.db.pd is pandas}))\n")
    assert seen == {"pd": True}
