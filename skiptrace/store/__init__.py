"""The SQLite store: ``Store.open(path)`` is the way in; table names stay inside this package."""

from __future__ import annotations

from skiptrace.store.migrations import CURRENT_VERSION
from skiptrace.store.store import Store

__all__ = ["CURRENT_VERSION", "Store"]
