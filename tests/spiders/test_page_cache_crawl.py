"""Over real HTTP against the sandbox: a page one debtor's search fetched is answered from the
crawl's memory when another debtor asks it again (spiders/page_cache.py). The source is asked
fewer times; each debtor still gets every record and the same request count (a profile must not
depend on which debtor asked first); the pages answered from memory are counted apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from skiptrace.connectors.web import crawl
from skiptrace.intake.load import read_debtors
from skiptrace.model import Debtor
from skiptrace.sandbox import SandboxServer

pytestmark = pytest.mark.integration
WEB = ["company_register", "phone_directory", "legal_notices"]
#: one request at a time: the second debtor's pages are asked after the first's came back
SERIAL = {"retries": 0, "download_timeout": 5.0, "log_level": "ERROR", "concurrency": 1,
          "autothrottle": False}


def _twins(world: Path, fresh_sandbox: Callable[..., SandboxServer],
           ) -> tuple[Debtor, Debtor, SandboxServer]:
    """A person debtor, the same person under another debtor id, and a sandbox counting
    each source's requests."""
    debtor = next(d for d in read_debtors(world / "portfolio.csv") if d.kind == "person")
    return debtor, replace(debtor, debtor_id=debtor.debtor_id + "-B"), fresh_sandbox(
        record_arrivals=True)


def _asked(server: SandboxServer) -> int:
    return sum(len(server.arrivals(source)) for source in WEB)


def test_a_page_asked_again_is_answered_from_memory(
        sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer]) -> None:
    debtor, twin, server = _twins(sandbox_world, fresh_sandbox)
    results = list(crawl([(d.debtor_id, d) for d in (debtor, twin)], WEB,
                         {"base_url": server.url, **SERIAL}))
    by = {(r.debtor_id, r.source): r for r in results}
    assert len(by) == 2 * len(WEB)
    asked_by_one = 0
    for source in WEB:
        first, second = by[(debtor.debtor_id, source)], by[(twin.debtor_id, source)]
        assert first.status.status == second.status.status == "ok"
        assert [x.record_id for x in first.records] == [x.record_id for x in second.records]
        assert first.status.requests == second.status.requests > 0
        assert first.status.cached == 0  # the first asker fetched every page
        assert second.status.cached == second.status.requests  # the twin none
        asked_by_one += first.status.requests
    assert _asked(server) == asked_by_one  # the source answered each question once


def test_the_cache_off_asks_the_source_every_time(
        sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer]) -> None:
    debtor, twin, server = _twins(sandbox_world, fresh_sandbox)
    results = list(crawl([(d.debtor_id, d) for d in (debtor, twin)], WEB,
                         {"base_url": server.url, **SERIAL, "page_cache": 0}))
    assert all(r.status.cached == 0 for r in results)
    assert _asked(server) == sum(r.status.requests for r in results)


def test_a_failed_page_is_never_answered_to_another_debtor(
        sandbox_world: Path, fresh_sandbox: Callable[..., SandboxServer]) -> None:
    debtor, twin, server = _twins(sandbox_world, fresh_sandbox)
    server.set_fault("legal_notices", "status500", 1.0)
    results = list(crawl([(d.debtor_id, d) for d in (debtor, twin)], ["legal_notices"],
                         {"base_url": server.url, **SERIAL}))
    assert [r.status.status for r in results] == ["failed", "failed"]
    assert all(r.status.cached == 0 for r in results)
    assert len(server.arrivals("legal_notices")) == sum(r.status.requests for r in results)
