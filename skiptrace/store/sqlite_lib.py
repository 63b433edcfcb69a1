"""sqlite-utils, imported without pandas.

sqlite-utils imports pandas whenever it is installed, only to map ``pandas.Timestamp`` columns
to TEXT; skiptrace never hands it a pandas value. pandas comes with the ``bench`` extra (the
recordlinkage baseline) or with whatever else a deployment installs, and importing it costs
every process that opens a store ~36 MB resident and ~1 s of start-up (measured on a batch worker: 110 → 74 MB after its
imports, benchmarks/results/worker_memory.md): three processes in a two-worker batch, and each
CLI lookup's start. So pandas is hidden while sqlite-utils loads; it stays importable for anyone
who wants it afterwards.
"""

from __future__ import annotations

import sys

# this module's own import lock makes the swap below happen once; a thread importing pandas in
# the same instant would see it missing, and nothing of ours does at store start-up
if "sqlite_utils" in sys.modules or "pandas" in sys.modules:
    import sqlite_utils
else:
    sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" raises ImportError
    try:
        import sqlite_utils
    finally:
        if sys.modules.get("pandas", False) is None:
            del sys.modules["pandas"]

__all__ = ["sqlite_utils"]
