"""Issue 17: every query the store runs per debtor reaches its rows through an index.

Each case calls the store's own function on a connection that records the SQL and parameters
it runs, then asks SQLite for the plan of exactly that statement (``EXPLAIN QUERY PLAN`` with
the same parameters): no SQL is copied here, so a change to the code is a change to what is
checked. A plan fails when it scans a table (``SCAN t``; an FTS5 MATCH is fine), reads the
records through their low-cardinality ``records_source`` index (the walk that grew with the
store before the FTS join was made a CROSS JOIN), or looks up a key within a court or city
without using the court in the index.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from skiptrace.store import Store, debtors, jobs, records, search
from skiptrace.store import audit as audit_log

from .conftest import make_record, person
from .engines import postgres_schema

# (table, what the statement says): scans that take one step, whatever the table's size.
ALLOWED_SCANS = {
    ("sqlite_sequence", "sqlite_sequence"): "SQLite's own table: one row per AUTOINCREMENT table",
    ("audit", "ORDER BY id DESC LIMIT 1"): "the last row by rowid: one step from the end",
    ("bounded", ") AS bounded"): "a bounded count's own subquery: at most its LIMIT rows",
}
NON_SELECTIVE = ("records_source",)  # (source, kind): a handful of values for 10^5 rows
SKIPPED = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")


class Recorder:
    """A connection that notes every statement run through it, with its parameters."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.statements: list[tuple[str, Any]] = []

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.statements.append((sql, params))
        return self.conn.execute(sql, params)

    def __getattr__(self, name: str) -> Any:  # in_transaction, ...: the real connection's
        return getattr(self.conn, name)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        rows = list(rows)
        if rows:
            self.statements.append((sql, rows[0]))
        return self.conn.executemany(sql, rows)


def plan(conn: sqlite3.Connection, sql: str, params: Any) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


def problems(conn: sqlite3.Connection, sql: str, params: Any) -> list[str]:
    """What is wrong with the plan of one statement (empty when every step uses an index)."""
    found = []
    for step in plan(conn, sql, params):
        scanned = re.match(r"SCAN (\w+)\b(?! VIRTUAL TABLE)", step)
        if scanned and not any(t == scanned.group(1) and s in sql for t, s in ALLOWED_SCANS):
            found.append(step)
        if any(f"INDEX {name} " in step + " " for name in NON_SELECTIVE):
            found.append(step)
        if "i.tribunal IS ?" in sql and "SEARCH" in step and " i " in f" {step} " \
                and "tribunal=?" not in step:
            found.append(step)
    return found


def run(store: Store, call: Callable[[Any], object]) -> list[tuple[str, Any]]:
    """Run ``call`` on a recording connection; the statements it ran that a plan applies to."""
    recorder = Recorder(store.db.conn)
    call(recorder)
    return [(sql, p) for sql, p in recorder.statements if not sql.lstrip().upper().startswith(SKIPPED)]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store with enough rows of every per-debtor table that SQLite's choices are real."""
    folder: Path = tmp_path_factory.mktemp("plans")
    with Store.open(folder / "plans.db") as store:
        yield _filled(store)


def _filled(store: Store) -> Store:
    """Vehicles, titles, debtors and checkpoints: every per-debtor table has rows."""
    cities = ("Casablanca", "Rabat", "Fes", "Tanger")
    store.save_records(
        make_record("vehicle_registry", f"V-{i}", "vehicle", plate=f"{i}-A-6",
                    owner={"name": f"BENNANI {('Mohamed', 'Ahmed', 'Omar')[i % 3]} {i}",
                           "cin": f"BK{i:06d}", "city": cities[i % 4],
                           "phones": [f"06612{i:05d}"]})
        for i in range(300))
    store.save_records(
        make_record("land_registry", f"TF-{i}", "land_title", title_number=f"TF {i}/C",
                    city=cities[i % 4],
                    owners=[{"name": f"ALAOUI Karim {i}", "cin": f"EE{i:06d}"},
                            {"name": "STE ATLAS SARL", "ice": f"{i:015d}",
                             "rc_number": str(1000 + i), "rc_tribunal": cities[i % 4],
                             "kind": "company"}])
        for i in range(300))
    store.upsert_debtors(person(f"D-{i}", f"BENNANI Mohamed {i}", f"BK{i:06d}")
                         for i in range(200))
    for i in range(50):
        store.checkpoint("job-1", f"D-{i}", "done", {"debtor_id": f"D-{i}"}, [],
                         audit={"operator": "t", "purpose": "plans"})
    return store


def _find(**terms: Any) -> Callable[[Any], object]:
    return lambda conn: records.find_records(conn, terms.pop("source", "vehicle_registry"),
                                             **terms)


HOT_QUERIES: dict[str, Callable[[Any], object]] = {
    "cin": _find(identifiers=[("cin", "BK000007", None)]),
    "ice": _find(source="land_registry", identifiers=[("ice", "000000000000007", None)]),
    "rc_court": _find(source="land_registry", identifiers=[("rc", "1007", "Rabat")]),
    "rc_any_court": _find(source="land_registry", identifiers=[("rc", "1007", None)]),
    "phone": _find(identifiers=[("phone", "0661200007", None)]),
    "title_number": _find(source="land_registry", identifiers=[("title_number", "TF 7/C", None)]),
    "name_key_city": _find(identifiers=[("name_key", "s:bn", "Casablanca")]),
    "name_key_any_city_narrowed": _find(identifiers=[("name_key", "g:mohamed|bn", None)],
                                        city="Rabat", limit=5),
    "names_fts": _find(names=["BENNANI Mohamed"], city="Casablanca", limit=5),
    "names_fts_company": _find(source="land_registry", names=["ATLAS"], limit=5),
    "get_record": lambda conn: records.get_record(conn, "vehicle_registry:V-7"),
    "record_seen": lambda conn: records.record_seen(conn, "vehicle_registry:V-7"),
    "save_record": lambda conn: records.save_records(conn, [make_record(
        "vehicle_registry", "V-7", "vehicle", plate="7-A-6", owner={"name": "BENNANI Omar"})]),
    "save_profile": lambda conn: jobs.save_profile(conn, "D-7", {"segment": "A"}),
    "replace_matches": lambda conn: jobs.replace_matches(conn, "D-7", [{
        "record": {"provenance": {"source": "vehicle_registry", "record_id": "V-7"}},
        "probability": 0.9}]),
    "mark_done": lambda conn: jobs.mark_done(conn, "job-1", "D-7", "done"),
    "get_matches": lambda conn: jobs.get_matches(conn, "D-7"),
    "get_profile": lambda conn: jobs.get_profile(conn, "D-7"),
    "item_statuses": lambda conn: jobs.item_statuses(conn, "job-1"),
    "done_debtors": lambda conn: jobs.done_debtors(conn, "job-1"),
    "get_job": lambda conn: jobs.get_job(conn, "job-1"),
    "get_debtor": lambda conn: debtors.get_debtor(conn, "D-7"),
    "upsert_debtor": lambda conn: debtors.upsert_debtors(conn, [person("D-7", "BENNANI Ali")]),
    "search_debtors": lambda conn: debtors.search_debtors(conn, "BENNANI Mohamed"),
    "audit_append": lambda conn: audit_log.append(conn, "t", "plans", "enrich", "D-7"),
}


@pytest.mark.parametrize("name", HOT_QUERIES)
def test_hot_query_uses_an_index(big: Store, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "COMMON_WORD_RECORDS", 3)  # every level of a name search runs
    with big.atomic():
        statements = run(big, HOT_QUERIES[name])
        assert statements, "the function ran no SQL: the case checks nothing"
        bad = {sql: problems(big.db.conn, sql, p) for sql, p in statements}
    assert not {sql: steps for sql, steps in bad.items() if steps}


def test_name_search_runs_every_level(big: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The FTS case above really checks the narrowing queries: count per level, then rows."""
    monkeypatch.setattr(search, "COMMON_WORD_RECORDS", 3)
    statements = run(big, HOT_QUERIES["names_fts"])
    counts = [sql for sql, _ in statements
              if sql.startswith("SELECT count(*) FROM (SELECT ") and "records_fts" in sql]
    assert len(counts) >= 3  # every word; every word, same city (+ the word counts)
    assert any("r.city = ?" in sql for sql, _ in statements)


def test_the_checker_sees_a_scan(big: Store) -> None:
    """The rule bites: a plan that walks a table, or the source index, is reported."""
    conn = big.db.conn
    assert problems(conn, "SELECT json FROM records WHERE city = ?", ("rabat",))
    assert problems(conn, "SELECT count(*) FROM records WHERE source = ?", ("x",))
    assert not problems(conn, "SELECT json FROM records WHERE key = ?", ("x",))


def test_debtor_by_identifier_uses_an_index(big: Store) -> None:
    statements = run(big, lambda conn: debtors.debtors_with_identifier(conn, "cin", "BK000007"))
    assert not [s for sql, p in statements for s in problems(big.db.conn, sql, p)]


def test_debtor_identifiers_follow_every_write_and_forget(tmp_path: Path) -> None:
    """The triggers keep the index equal to the JSON: an update replaces, a delete leaves
    nothing (forget must leave no byte of the debtor behind)."""
    with Store.open(tmp_path / "ids.db") as store:
        conn = store.db.conn
        store.upsert_debtors([person("D-1", "BENNANI Mohamed", "BK000007")])
        assert [d.debtor_id for d in debtors.debtors_with_identifier(conn, "cin", "BK000007")] == ["D-1"]
        store.upsert_debtors([person("D-1", "BENNANI Mohamed", "BK000008")])  # CIN corrected
        assert debtors.debtors_with_identifier(conn, "cin", "BK000007") == []
        assert len(debtors.debtors_with_identifier(conn, "cin", "BK000008")) == 1
        debtors.delete_debtor(conn, "D-1")
        assert debtors.debtors_with_identifier(conn, "cin", "BK000008") == []
        assert conn.execute("SELECT count(*) FROM debtor_identifiers").fetchone()[0] == 0


# --- PostgreSQL (issue 21) --------------------------------------------------------------------
# The same calls on a PostgreSQL store: each statement's plan with sequential scans disabled, so
# a "Seq Scan" left in it means no index can serve the statement at all. One-row tables (the
# audit counter, the name index's totals) are read whole by design.
PG_ONE_ROW = ("audit_sequence", "name_token_totals")


@pytest.fixture(scope="module")
def pg_big() -> Iterator[Store]:
    with postgres_schema() as url, Store.open(url) as store:
        yield _filled(store)


def pg_problems(conn: sqlite3.Connection, sql: str, params: Any) -> list[str]:
    """The plan lines of one statement that scan a table or use the source index."""
    conn.execute("SET LOCAL enable_seqscan = off")
    lines = [str(r[0]) for r in conn.execute("EXPLAIN " + sql, params).fetchall()]
    return [line for line in lines
            if ("Seq Scan on" in line and not any(f" {t} " in f"{line} " for t in PG_ONE_ROW))
            or any(f"using {name} " in f"{line} " for name in NON_SELECTIVE)]


@pytest.mark.parametrize("name", HOT_QUERIES)
def test_hot_query_uses_an_index_on_postgresql(pg_big: Store, name: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "COMMON_WORD_RECORDS", 3)
    with pg_big.atomic():
        statements = run(pg_big, HOT_QUERIES[name])
        assert statements, "the function ran no SQL: the case checks nothing"
        bad = {sql: pg_problems(pg_big.db.conn, sql, p) for sql, p in statements}
    assert not {sql: steps for sql, steps in bad.items() if steps}


def test_the_postgresql_checker_sees_a_scan(pg_big: Store) -> None:
    with pg_big.atomic():
        conn = pg_big.db.conn
        assert pg_problems(conn, "SELECT json FROM records WHERE city = ?", ("rabat",))
        assert not pg_problems(conn, "SELECT json FROM records WHERE key = ?", ("x",))
