"""The :class:`Store` façade: the one object the rest of skiptrace uses to persist anything.

Every public write is atomic on its own, and ``with store.atomic():`` groups several into one
transaction (inner calls become savepoints).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from skiptrace.model import Debtor, Record
from skiptrace.paths import default_db_path
from skiptrace.store import audit as audit_log
from skiptrace.store import debtors, erase, jobs, locks, outputs, records
from skiptrace.store.database import Transactions, open_database
from skiptrace.store.dialect import is_postgres as on_postgres
from skiptrace.store.erase import Erasure, UnknownDebtor
from skiptrace.store.location import is_postgres, masked, postgres_url
from skiptrace.store.migrations import migrate, schema_version
from skiptrace.store.records import IdentifierQuery
from skiptrace.store.sqlite_lib import sqlite_utils

if TYPE_CHECKING:
    from skiptrace.store.postgres import PgDatabase

log = logging.getLogger(__name__)


class Store:
    """Debtors, records, matches, profiles, jobs and the audit log in one SQLite file, or in a
    PostgreSQL database (``postgresql://`` URL, issue 21): the same interface on both."""

    def __init__(self, db: sqlite_utils.Database | PgDatabase, path: Path | None = None,
                 location: str | None = None) -> None:
        self.db = db
        self.path = path  # the SQLite file; None in memory and on PostgreSQL
        #: what opens this store again (a file path or a URL, which never holds a password):
        #: pass it unchanged to another process
        self.location = location or (str(path) if path is not None else ":memory:")
        self._tx = Transactions(db.conn)
        migrate(db.conn)

    @classmethod
    def open(cls, location: str | Path | None = None) -> Store:
        """Open (create and migrate if needed) the store at ``location``: a SQLite file path, a
        ``postgresql://`` URL (docs/store.md, "PostgreSQL"), ``:memory:``, or None for the
        default file."""
        if str(location) == ":memory:":
            return cls(open_database(":memory:"))
        if is_postgres(location):
            from skiptrace.store.postgres import connect  # psycopg only for PostgreSQL stores

            url = postgres_url(str(location))
            return cls(connect(url), None, url)
        where = Path(location) if location is not None else default_db_path()
        return cls(open_database(where), where)

    @property
    def engine(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "postgresql" if on_postgres(self.db.conn) else "sqlite"

    def __repr__(self) -> str:
        return f"Store({masked(self.location)!r})"

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

    def debtors_with_identifier(self, scheme: str, value: str) -> list[Debtor]:
        return debtors.debtors_with_identifier(self.db.conn, scheme, value)

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

    def has_records(self, source: str) -> bool:
        return records.has_records(self.db.conn, source)

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
        profile_text: str | None = None,
    ) -> None:
        """Profile, matches, the job item and (given ``audit={"operator", "purpose"}``, with an
        optional ``"target"``: what the debtor was searched by) an audit entry of one debtor, all
        or nothing. ``profile_text``: the profile's JSON, when the caller serialised it already."""
        conn = self.db.conn
        with self.atomic():
            jobs.save_profile(conn, debtor_id, profile, profile_text)
            jobs.replace_matches(conn, debtor_id, matches)
            jobs.mark_done(conn, job_id, debtor_id, status)
            if audit is not None:
                details = {"job_id": job_id, "status": status, "matches": len(matches)}
                audit_log.append(
                    conn, audit["operator"], audit["purpose"], "enrich", debtor_id,
                    audit.get("target"), details,
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

    def audit_chain_head(self) -> dict[str, Any]:
        """The last audit row's id and hash (id 0 for an empty log): copy it outside the store
        with :func:`skiptrace.store.audit.append_chain_head`."""
        return audit_log.head(self.db.conn)

    def verify_audit(self, against: str | os.PathLike[str] | None = None) -> dict[str, Any]:
        """Walk the audit hash chain (and compare it with a file of copied heads)."""
        with self.atomic():  # one consistent snapshot, no append in between
            if against is None:
                return audit_log.verify(self.db.conn)
            return audit_log.verify_against(self.db.conn, against)

    # files written with personal data
    def register_file(self, kind: str, path: str | os.PathLike[str], job_id: str | None = None,
                      debtor_id: str | None = None) -> None:
        """Remember a file the product wrote personal data into, so that ``forget`` reaches
        it (idempotent). ``kind``: see :data:`skiptrace.store.outputs.KINDS`; a single-debtor
        kind ("report", "profile_export") needs ``debtor_id``."""
        with self.atomic():
            outputs.register(self.db.conn, kind, path, job_id, debtor_id)

    def registered_files(self) -> list[dict[str, Any]]:
        return outputs.registered(self.db.conn)

    # locks
    @contextmanager
    def acquire_lock(self, name: str, job_id: str | None = None) -> Iterator[None]:
        """Hold the lock ``name`` (``locks.WRITER_LOCK`` for the store, ``locks.output_lock_name
        (path)`` for an output file) for the ``with`` block; raises ``locks.StoreBusy`` naming
        the holder. A lock left by a dead process of this host is taken over."""
        # the transaction lock first: another thread's transaction on this connection (the HTTP
        # service shares one between requests and its batch) is waited for, not mistaken for
        # one of this thread's
        with self._tx.lock:
            if self._tx.depth:
                raise RuntimeError("take locks outside transactions: others must see the row")
            with self.atomic():
                token = locks.take(self.db.conn, name, job_id)
        try:
            yield
        finally:
            with self.atomic():
                locks.release(self.db.conn, name, token)

    def lock_holder(self, name: str) -> locks.Holder | None:
        return locks.holder(self.db.conn, name)

    def break_lock(self, name: str) -> locks.Holder | None:
        with self.atomic():
            return locks.break_lock(self.db.conn, name)

    # erasure
    def forget(self, debtor_id: str, operator: str, purpose: str, *, vacuum: bool = False
               ) -> Erasure:
        """Erase a debtor everywhere the product wrote them (law 09-08 right to erasure, end of
        mandate): store rows, name index, matches (theirs and others' that name them), profile,
        checkpoints, lookup copies of the same person, registered reports and output lines;
        then the WAL is checkpointed and truncated. Source records stay. Audited without
        identifiers. Raises :class:`UnknownDebtor` when nothing is stored under that id."""
        _check_who(operator, purpose)
        conn = self.db.conn
        with self.acquire_lock(locks.WRITER_LOCK, "forget"), self.atomic():
            if not erase.known_ids(conn, debtor_id):
                raise UnknownDebtor(f"no debtor {debtor_id} in the store: nothing to forget")
            found, bare = erase.debtors_for(conn, [debtor_id])
            result = erase.erase(conn, found, bare)
            copies = [i for i in result.debtor_ids if i != debtor_id]
            details = {**result.counts, "lookup_copies": len(copies)}
            audit_log.append(conn, operator, purpose, "forget", debtor_id, details=details)
            for copy in copies:
                audit_log.append(conn, operator, purpose, "forget", copy,
                                 details={"copy_of": debtor_id})
        self._after_erasure(result, vacuum)
        log.info("forgot debtor %s: %s", debtor_id, result.counts)
        return result

    def purge(self, operator: str, purpose: str, *, before: datetime | None = None,
              job_id: str | None = None, dry_run: bool = False, vacuum: bool = False
              ) -> Erasure:
        """Forget every debtor whose last activity is older than ``before`` (and/or who was
        checkpointed in ``job_id``), with forget's guarantees: one audit row per debtor and
        one for the purge. ``dry_run``: only say who would go."""
        if before is None and job_id is None:
            raise ValueError("purge needs a date (before) or a job")
        conn = self.db.conn
        if dry_run:
            found, bare = erase.debtors_for(conn, erase.inactive_ids(conn, before, job_id))
            return Erasure(debtor_ids=sorted({d.debtor_id for d in found} | bare))
        _check_who(operator, purpose)
        with self.acquire_lock(locks.WRITER_LOCK, "purge"), self.atomic():
            found, bare = erase.debtors_for(conn, erase.inactive_ids(conn, before, job_id))
            result = erase.erase(conn, found, bare)
            for forgotten in result.debtor_ids:
                audit_log.append(conn, operator, purpose, "forget", forgotten,
                                 details={"purge": True})
            details = {**result.counts, "forgotten": len(result.debtor_ids),
                       "before": before.isoformat() if before else None, "job_id": job_id}
            audit_log.append(conn, operator, purpose, "purge", None, details=details)
        self._after_erasure(result, vacuum)
        log.info("purged %d debtors: %s", len(result.debtor_ids), result.counts)
        return result

    def _after_erasure(self, result: Erasure, vacuum: bool) -> None:
        if on_postgres(self.db.conn):
            # no secure_delete on PostgreSQL: the deleted rows stay in their pages as dead
            # tuples until VACUUM (docs/security.md, "Forget on PostgreSQL")
            result.wal_checkpoint = erase.vacuum_postgres(self.db.conn, full=vacuum)
            return
        if vacuum:
            self.vacuum()
        result.wal_checkpoint = self.truncate_wal()

    def truncate_wal(self) -> str:
        """Copy the WAL into the database and truncate it, so no old page version lingers there;
        'busy' when a reader still holds it (then the next checkpoint does it)."""
        if self.path is None:
            return "no wal"
        busy, _, _ = self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return "busy" if busy else "truncated"

    def vacuum(self) -> None:
        """Rebuild the database file: no free page or free cell keeps old bytes (also those
        deleted before secure_delete was on). Rewrites the whole file, needs as much free disk
        again, and holds the write lock meanwhile. On PostgreSQL: VACUUM FULL of the tables that
        hold data about people (erase.PERSON_TABLES)."""
        if on_postgres(self.db.conn):
            erase.vacuum_postgres(self.db.conn, full=True)
            return
        self.db.conn.execute("VACUUM")


def _check_who(operator: str, purpose: str) -> None:
    if not operator.strip() or not purpose.strip():
        raise ValueError("an erasure needs an operator and a purpose (it is audit-logged)")


__all__ = ["Store"]
