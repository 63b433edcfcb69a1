"""Web results streamed by one crawl reach the worker waiting for each debtor."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from skiptrace.model import Provenance, Record, SourceStatus
from skiptrace.pipeline.webhub import WebHub

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Result:
    debtor_id: str
    source: str
    records: list[Record]
    status: SourceStatus


def result(debtor_id: str, source: str, n: int = 1) -> Result:
    records = [
        Record("phone", {"name": debtor_id}, Provenance(source, f"{debtor_id}-{i}", WHEN))
        for i in range(n)
    ]
    return Result(debtor_id, source, records, SourceStatus(source, "ok", records=n))


def test_take_waits_until_every_web_source_answered() -> None:
    gate = threading.Event()

    def stream() -> Iterator[Result]:
        yield result("D1", "phone_directory", 2)
        gate.wait()
        yield result("D1", "legal_notices", 1)
        yield result("D2", "phone_directory")

    hub = WebHub(["phone_directory", "legal_notices"])
    hub.feed(stream())
    got: list = []
    worker = threading.Thread(target=lambda: got.append(hub.take("D1", timeout=30)))
    worker.start()
    worker.join(timeout=0.2)
    assert worker.is_alive()  # still waiting for legal_notices
    gate.set()
    worker.join(timeout=30)
    records, statuses = got[0]
    assert len(records) == 3
    assert [s.status for s in statuses] == ["ok", "ok"]


def test_sources_missing_when_the_crawl_ends_are_failed_with_the_reason() -> None:
    hub = WebHub(["phone_directory", "legal_notices"])
    hub.feed(iter([result("D1", "phone_directory")]))
    records, statuses = hub.take("D1", timeout=30)
    assert len(records) == 1
    assert statuses[0].status == "ok"
    assert statuses[1].status == "failed" and "crawl ended" in (statuses[1].reason or "")


def test_a_crawl_that_raises_fails_the_waiting_debtor_instead_of_hanging() -> None:
    def broken() -> Iterator[Result]:
        raise RuntimeError("subprocess died")
        yield  # pragma: no cover

    hub = WebHub(["company_register"])
    hub.feed(broken())
    _, statuses = hub.take("D1", timeout=30)
    assert statuses[0].status == "failed" and "subprocess died" in (statuses[0].reason or "")


def test_ready_announces_debtors_in_the_order_the_crawl_finishes_them() -> None:
    hub = WebHub(["phone_directory", "legal_notices"], expected=["D1", "D2", "D3"])
    hub.feed(iter([
        result("D2", "phone_directory"),
        result("D1", "phone_directory"),
        result("D2", "legal_notices"),  # D2 complete first
        result("D1", "legal_notices"),
        result("D3", "phone_directory"),  # the crawl ends before D3's notices
    ]))
    order = list(hub.ready())
    assert order == ["D2", "D1", "D3"]
    _, statuses = hub.take("D3", timeout=30)
    assert [s.status for s in statuses] == ["ok", "failed"]


def test_a_debtors_records_come_in_source_and_record_order_whatever_the_arrival() -> None:
    """Two crawl children answer a debtor's sources in either order (split_crawl.py); what
    the enrichment reads, and so the profile, must not depend on it."""
    def arrivals(first: str, second: str) -> list[tuple[str, str]]:
        hub = WebHub(["phone_directory", "legal_notices"], expected=["D1"])
        hub.feed(iter([result("D1", first, 2), result("D1", second, 2)]))
        records, _ = hub.take("D1", timeout=30)
        return [(r.source, r.record_id) for r in records]

    one = arrivals("phone_directory", "legal_notices")
    assert one == arrivals("legal_notices", "phone_directory")
    assert one == sorted(one) and len(one) == 4
