"""The SQLite store: ``Store.open(path)`` is the way in; table names stay inside this package."""

from __future__ import annotations

from skiptrace.store.audit import append_chain_head
from skiptrace.store.erase import Erasure, UnknownDebtor
from skiptrace.store.locks import WRITER_LOCK, StoreBusy, output_lock_name
from skiptrace.store.migrations import CURRENT_VERSION
from skiptrace.store.store import Store

__all__ = [
    "CURRENT_VERSION",
    "WRITER_LOCK",
    "Erasure",
    "Store",
    "StoreBusy",
    "UnknownDebtor",
    "append_chain_head",
    "output_lock_name",
]
