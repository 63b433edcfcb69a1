"""Opening the SQLite file privately, in WAL mode, with explicit transactions.

The file is created 0600 before SQLite touches it; SQLite gives its -wal, -shm and -journal files
the mode of the database file, and we tighten them again after the first access in case they
pre-existed with looser modes. The connection runs in autocommit mode (``isolation_level=None``)
so that :func:`atomic` alone decides where transactions begin and end.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from skiptrace.privacy import create_private, ensure_private, private_dir
from skiptrace.store.sqlite_lib import sqlite_utils

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
BUSY_TIMEOUT_MS = 30_000


def side_files(path: Path) -> list[Path]:
    """The WAL, shared-memory and rollback-journal files SQLite may keep beside ``path``."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating privately if needed) the store's database file."""
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    else:
        path = Path(path)
        if not path.parent.exists():
            private_dir(path.parent)
        create_private(path)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # deleted content is overwritten, not just unlinked
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # creates -wal/-shm now
        for side in side_files(Path(path)):
            ensure_private(side)
    return sqlite_utils.Database(conn)


class Transactions:
    """Nested transactions on one connection: the outermost is BEGIN IMMEDIATE, inner ones are
    savepoints, so a helper that writes atomically can be called inside a bigger batch.

    A lock keeps writers of other threads out of a transaction in progress (readers may run from
    worker threads; the connection is shared with ``check_same_thread=False``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.depth = 0
        self.lock = threading.RLock()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self.lock, self._transaction():
            yield

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        name = f"sp{self.depth}"
        if self.depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn.execute(f"SAVEPOINT {name}")
        self.depth += 1
        try:
            yield
        except BaseException:
            self.depth -= 1
            if self.depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        self.depth -= 1
        if self.depth == 0:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute(f"RELEASE {name}")


__all__ = ["Transactions", "open_database", "side_files"]
