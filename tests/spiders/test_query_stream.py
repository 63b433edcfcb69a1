"""The crawl takes queries while it runs (spiders/feed.py, QueryStream): a pivot query
submitted after the first answers is answered by the same child, with its round's reason, and
the crawl ends only when the stream is closed."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from skiptrace.connectors.web import QueryStream, WebResult, crawl
from tests.spiders.fixture_site import FixtureSite

SOURCES = ["company_register", "phone_directory", "legal_notices"]
FAST = {"retries": 0, "download_timeout": 5.0, "log_level": "ERROR"}


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with FixtureSite() as server:
        yield server


def test_a_query_submitted_mid_crawl_is_answered_by_the_same_child(site: FixtureSite) -> None:
    stream = QueryStream([("D-1", {"kind": "company", "name": "ATLAS BTP SARL AU"})])
    results: list[WebResult] = []
    first_done = threading.Event()
    pivot = {"kind": "company", "ice": "000123456000093", "pivot": 1,
             "because": {"ice": "company_register CR-000123 gave the ICE (p 0.99)"}}

    def consume() -> None:
        for result in crawl(stream, SOURCES, {"base_url": site.url, **FAST}):
            results.append(result)
            if sum(r.debtor_id == "D-1" for r in results) == len(SOURCES):
                first_done.set()

    reader = threading.Thread(target=consume)
    reader.start()
    assert first_done.wait(60), "the first round never finished"
    assert reader.is_alive()  # the crawl waits for more queries: the stream is open
    assert stream.submit("D-1#p1", pivot)
    stream.close()
    reader.join(60)
    assert not reader.is_alive()
    assert not stream.submit("D-1#p2", pivot)  # closed: refused, never silently lost
    by_task = {(r.debtor_id, r.source): r for r in results}
    assert len(by_task) == len(results) == 2 * len(SOURCES)  # each pair exactly once
    register = by_task[("D-1#p1", "company_register")]
    assert "CR-000123" in {r.record_id for r in register.records}
    searches = register.status.searches
    assert [s["key"] for s in searches] == ["ice"]  # only the new key: no name searched again
    assert searches[0]["reason"].endswith("; pivot: company_register CR-000123 gave the ICE (p 0.99)")
    # a source with nothing to search for the pivot's keys answers at once
    assert by_task[("D-1#p1", "phone_directory")].status.status == "skipped"


STALL = 6.0


def test_an_idle_crawl_waiting_for_pivots_is_not_a_stalled_one(site: FixtureSite) -> None:
    """The stall guard counts silence only while a query waits for its answer: a batch's crawl
    idles between its last first-round answer and its next pivot query (a slow machine made
    that gap longer than the stall timeout, and the crawl was killed)."""
    stream = QueryStream([("D-1", {"kind": "company", "name": "ATLAS BTP SARL AU"})])
    results: list[WebResult] = []
    first_done = threading.Event()

    def consume() -> None:
        # 6 s: long enough that a loaded 2-core machine (CI beside a benchmark) answers the
        # pivot's request well within it; at 3 s it sometimes did not, and the crawl was
        # rightly killed for a stall the test did not mean
        settings = {"base_url": site.url, **FAST, "stall_timeout": STALL}
        for result in crawl(stream, SOURCES, settings):
            results.append(result)
            if len(results) == len(SOURCES):
                first_done.set()

    reader = threading.Thread(target=consume)
    reader.start()
    assert first_done.wait(60)
    idle = threading.Event()
    assert not idle.wait(2 * STALL + 0.5)  # two stall timeouts of silence, with nothing asked
    # the crawl is still there after the silence: a crawl killed while idle closes the stream
    # and refuses this (the regression this test is about)
    assert stream.submit("D-1#p1", {"kind": "company", "ice": "000123456000093", "pivot": 1})
    stream.close()
    reader.join(60)
    answered = {(r.debtor_id, r.source): r.status for r in results}
    pivot = answered[("D-1#p1", "company_register")]
    # answered; or, on a machine too loaded to answer within the stall timeout once the query
    # was asked (it failed here under load 13), killed for that silence: the guard counting a
    # query's wait, which is its job, not the idle gap before it
    assert pivot.status in ("ok", "partial") or (
        pivot.status == "failed" and "crawl stalled" in (pivot.reason or "")), pivot


def test_a_crawl_killed_while_its_stream_is_open_ends_and_refuses_new_queries(site: FixtureSite) -> None:
    """A stalled crawl is killed: the bridge must then end (every open task failed) without
    waiting for the batch to close its stream, and later pivot queries are refused at once,
    not left waiting for a crawl that is gone."""
    site.faults["phone_directory"] = ("hang", 30.0)
    stream = QueryStream([("D-2", {"kind": "person", "name": "EL ALAOUI Mohamed", "city": "Casa"})])
    results: list[WebResult] = []
    settings = {"base_url": site.url, **FAST, "download_timeout": 20.0, "stall_timeout": 3.0}
    reader = threading.Thread(target=lambda: results.extend(crawl(stream, SOURCES, settings)))
    reader.start()
    try:
        reader.join(25)  # the stall (3 s) kills the child long before the hang (30 s) ends
        assert not reader.is_alive(), "the bridge waited for the stream to close"
        assert not stream.submit("D-2#p1", {"kind": "person", "cin": "BK123456", "pivot": 1})
    finally:
        stream.close()  # never leave the reader blocked, whatever failed
    failed = {(r.debtor_id, r.source): r.status for r in results}
    assert failed[("D-2", "phone_directory")].status == "failed"
    assert "stalled" in (failed[("D-2", "phone_directory")].reason or "")
