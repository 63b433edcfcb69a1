"""DebtorQuery from a Debtor, and the runner: concurrent, bounded, never raising."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from skiptrace.config import parse_config
from skiptrace.connectors.base import Connector
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.runner import run_sources
from skiptrace.errors import SourceError
from skiptrace.model import Debtor, Identifier, Provenance, Record, utcnow

from .conftest import person


def test_query_takes_valid_identifiers_names_and_masks_its_repr():
    debtor = Debtor(
        "D-9", "person", "Mohamed El Alaoui", first_name="Mohamed", last_name="El Alaoui",
        identifiers=(Identifier("cin", "BK12345", valid=False), Identifier("cin", "BK100001"),
                     Identifier("rc", "4001", tribunal="Casablanca")),
        city="Casablanca", addresses=("12 Bd Zerktouni", " "), phones=("0661234567",),
    )
    query = DebtorQuery.from_debtor(debtor)
    assert query.names == ("Mohamed El Alaoui", "El Alaoui Mohamed")
    assert (query.cin, query.rc, query.tribunal) == ("BK100001", "4001", "Casablanca")
    assert query.addresses == ("12 Bd Zerktouni",)
    assert query.identifiers() == ("BK100001", "4001")
    text = repr(query)
    assert "BK100001" not in text and "Alaoui" not in text and "BK******" in text


def _cfg(name: str, timeout: float = 2.0):
    text = f'[sources.{name}]\nkind = "local"\ntimeout = {timeout}\n'
    return parse_config(text, env={}).source(name)


class Scripted(Connector):
    """A connector whose fetch does what the test says."""

    name = "scripted"
    kind = "local"
    provides = frozenset({"person"})

    def __init__(self, source: str, action, timeout: float = 2.0) -> None:
        super().__init__(_cfg(source, timeout))
        self.action = action

    def fetch(self, query: DebtorQuery) -> Iterator[Record]:
        return self.action(self)


def _record(source: str, rid: str) -> Record:
    return Record("person", {"name": "X"}, Provenance(source, rid, utcnow()))


def test_runner_collects_every_source_and_turns_failures_into_statuses():
    def good(c):
        yield _record(c.source, "1")

    def crash(c):
        raise RuntimeError("boom")

    def half(c):
        yield _record(c.source, "2")
        raise SourceError("page 2 failed")

    released = threading.Event()

    def slow(c):
        released.wait(5)
        return iter(())

    connectors = [Scripted("good", good), Scripted("crash", crash), Scripted("half", half),
                  Scripted("slow", slow, timeout=0.2)]
    started = time.monotonic()
    records, statuses = run_sources(DebtorQuery.from_debtor(person()), connectors)
    elapsed = time.monotonic() - started
    released.set()
    by_source = {s.source: s for s in statuses}
    assert [s.source for s in statuses] == ["good", "crash", "half", "slow"]
    assert by_source["good"].status == "ok" and by_source["good"].records == 1
    assert by_source["crash"].status == "failed" and "RuntimeError: boom" in by_source["crash"].reason
    assert by_source["half"].status == "partial" and by_source["half"].reason == "page 2 failed"
    assert by_source["slow"].status == "failed" and "no answer within" in by_source["slow"].reason
    assert sorted(r.record_id for r in records) == ["1", "2"]
    assert elapsed < 0.2 + 1.0 + 0.5  # the slow source's budget plus the runner's grace


def test_runner_honours_the_callers_deadline():
    released = threading.Event()

    def slow(c):
        released.wait(5)
        return iter(())

    started = time.monotonic()
    _, statuses = run_sources(
        DebtorQuery.from_debtor(person()), {"slow": Scripted("slow", slow, timeout=30)},
        deadline=time.monotonic() + 0.2,
    )
    released.set()
    assert statuses[0].status == "failed" and time.monotonic() - started < 1.0


def test_runner_with_no_sources():
    assert run_sources(DebtorQuery.from_debtor(person()), {}) == ([], [])
