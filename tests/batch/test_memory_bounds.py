"""Issue 17: what a batch holds does not grow with the portfolio (docs/decisions/0006).

The crawl is fed a window of debtors ahead of their enrichment (FirstRound + WebHub), late or
unwanted web results are dropped, the crawl bridge forgets answered queries (OpenQueries), and
the summary's per-source durations and reasons are bounded. Fake crawls answer from a queue, so
every step is driven by the test: no sleeps.
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skiptrace.connectors.web import OpenQueries
from skiptrace.model import Debtor, Provenance, Record, SourceStatus
from skiptrace.pipeline import batch, job
from skiptrace.pipeline.batch import EXACT_SECONDS, MAX_REASONS, OTHER_REASONS, Durations
from skiptrace.pipeline.webhub import FirstRound, WebHub
from tests.portfolios import first_rows

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
SOURCES = ("phone_directory", "legal_notices")


@dataclass
class Result:
    debtor_id: str | None
    source: str
    records: list[Record]
    status: SourceStatus


def result(task_id: str, source: str) -> Result:
    record = Record("phone", {"name": task_id}, Provenance(source, f"{task_id}-1", WHEN))
    return Result(task_id, source, [record], SourceStatus(source, "ok", records=1))


def debtors(n: int) -> Iterator[Debtor]:
    return (Debtor(debtor_id=f"D{i:05d}", kind="person", name=f"ALAOUI Mohamed {i}")
            for i in range(n))


class EchoCrawl:
    """A crawl that answers every query at once on every source; ``answer_only`` first
    queries, after which it ends (a crawl child that died), refusing later queries."""

    def __init__(self, answer_only: int | None = None) -> None:
        self.results: queue.Queue[Result | None] = queue.Queue()
        self.sent = 0
        self.answer_only = answer_only
        self.closed = False

    def submit(self, task_id: str, query: Any) -> bool:
        if self.closed:
            return False
        self.sent += 1
        for source in SOURCES:
            self.results.put(result(task_id, source))
        if self.answer_only is not None and self.sent >= self.answer_only:
            self.close()
        return True

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.results.put(None)

    def stream(self) -> Iterator[Result]:
        return iter(self.results.get, None)


def test_the_crawl_is_fed_a_window_ahead_never_the_portfolio() -> None:
    window = 8
    crawl = EchoCrawl()
    hub = WebHub(SOURCES, window=window)
    hub.feed(crawl.stream())
    first = FirstRound(hub, crawl)
    seen = 0
    for debtor in first.start(debtors(2000)):
        # the crawl answers instantly: only the window keeps it from racing ahead
        assert crawl.sent - seen <= window
        assert hub.held() <= window
        assert first.held() <= window + 1  # the window, and the one waiting for room
        records, statuses = hub.take(debtor.debtor_id, timeout=30)
        assert [s.status for s in statuses] == ["ok", "ok"] and len(records) == 2
        assert hub.slots() <= window
        seen += 1
    crawl.close()
    assert seen == 2000 and crawl.sent == 2000
    assert 1 <= hub.high_water <= window
    assert hub.slots() == 0 and first.held() == 0


def test_admitting_waits_for_room_and_resumes_when_a_debtor_is_handed_out() -> None:
    hub = WebHub(SOURCES, window=2)
    results: queue.Queue[Result | None] = queue.Queue()
    hub.feed(iter(results.get, None))
    assert hub.admit("D1") and hub.admit("D2")
    third = threading.Thread(target=hub.admit, args=("D3",))
    third.start()
    third.join(timeout=0.2)
    assert third.is_alive()  # the window is full: D3 is not sent to the crawl
    for source in SOURCES:
        results.put(result("D1", source))
    ready = hub.ready()
    assert next(ready) == "D1"  # handed out: its place in the window is free
    third.join(timeout=30)
    assert not third.is_alive() and hub.held() == 2
    hub.admitted_all()
    results.put(None)  # the crawl ends: D2 and D3 come out failed, the round ends
    assert sorted(ready) == ["D2", "D3"]
    _, statuses = hub.take("D3", timeout=30)
    assert {s.status for s in statuses} == {"failed"}


def test_a_crawl_that_dies_mid_portfolio_fails_the_rest_without_holding_them() -> None:
    window = 4
    crawl = EchoCrawl(answer_only=10)
    hub = WebHub(SOURCES, window=window)
    hub.feed(crawl.stream())
    first = FirstRound(hub, crawl)
    states: Counter[str] = Counter()
    for debtor in first.start(debtors(300)):
        assert first.held() <= window + 1
        _, statuses = hub.take(debtor.debtor_id, timeout=30)
        states[statuses[0].status] += 1
    assert states == {"ok": 10, "failed": 290}
    assert hub.slots() == 0


def test_late_results_and_results_nobody_waits_for_are_dropped() -> None:
    hub = WebHub(SOURCES, window=4)
    results: queue.Queue[Result | None] = queue.Queue()
    hub.feed(iter(results.get, None))
    hub.admit("D1")
    hub.admit("D2")
    for source in SOURCES:
        results.put(result("D1", source))
    ready = hub.ready()
    assert next(ready) == "D1"
    hub.take("D1", timeout=30)
    results.put(result("D1", SOURCES[0]))  # late: D1 was taken
    results.put(result("D9", SOURCES[0]))  # never admitted nor wanted
    hub.want("D1#p1")  # a pivot query about to be sent
    for source in SOURCES:
        results.put(result("D1#p1", source))
        results.put(result("D2", source))
    assert next(ready) == "D2"  # the stream is in order: everything before it was filed
    assert hub.dropped == 2
    assert hub.slots() == 2  # D2 and the pivot, nothing of D1 or D9
    records, _ = hub.take("D1#p1", timeout=30)
    assert len(records) == 2
    hub.release("D2")  # crashed before taking: nothing of it stays
    assert hub.slots() == 0
    hub.admitted_all()
    results.put(None)
    assert list(ready) == []


def test_a_portfolio_read_that_fails_is_raised_after_the_debtors_already_sent() -> None:
    crawl = EchoCrawl()
    hub = WebHub(SOURCES, window=4)
    hub.feed(crawl.stream())

    def broken() -> Iterator[Debtor]:
        yield from debtors(3)
        raise OSError("portfolio vanished")

    order = FirstRound(hub, crawl).start(broken())
    got = []
    with pytest.raises(OSError, match="portfolio vanished"):
        for debtor in order:
            got.append(debtor.debtor_id)
            hub.take(debtor.debtor_id, timeout=30)
    crawl.close()
    assert got == ["D00000", "D00001", "D00002"]


def test_the_bridge_forgets_every_query_once_answered() -> None:
    asked = OpenQueries(["company_register", "phone_directory", "geocoder"])
    answered = []
    for i in range(1000):
        asked.ask(f"D{i}")
        for source in ("company_register", "phone_directory"):
            record = result(f"D{i}", source).records[0].to_dict()
            assert asked.event({"debtor_id": f"D{i}", "source": source, "record": record}) == []
            status = SourceStatus(source, "ok").to_dict()
            answered += asked.event({"debtor_id": f"D{i}", "source": source, "status": status})
        assert len(asked) == 0  # nothing of an answered query stays
    assert len(answered) == 3000  # two web answers and the non-web source refused, each
    assert {r.status.reason for r in answered if r.source == "geocoder"} == {
        "geocoder is not a web source"}
    assert all(len(r.records) == 1 for r in answered if r.source != "geocoder")
    # late or stray events are dropped, not buffered
    status = SourceStatus("phone_directory", "ok").to_dict()
    assert asked.event({"debtor_id": "D1", "source": "phone_directory", "status": status}) == []
    assert asked.event({"debtor_id": "D1", "source": "phone_directory",
                        "record": answered[0].records[0].to_dict()}) == []
    assert len(asked) == 0 and not asked.waiting()


def test_queries_left_open_when_the_crawl_ends_come_back_failed_or_partial() -> None:
    asked = OpenQueries(["company_register", "phone_directory"])
    asked.ask("D1")
    asked.ask("D2")
    record = result("D1", "company_register").records[0].to_dict()
    asked.event({"debtor_id": "D1", "source": "company_register", "record": record})
    asked.event({"debtor_id": "D2", "source": "phone_directory",
                 "status": SourceStatus("phone_directory", "ok").to_dict()})
    assert asked.waiting()
    left = {(r.debtor_id, r.source): r.status.status for r in asked.left("killed")}
    assert left == {("D1", "company_register"): "partial", ("D1", "phone_directory"): "failed",
                    ("D2", "company_register"): "failed"}
    assert len(asked) == 0


def test_durations_stay_bounded_and_close_to_exact() -> None:
    durations = Durations()
    values = [0.05 + (i % 997) * 0.003 for i in range(50_000)]
    for value in values:
        durations.append(value)
        assert len(durations.exact) <= EXACT_SECONDS
    assert len(durations) == 50_000
    assert len(durations.buckets) < 500
    exact = sorted(values)
    for q in (0.5, 0.95):
        got = durations.quantile(q)
        assert got is not None
        assert abs(got - exact[int(q * (len(exact) - 1))]) <= 0.011 * got


def test_durations_are_exact_below_the_limit() -> None:
    durations = Durations()
    for value in (3.0, 1.0, 2.0):
        durations.append(value)
    assert durations.quantile(0.5) == 2.0 and durations.quantile(0.95) == 2.0
    assert Durations().quantile(0.5) is None


def test_failure_reasons_are_counted_in_bounded_memory() -> None:
    reasons: Counter[str] = Counter()
    for i in range(MAX_REASONS * 5):
        batch.count_reason(reasons, f"timeout at page {i}")
    batch.count_reason(reasons, "timeout at page 0")
    assert len(reasons) == MAX_REASONS + 1
    assert reasons["timeout at page 0"] == 2
    assert reasons[OTHER_REASONS] == MAX_REASONS * 4


def test_a_batch_through_a_window_of_two_enriches_every_debtor(
    sandbox_world: Path, sandbox_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real job (sandbox crawl child included) with the window at 2: every debtor done once,
    and the hub never held more than 2 of them."""
    from skiptrace.pipeline.runtime import open_runtime

    hubs: list[WebHub] = []

    class Recorded(WebHub):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            hubs.append(self)

    monkeypatch.setattr(job, "WebHub", Recorded)
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", sandbox_url)
    portfolio = first_rows(sandbox_world, tmp_path, 12)
    options = batch.BatchOptions(out=tmp_path / "profiles.jsonl", operator="test",
                                 purpose="memory test", concurrency=2, web_window=2,
                                 as_of=WHEN)
    with open_runtime(db=tmp_path / "store.db", config_path=None, concurrency=2) as rt:
        summary = job.run_batch(rt, portfolio, tmp_path / "rejects.csv", options)
    lines = (tmp_path / "profiles.jsonl").read_text(encoding="utf-8").splitlines()
    assert summary.total == 12 and summary.crashed == 0
    assert len(lines) == 12
    assert len(hubs) == 1 and 1 <= hubs[0].high_water <= 2
    assert hubs[0].slots() == 0
