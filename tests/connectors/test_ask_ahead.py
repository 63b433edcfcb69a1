"""A plan's independent searches are in the air together (connectors/ahead.py, decision 0057),
and the plan reads them in its order: what a search fetches, reports and counts is what it was
asked one after the other; a guess that fails is asked again in line and never held against the
source."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from skiptrace.connectors import build_connectors
from skiptrace.connectors.ahead import AskAhead
from skiptrace.connectors.base import ConnectorResult
from skiptrace.connectors.planner import PlannedSearch
from skiptrace.connectors.query import DebtorQuery

from . import stub as stub_data
from .conftest import company, person, wait_for

DEBTORS = {
    "person with a CIN": person(),
    "person without a CIN, in Rabat": person(cin=None, city="Rabat"),
    "a second owner by CIN": person(cin="BE200002"),
    "company": company(),
}


def _one_by_one(connector: Any) -> None:
    """The connector as it was: every search asked in line."""
    connector._ahead.start = lambda *a, **k: {}


def _summary(result: ConnectorResult) -> tuple[Any, ...]:
    return (result.status, [r.record_id for r in result.records], result.searches,
            result.requests)


@pytest.mark.parametrize("name", sorted(DEBTORS))
def test_the_plan_reads_what_it_read_one_search_after_the_other(stub, stub_config, http, name):
    query = DebtorQuery.from_debtor(DEBTORS[name])
    ahead = build_connectors(stub_config(), http)["land_registry"]
    assert len([s for s in ahead.plan(query) if s.within is None]) >= 2  # something to ask ahead
    in_line = build_connectors(stub_config(), http)["land_registry"]
    _one_by_one(in_line)
    assert _summary(ahead.search(query)) == _summary(in_line.search(query))


def test_the_independent_searches_are_in_the_air_together(stub, stub_config, http):
    """The source holds every answer until released: asked one after the other, the second
    question would arrive only after the first's answer."""
    stub.state.fault("land_registry", "hang", 20.0)
    land = build_connectors(stub_config(land_registry={"read_timeout": 30.0}), http)["land_registry"]
    query = DebtorQuery.from_debtor(person())
    done: list[ConnectorResult] = []
    worker = threading.Thread(target=lambda: done.append(land.search(query)))
    worker.start()
    try:
        wait_for(lambda: len(stub.state.of("land_registry")) >= 3, 10.0)
        assert not done  # nothing answered yet: the three were asked before any answer
    finally:
        stub.state.release.set()
        worker.join(30.0)
    assert done and done[0].status == "ok" and done[0].requests == 3
    assert [s["key"] for s in done[0].searches] == ["cin", "name", "name"]


def test_a_failed_guess_is_asked_again_in_line_and_not_held_against_the_source(
        stub, stub_config, http, monkeypatch):
    """The full name's first asking (ahead) fails; a breaker that opens at the first failure
    stays closed, and the search is whole: the plan asked the name again in line."""
    failed: list[dict[str, str]] = []
    search_titles = stub_data.search_titles

    def fail_once(q: dict[str, str]) -> list[dict[str, Any]]:
        if q.get("name") == "EL ALAOUI Mohamed" and not failed:
            failed.append(q)
            raise ConnectionError("the stub drops this connection")
        return search_titles(q)

    monkeypatch.setattr(stub_data, "search_titles", fail_once)
    cfg = stub_config(land_registry={"breaker_failures": 1, "retries": 0})
    land = build_connectors(cfg, http)["land_registry"]
    result = land.search(DebtorQuery.from_debtor(person()))
    assert failed and result.status == "ok", result.reason
    assert land.client.breaker.state == "closed"
    names = [h.query.get("name") for h in stub.state.of("land_registry")]
    assert names.count("EL ALAOUI Mohamed") == 2  # the guess, then in line
    assert result.requests == 3  # the answers the plan read; the failed guess is the source's
    assert land.client.total_requests == 4


def test_a_queued_question_is_asked_in_line_not_waited_for():
    """Every helper busy: the plan cancels the queued guess and asks it itself."""
    release = threading.Event()
    helpers = AskAhead(threads=1)
    busy = helpers._helpers().submit(release.wait, 10.0)
    try:
        searches = [PlannedSearch("land_registry", {"cin": "A1"}, "cin", "why", 10),
                    PlannedSearch("land_registry", {"name": "X"}, "name", "why", 40)]
        ahead = helpers.start(searches, lambda p: pytest.fail("a queued guess was sent"),
                              lambda planned: {**planned.params, "page": 1})
        (queued,) = ahead.values()
        answer = AskAhead.answer(queued, lambda p: ("in line", p["name"]), {"name": "X"},
                                 lambda spent: pytest.fail("nothing was spent ahead"))
        assert answer == ("in line", "X") and queued.cancelled()
    finally:
        release.set()
        busy.result(5.0)
        helpers.close()


def test_nothing_is_asked_ahead_while_the_breaker_is_not_closed(stub, stub_config, http):
    cfg = stub_config(land_registry={"breaker_failures": 1, "retries": 0, "breaker_cooldown": 60})
    land = build_connectors(cfg, http)["land_registry"]
    land.client.breaker.record_failure()
    assert land.client.breaker.state == "open"
    assert land._ask_ahead("/api/titles", land.plan(DebtorQuery.from_debtor(person()))) == {}
