"""skiptrace/store/sqlite_lib.py: a process that opens a store, a batch worker or the CLI, does
not load pandas through sqlite-utils (~36 MB resident and ~1 s of start-up each), and pandas is
still there for whoever imports it afterwards.

pandas is installed only with some extras, so the interpreters these tests start find a stand-in
``pandas`` first on their path: the same import sqlite-utils would make, whatever is installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STAND_IN = '''"""A stand-in for pandas: what a test reads to know it was imported."""
IMPORTED = True


class Timestamp:
    """What sqlite-utils maps to TEXT."""


def DataFrame(columns):
    return columns
'''


@pytest.fixture
def path_with_pandas(tmp_path: Path) -> str:
    """PYTHONPATH that puts a stand-in pandas before any installed one."""
    (tmp_path / "pandas").mkdir()
    (tmp_path / "pandas" / "__init__.py").write_text(STAND_IN, encoding="utf-8")
    return os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)


def _fresh(code: str, pythonpath: str) -> dict[str, object]:
    """What ``code`` prints as JSON, run in a fresh interpreter (the import state of this one is
    the test run's: pandas may well be loaded already)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False, env=dict(os.environ, PYTHONPATH=pythonpath))
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_stand_in_is_what_sqlite_utils_would_import(path_with_pandas: str) -> None:
    """Without the guard, sqlite-utils imports the stand-in: the other tests measure something."""
    seen = _fresh("import json, sys, sqlite_utils.db\n"
                  "print(json.dumps({'pd': getattr(sqlite_utils.db.pd, 'IMPORTED', False)}))\n",
                  path_with_pandas)
    assert seen == {"pd": True}


def test_a_batch_worker_and_the_cli_open_stores_without_pandas(path_with_pandas: str) -> None:
    seen = _fresh(
        "import json, sys\n"
        "import skiptrace.cli, skiptrace.pipeline.workerproc, skiptrace.pipeline.enrich\n"
        "from skiptrace.store import Store\n"
        "store = Store.open(':memory:')\n"
        "import sqlite_utils.db\n"
        "print(json.dumps({'pandas': 'pandas' in sys.modules,\n"
        "                  'pd': sqlite_utils.db.pd is not None}))\n", path_with_pandas)
    assert seen == {"pandas": False, "pd": False}


def test_pandas_stays_importable_after_the_store(path_with_pandas: str) -> None:
    seen = _fresh(
        "import json, skiptrace.store\n"
        "import pandas\n"
        "print(json.dumps({'imported': pandas.IMPORTED, 'frame': pandas.DataFrame([1, 2])}))\n",
        path_with_pandas)
    assert seen == {"imported": True, "frame": [1, 2]}


def test_where_pandas_was_loaded_first_the_store_still_opens(path_with_pandas: str) -> None:
    seen = _fresh(
        "import json, sys, pandas\n"
        "from skiptrace.store import Store\n"
        "store = Store.open(':memory:')\n"
        "import sqlite_utils.db\n"
        "print(json.dumps({'pd': sqlite_utils.db.pd is pandas}))\n", path_with_pandas)
    assert seen == {"pd": True}
