"""Erasure: everything the product wrote about a person, in the store and in its files.

:func:`erase` takes a set of debtor ids (a forgotten debtor and its lookup copies, or a purge's
debtors) and removes, in the caller's transaction: their debtor rows (the FTS index follows by
trigger, then is optimized so that no index segment keeps their name tokens), profiles, matches
and checkpoints; other debtors' matches that name them by identifier or phone; what other
debtors' stored profiles say of them (scrubbed); the single-debtor files registered for them
(deleted); their lines and rows in registered JSON Lines and CSV files (rewritten); their
monitoring rows (watch entries, baseline, change events, webhook deliveries), and what other
debtors' baselines and events say of them (scrubbed). Source records are kept (docs/store.md
says why).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import phonenumbers

from matching.phones import normalize_phone
from skiptrace.errors import ConfigError
from skiptrace.intake.identifiers import court_key, lookup_value
from skiptrace.model import Debtor
from skiptrace.store import outputs
from skiptrace.store.debtors import get_debtor
from skiptrace.store.dialect import is_postgres

log = logging.getLogger(__name__)

ERASED = "[erased]"
LOOKUP_PREFIX = "lookup-"
TEXT_SCHEMES = ("cin", "ice", "if")  # an RC number is short and only unique within its court
#: monitoring's rows about a debtor (issue 20): watch entries, the baseline profile, change
#: events and their webhook deliveries (the delivery log names the debtor)
MONITORING_TABLES = ("watch_entries", "monitor_baselines", "webhook_deliveries", "change_events")
#: every table an erasure deletes from or rewrites, directly or by trigger: on PostgreSQL they
#: are vacuumed after it (no secure_delete there: docs/security.md)
PERSON_TABLES = ("debtors", "debtors_tokens", "debtor_identifiers", "debtor_agencies",
                 "idempotency", "judgements", "profiles", "matches", "job_items", "files",
                 *MONITORING_TABLES)
SCAN_BATCH = 500
_PHONE_GLUE = re.compile(r"(?<=\d)[\s.\-/()]+(?=\d)")


class UnknownDebtor(ConfigError):
    """Nothing is stored under that debtor id: nothing to forget."""


@dataclass
class Person:
    """What identifies the forgotten people in text: ids, identifiers, phones, e-mails."""

    ids: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    phones: set[tuple[int, str]] = field(default_factory=set)  # (country code, national number)
    emails: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = None

    def add(self, debtor: Debtor) -> None:
        self.ids.add(debtor.debtor_id)
        for ident in debtor.identifiers:
            if ident.scheme in TEXT_SCHEMES and len(ident.value.strip()) >= 5:
                self.identifiers |= {ident.value.strip(), lookup_value(ident.scheme, ident.value)}
        for phone in debtor.phones:
            e164 = normalize_phone(phone)
            number = phonenumbers.parse(e164) if e164 else None
            if number is not None and number.country_code is not None:  # always, from E.164
                self.phones.add((number.country_code, str(number.national_number)))
        self.emails |= {e.strip().lower() for e in debtor.emails if e.strip()}
        self._pattern = None

    def _regex(self) -> re.Pattern[str] | None:
        if self._pattern is None:
            parts = [rf"(?<![A-Za-z0-9]){re.escape(v)}(?![A-Za-z0-9])"
                     for v in sorted(self.identifiers)]
            parts += [rf"(?<!\d)(?:\+{cc}|00{cc}|{cc}|0)?{nsn}(?!\d)"
                      for cc, nsn in sorted(self.phones)]
            parts += [re.escape(e) for e in sorted(self.emails)]
            if parts:
                self._pattern = re.compile("|".join(parts), re.IGNORECASE)
        return self._pattern

    def mentions(self, text: str | None) -> bool:
        """Whether ``text`` carries one of their identifiers, phones (any spacing or prefix) or
        e-mails. Names are not enough: homonyms are many, and other people keep theirs."""
        pattern = self._regex()
        if not text or pattern is None:
            return False
        return pattern.search(_PHONE_GLUE.sub("", text)) is not None

    def names_id(self, text: str) -> bool:
        return any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text) for i in self.ids)


def scrub(value: Any, person: Person) -> Any:
    """``value`` without what mentions the person: list items dropped, strings replaced."""
    if isinstance(value, dict):
        return {k: scrub(v, person) for k, v in value.items() if not person.mentions(str(k))}
    if isinstance(value, list):
        return [scrub(v, person) for v in value
                if not person.mentions(json.dumps(v, ensure_ascii=False))]
    if isinstance(value, str) and person.mentions(value):
        return ERASED
    return value


def _same_identity(a: Debtor, b: Debtor) -> bool:
    """Linked by an identifier (CIN, ICE, IF; an RC within the same court) or a phone."""
    def keys(d: Debtor) -> set[tuple[str, str, str | None]]:
        return {(i.scheme, lookup_value(i.scheme, i.value),
                 court_key(i.tribunal) if i.scheme == "rc" else None)
                for i in d.identifiers if i.value.strip()}

    def phones(d: Debtor) -> set[str]:
        return {p for p in (normalize_phone(x) for x in d.phones) if p}

    return bool(keys(a) & keys(b) or phones(a) & phones(b))


def lookup_copies(conn: sqlite3.Connection, debtors: Iterable[Debtor]) -> list[Debtor]:
    """The ``lookup-…`` debtors that are the same person as one of ``debtors``."""
    wanted = list(debtors)
    taken = {d.debtor_id for d in wanted}
    rows = conn.execute(
        "SELECT json FROM debtors WHERE debtor_id LIKE ? ESCAPE '\\'",
        (LOOKUP_PREFIX.replace("_", "\\_") + "%",),
    ).fetchall()
    copies = []
    for (data,) in rows:
        copy = Debtor.from_dict(json.loads(data))
        if copy.debtor_id not in taken and any(_same_identity(copy, d) for d in wanted):
            copies.append(copy)
    return copies


@dataclass
class Erasure:
    """What an erasure removed: counts per kind, and each file touched with what was done."""

    debtor_ids: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[dict[str, str]] = field(default_factory=list)
    wal_checkpoint: str = ""

    def add(self, kind: str, n: int) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    def file(self, path: str, action: str) -> None:
        self.files.append({"path": path, "action": action})
        self.add(f"files_{action}", 1)

    def to_dict(self) -> dict[str, Any]:
        return {"debtor_ids": self.debtor_ids, "counts": self.counts, "files": self.files,
                "wal_checkpoint": self.wal_checkpoint}


def _ids_json(ids: Iterable[str]) -> str:
    return json.dumps(sorted(ids))


_IN_IDS = "debtor_id IN (SELECT value FROM json_each(?))"


def _erase_rows(conn: sqlite3.Connection, person: Person, result: Erasure) -> set[str]:
    """Store rows; returns the other debtors whose stored data mentioned the person."""
    ids = _ids_json(person.ids)
    for table in ("judgements", "debtors", "profiles", "matches", "job_items"):
        result.add(table, conn.execute(f"DELETE FROM {table} WHERE {_IN_IDS}", (ids,)).rowcount)
    for table in MONITORING_TABLES:  # counted when there were any (most debtors are not watched)
        if erased := conn.execute(f"DELETE FROM {table} WHERE {_IN_IDS}", (ids,)).rowcount:
            result.add(table, erased)
    others: set[str] = set()
    rows = _mentioning(conn, "matches", "id", "json", person)
    conn.executemany("DELETE FROM matches WHERE id = ?", [(r[0],) for r in rows])
    result.add("matches_of_others", len(rows))
    others |= {r[1] for r in rows}
    rows = _mentioning(conn, "profiles", "debtor_id", "json", person)
    for debtor_id, _, data in rows:
        cleaned = json.dumps(scrub(json.loads(data), person), ensure_ascii=False)
        conn.execute("UPDATE profiles SET json = ? WHERE debtor_id = ?", (cleaned, debtor_id))
    result.add("profiles_scrubbed", len(rows))
    others |= {r[0] for r in rows}
    others |= _scrub_monitoring(conn, person, result)
    if not is_postgres(conn):
        # the external-content FTS keeps deleted tokens in its segments until they are merged
        conn.execute("INSERT INTO debtors_fts(debtors_fts) VALUES ('optimize')")
    return others


def _mentioning(conn: sqlite3.Connection, table: str, key: str, column: str, person: Person
                ) -> list[tuple[Any, str, str]]:
    """(key, debtor_id, column) of the rows of ``table`` whose ``column`` mentions the person,
    read in batches of the key (the test is Python's, on both engines: bounded memory)."""
    found: list[tuple[Any, str, str]] = []
    last: Any = "" if key == "debtor_id" else 0
    sql = (f"SELECT {key}, debtor_id, {column} FROM {table} WHERE {key} > ?"
           f" ORDER BY {key} LIMIT {SCAN_BATCH}")
    while rows := conn.execute(sql, (last,)).fetchall():
        found += [(k, d, text) for k, d, text in rows if person.mentions(text)]
        last = rows[-1][0]
    return found


def vacuum_postgres(conn: sqlite3.Connection, *, full: bool) -> str:
    """VACUUM (FULL when asked) the tables an erasure touches, after its commit: their dead
    tuples (the erased rows' old versions) are removed from pages and indexes; FULL rewrites the
    tables into new files. What stays (WAL, backups, replicas): docs/security.md."""
    if conn.in_transaction:  # VACUUM cannot run in a transaction: the caller's outer one
        return "busy"
    conn.execute(f"VACUUM {'FULL ' if full else ''}{', '.join(PERSON_TABLES)}")
    return "vacuumed full" if full else "vacuumed"


def _scrub_monitoring(conn: sqlite3.Connection, person: Person, result: Erasure) -> set[str]:
    """Other debtors' monitoring baselines and change events that mention the person (a
    successor's manager, a co-owner's phone): scrubbed like their profiles."""
    others: set[str] = set()
    for table, key, column in (("monitor_baselines", "debtor_id", "profile"),
                               ("change_events", "id", "evidence")):
        rows = _mentioning(conn, table, key, column, person)
        for row_key, debtor_id, data in rows:
            cleaned = json.dumps(scrub(json.loads(data), person), ensure_ascii=False,
                                 sort_keys=True)
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (cleaned, row_key))
            others.add(debtor_id)
        if rows:
            result.add(f"{table}_scrubbed", len(rows))
    return others


def _jsonl_line(person: Person) -> Any:
    def keep(line: str) -> str | None:
        try:
            data = json.loads(line)
            debtor_id = str(data["debtor_id"])
        except (ValueError, KeyError, TypeError):
            return None if person.mentions(line) or person.names_id(line) else line
        if debtor_id in person.ids:
            return None
        if not person.mentions(line):
            return line
        cleaned = json.dumps(scrub(data, person), ensure_ascii=False, sort_keys=True,
                             separators=(",", ":"))
        return cleaned + "\n" if line.endswith("\n") else cleaned
    return keep


def _csv_row(person: Person) -> Any:
    def drop(row: list[str]) -> bool:
        return any(cell in person.ids or person.names_id(cell) or person.mentions(cell)
                   for cell in row)
    return drop


def _rewrite(path: str, kind: str, person: Person, result: Erasure) -> None:
    try:
        text = outputs.read_text(path)
    except FileNotFoundError:
        result.file(path, "missing")
        return
    except OSError as exc:
        log.warning("left %s alone: %s", path, exc)
        result.file(path, "refused")
        return
    if outputs.KINDS[kind] == outputs.JSONL:
        new, touched = outputs.filter_jsonl(text, _jsonl_line(person))
    else:
        new, touched = outputs.filter_csv(text, _csv_row(person))
    if touched:
        outputs.replace_text(path, new)
        result.add("lines_removed_or_scrubbed", touched)
    result.file(path, "rewritten" if touched else "unchanged")


def _erase_files(conn: sqlite3.Connection, person: Person, others: set[str],
                 result: Erasure) -> None:
    for path, rows in outputs.distinct_paths(outputs.registered(conn)).items():
        owners = {r["debtor_id"] for r in rows if r["debtor_id"]}
        single = [r for r in rows if outputs.KINDS.get(r["kind"]) == outputs.SINGLE]
        if single and owners & person.ids:
            result.file(path, outputs.delete_file(path))
            outputs.unregister(conn, path)
        elif single and owners & others:
            # another debtor's report that may show the person: deleted when it does (export
            # it again from the scrubbed stored profile with `skiptrace profile`)
            _delete_if_named(conn, path, person, result, by_id=False)
        elif outputs.KINDS.get(rows[0]["kind"]) == outputs.PAGE:
            # a job's portfolio page: deleted when it names them (the job's next run writes it)
            _delete_if_named(conn, path, person, result, by_id=True)
        elif not single:
            _rewrite(path, rows[0]["kind"], person, result)


def _delete_if_named(conn: sqlite3.Connection, path: str, person: Person, result: Erasure, *,
                     by_id: bool) -> None:
    """Delete the file at ``path`` when it mentions the person (identifiers, phones, e-mails;
    with ``by_id``, their debtor id too); a file that cannot be read safely is left alone."""
    try:
        text = outputs.read_text(path)
    except FileNotFoundError:
        return
    except OSError:
        result.file(path, "refused")
        return
    if person.mentions(text) or (by_id and person.names_id(text)):
        result.file(path, outputs.delete_file(path))
        outputs.unregister(conn, path)


def erase(conn: sqlite3.Connection, debtors: Iterable[Debtor], extra_ids: Iterable[str] = ()
          ) -> Erasure:
    """Erase ``debtors`` (and ``extra_ids`` with nothing but an id left) everywhere; call inside
    a write transaction. Lookup copies are the caller's to include."""
    person = Person()
    for debtor in debtors:
        person.add(debtor)
    person.ids |= set(extra_ids)
    result = Erasure(debtor_ids=sorted(person.ids))
    others = _erase_rows(conn, person, result) - person.ids
    _erase_files(conn, person, others, result)
    return result


def known_ids(conn: sqlite3.Connection, debtor_id: str) -> bool:
    """Whether the store holds anything under this debtor id."""
    for table in ("debtors", "profiles", "matches", "job_items", "files", "judgements",
                  *MONITORING_TABLES):
        if conn.execute(f"SELECT 1 FROM {table} WHERE debtor_id = ? LIMIT 1",
                        (debtor_id,)).fetchone():
            return True
    return False


def _when(text: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def inactive_ids(conn: sqlite3.Connection, before: datetime | None, job_id: str | None
                 ) -> list[str]:
    """Debtors whose last activity (debtor row written, profile built, checkpoint), whichever is
    latest, is older than ``before``; only those checkpointed in ``job_id`` when given."""
    rows = conn.execute(
        """SELECT debtor_id, max(t) FROM (
               SELECT debtor_id, updated_at AS t FROM debtors
               UNION ALL SELECT debtor_id, built_at FROM profiles
               UNION ALL SELECT debtor_id, finished_at FROM job_items) AS activity
           WHERE ? IS NULL OR debtor_id IN (SELECT debtor_id FROM job_items WHERE job_id = ?)
           GROUP BY debtor_id ORDER BY debtor_id""",
        (job_id, job_id),
    ).fetchall()
    limit = before if before is None or before.tzinfo else before.replace(tzinfo=UTC)
    return [debtor_id for debtor_id, last in rows if limit is None or _when(last) < limit]


def debtors_for(conn: sqlite3.Connection, ids: Iterable[str]) -> tuple[list[Debtor], set[str]]:
    """The stored debtors among ``ids`` with their lookup copies, and the ids without a row."""
    found: list[Debtor] = []
    bare: set[str] = set()
    for debtor_id in ids:
        debtor = get_debtor(conn, debtor_id)
        if debtor is None:
            bare.add(debtor_id)
        else:
            found.append(debtor)
    return found + lookup_copies(conn, found), bare


__all__ = [
    "ERASED",
    "PERSON_TABLES",
    "Erasure",
    "Person",
    "UnknownDebtor",
    "debtors_for",
    "erase",
    "inactive_ids",
    "known_ids",
    "lookup_copies",
    "scrub",
    "vacuum_postgres",
]
