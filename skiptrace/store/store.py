"""The :class:`Store` façade: the one object the rest of skiptrace uses to persist anything.

Every public write is atomic on its own, and ``with store.atomic():`` groups several into one
transaction (inner calls become savepoints).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlite_utils

from skiptrace.model import Debtor, Record
from skiptrace.paths import default_db_path
from skiptrace.store import audit as audit_log
from skiptrace.store import debtors, jobs, records
from skiptrace.store.database import Transactions, open_database
from skiptrace.store.migrations import migrate, schema_version
from skiptrace.store.records import IdentifierQuery

log = logging.getLogger(__name__)


class Store:
    """Debtors, records, matches, profiles, jobs and the audit log in one SQLite file."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self._tx = Transactions(db.conn)
        migrate(db.conn)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Store:
        """Open (create and migrate if needed) the store at ``path`` or the default location."""
        if str(path) == ":memory:":
            return cls(open_database(":memory:"))
        where = Path(path) if path is not None else default_db_path()
        return cls(open_database(where), where)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def atomic(self) -> AbstractContextManager[None]:
        """One transaction around everything inside; nothing of it persists if it raises."""
        return self._tx.atomic()

    @property
    def schema_version(self) -> int:
        return schema_version(self.db.conn)

    # debtors
    def upsert_debtors(self, items: Iterable[Debtor]) -> int:
        with self.atomic():
            return debtors.upsert_debtors(self.db.conn, items)

    def get_debtor(self, debtor_id: str) -> Debtor | None:
        return debtors.get_debtor(self.db.conn, debtor_id)

    def iter_debtors(self) -> Iterator[Debtor]:
        return debtors.iter_debtors(self.db.conn)

    def count_debtors(self) -> int:
        return debtors.count_debtors(self.db.conn)

    def search_debtors(self, text: str, limit: int = 20) -> list[Debtor]:
        return debtors.search_debtors(self.db.conn, text, limit)

    # records
    def save_records(self, items: Iterable[Record]) -> int:
        with self.atomic():
            return records.save_records(self.db.conn, items)

    def get_record(self, key: str) -> Record | None:
        return records.get_record(self.db.conn, key)

    def record_seen(self, key: str) -> tuple[str, str] | None:
        return records.record_seen(self.db.conn, key)

    def count_records(self, source: str | None = None) -> int:
        return records.count_records(self.db.conn, source)

    def iter_records(self, source: str | None = None) -> Iterator[Record]:
        return records.iter_records(self.db.conn, source)

    def find_records(
        self, source: str, *, names: Sequence[str] = (),
        identifiers: Iterable[IdentifierQuery] = (), city: str | None = None, limit: int = 50,
    ) -> list[Record]:
        return records.find_records(
            self.db.conn, source, names=names, identifiers=identifiers, city=city, limit=limit
        )

    # jobs, checkpoints, profiles, matches
    def start_job(self, job_id: str, portfolio: str | None, params: dict[str, Any]) -> bool:
        with self.atomic():
            return jobs.start_job(self.db.conn, job_id, portfolio, params)

    def get_job(self, job_id: str) -> dict[str, Any] | None:
        return jobs.get_job(self.db.conn, job_id)

    def done_debtors(self, job_id: str) -> set[str]:
        return jobs.done_debtors(self.db.conn, job_id)

    def item_statuses(self, job_id: str) -> dict[str, str]:
        return jobs.item_statuses(self.db.conn, job_id)

    def checkpoint(
        self, job_id: str, debtor_id: str, status: str, profile: dict[str, Any],
        matches: list[dict[str, Any]], audit: dict[str, str] | None = None,
    ) -> None:
        """Profile, matches, the job item and (given ``audit={"operator", "purpose"}``) an audit
        entry of one debtor, all or nothing."""
        conn = self.db.conn
        with self.atomic():
            jobs.save_profile(conn, debtor_id, profile)
            jobs.replace_matches(conn, debtor_id, matches)
            jobs.mark_done(conn, job_id, debtor_id, status)
            if audit is not None:
                details = {"job_id": job_id, "status": status, "matches": len(matches)}
                audit_log.append(
                    conn, audit["operator"], audit["purpose"], "enrich", debtor_id, None, details
                )

    def finish_job(self, job_id: str, status: str = "done") -> None:
        with self.atomic():
            jobs.finish_job(self.db.conn, job_id, status)

    def get_profile(self, debtor_id: str) -> dict[str, Any] | None:
        return jobs.get_profile(self.db.conn, debtor_id)

    def get_matches(self, debtor_id: str) -> list[dict[str, Any]]:
        return jobs.get_matches(self.db.conn, debtor_id)

    # audit and erasure
    def audit(
        self, operator: str, purpose: str, action: str, debtor_id: str | None = None,
        target: str | None = None, details: dict[str, Any] | None = None,
    ) -> int:
        with self.atomic():
            return audit_log.append(
                self.db.conn, operator, purpose, action, debtor_id, target, details
            )

    def audit_entries(
        self, limit: int | None = None, debtor_id: str | None = None
    ) -> list[dict[str, Any]]:
        return audit_log.entries(self.db.conn, limit, debtor_id)

    def forget(self, debtor_id: str, operator: str, purpose: str) -> dict[str, int]:
        """Erase what the store holds about one debtor (law 09-08 right to erasure, end of
        mandate): the debtor row and its name index, matches, profile and job items. Source
        records stay (they are the sources' data, not this debtor's file). Audited."""
        conn = self.db.conn
        with self.atomic():
            erased = {
                "debtors": debtors.delete_debtor(conn, debtor_id),
                "matches": conn.execute(
                    "DELETE FROM matches WHERE debtor_id = ?", (debtor_id,)).rowcount,
                "profiles": conn.execute(
                    "DELETE FROM profiles WHERE debtor_id = ?", (debtor_id,)).rowcount,
                "job_items": conn.execute(
                    "DELETE FROM job_items WHERE debtor_id = ?", (debtor_id,)).rowcount,
            }
            audit_log.append(conn, operator, purpose, "forget", debtor_id, details=erased)
        log.info("forgot debtor %s: %s", debtor_id, erased)
        return erased


__all__ = ["Store"]
