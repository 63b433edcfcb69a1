"""The web sources against the sandbox over real HTTP: true records with full provenance, every
HTML fault mode turned into a partial or failed status with its reason, and a harvest into a
temporary store. (The crawl deadline is tested against the loopback fixture site.)"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from skiptrace.connectors.web import CrawlReport, WebResult, crawl
from skiptrace.intake.load import read_debtors
from skiptrace.model import Debtor
from skiptrace.pipeline.harvest import harvest
from skiptrace.sandbox import SandboxServer
from skiptrace.store import Store

pytestmark = pytest.mark.integration
WEB = ["company_register", "phone_directory", "legal_notices"]
QUICK = {"retries": 0, "download_timeout": 5.0, "log_level": "ERROR"}


def _truth(world: Path) -> dict[str, dict[str, Any]]:
    lines = (world / "truth.jsonl").read_text("utf-8").splitlines()
    return {t["debtor_id"]: t for t in map(json.loads, lines)}


def _with_web_links(world: Path, count: int) -> list[Debtor]:
    truth = _truth(world)
    chosen = [d for d in read_debtors(world / "portfolio.csv")
              if any(truth[d.debtor_id]["links"].get(s) for s in WEB)]
    return chosen[:count]


def _run(url: str, debtors: list[Debtor], **settings: Any) -> tuple[list[WebResult], CrawlReport]:
    report = CrawlReport()
    results = list(crawl([(d.debtor_id, d) for d in debtors], WEB,
                         {"base_url": url, **QUICK, **settings}, report=report))
    assert Counter((r.debtor_id, r.source) for r in results) == Counter(
        (d.debtor_id, s) for d in debtors for s in WEB)  # every pair exactly once
    return results, report


def test_true_records_come_back_with_full_provenance(sandbox_world: Path,
                                                     sandbox_url: str) -> None:
    debtors = _with_web_links(sandbox_world, 12)
    truth = _truth(sandbox_world)
    results, report = _run(sandbox_url, debtors)
    found = {(r.debtor_id, r.source): {x.record_id for x in r.records} for r in results}
    links = [(d.debtor_id, s, link["record_id"]) for d in debtors for s in WEB
             for link in truth[d.debtor_id]["links"].get(s, [])]
    hits = [link for link in links if link[2] in found[(link[0], link[1])]]
    # measured 0.8 of web links on this world (person-as-manager links need the harvest)
    assert len(hits) >= 0.6 * len(links)
    assert {source for _, source, _ in hits} == set(WEB)
    for result in results:
        assert result.status.status == "ok", result.status
        for record in result.records:
            prov = record.provenance
            assert prov.source == result.source and prov.record_id
            assert prov.url and prov.url.startswith(sandbox_url + "/" + result.source + "/")
            assert prov.retrieved_at.tzinfo is not None
    company = next(x for r in results if r.source == "company_register" for x in r.records)
    assert company.provenance.url.endswith("/company/" + company.record_id)
    assert report.failure is None
    # every status says which searches were made, why, and what each found (values masked)
    for result in results:
        searches = result.status.searches
        # within the budget (4), but for a surname asked again written otherwise because the
        # city held nobody under it: those run outside it, three transcriptions and the glued
        # or split forms at most (docs/decisions/0016)
        budgeted = [s for s in searches if "nobody under the name as given" not in s["reason"]]
        assert searches and len(budgeted) <= 4 and len(searches) - len(budgeted) <= 6
        for search in searches:
            assert search["key"] in {"cin", "rc", "ice", "name", "surname", "phone"}
            assert search["reason"] and isinstance(search["results"], int)
            assert "*" in search["value"] or len(search["value"]) <= 2
    keys = {(r.source, s["key"]) for r in results for s in r.status.searches}
    assert {("phone_directory", "phone"), ("legal_notices", "cin"),
            ("company_register", "rc")} <= keys
    assert any(s["results"] > 0 for r in results for s in r.status.searches)


@pytest.mark.parametrize(("faults", "timeout", "expect"), [
    (("company_register:malformed", "phone_directory:layout", "legal_notices:status500"), 5.0,
     {"company_register": "malformed", "phone_directory": "layout changed",
      "legal_notices": "HTTP 500"}),
    (("*:hang=60",), 0.5, {s: "timeout" for s in WEB}),
])
def test_faults_become_statuses_with_reasons(sandbox_world: Path,
                                             fresh_sandbox: Callable[..., SandboxServer],
                                             faults: tuple[str, ...], timeout: float,
                                             expect: dict[str, str]) -> None:
    server = fresh_sandbox(faults=faults)
    debtors = _with_web_links(sandbox_world, 3)
    started = time.monotonic()
    results, _ = _run(server.url, debtors, download_timeout=timeout)
    assert time.monotonic() - started < 60  # the hang is 60 s: the download timeout ended it
    for result in results:
        assert result.status.status in ("partial", "failed"), result
        assert expect[result.source] in (result.status.reason or ""), result.status


def test_harvest_company_register_into_a_store(sandbox_world: Path, sandbox_url: str,
                                               tmp_path: Path) -> None:
    expected = {json.loads(line)["record_id"] for line in
                (sandbox_world / "sources" / "company_register.jsonl").read_text(
                    "utf-8").splitlines()}
    seen: list[int] = []
    with Store.open(tmp_path / "harvest.db") as store:
        result = harvest("company_register", store, {"base_url": sandbox_url, **QUICK},
                         progress=seen.append)
        assert result.status == "ok" and result.errors == 0
        assert result.records == len(expected) == store.count_records("company_register")
        assert {r.record_id for r in store.iter_records("company_register")} == expected
        record = store.get_record("company_register:" + sorted(expected)[0])
    assert record is not None and record.fields["denomination"]
    assert result.pages >= 1 and result.detail_pages == len(expected)
    assert seen and seen[-1] == len(expected)
