"""A company's branches under a common denomination (issue 17, session 21): the register's list
for "ATLAS TRANSPORT" states more than a search may read at 10^5 (89 entries), and a branch
(établissement secondaire) is named there only by the ICE it shares with its company (the first
nine digits, DOMAIN §1.2). Such a list is read on, up to the filtered bound, for those rows
alone; one of another enterprise, or giving no ICE, never costs a detail page."""

from __future__ import annotations

from spiders.sources.company_register import CompanyRegisterSpider
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page

COMPANY = {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP"}


def _meta(request) -> dict:  # noqa: ANN001 - a scrapy Request
    return {k: v for k, v in request.meta.items() if k not in ("task", "parse", "download_slot")}


def _answer(spider: CompanyRegisterSpider, task: Task) -> list:  # noqa: ANN202 - Requests
    (by_name,) = [r for r in spider.search_requests(task) if "q=ATLAS+BTP" in r.url]
    _, requests, _ = run_page(spider, "company_register", "search.html", by_name.url,
                              "parse_results", task=task, **_meta(by_name))
    return requests


def _denomination(task: Task) -> dict:
    (entry,) = [s for s in task.searches if s["key"] == "name"]
    return entry


def test_a_long_denomination_list_is_read_for_the_debtors_enterprise_only() -> None:
    # the fixture's list states 2 results: more than max_results 1, within the filtered 2
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1,
                         SKIPTRACE_MAX_FILTERED_RESULTS=2)
    task = Task("D-1", {**COMPANY, "ice": "000123456000171"})  # a branch's sibling ICE
    requests = _answer(spider, task)
    details = [r.url for r in requests if "/company/" in r.url]
    assert details == [BASE + "company_register/company/CR-000123"]
    (next_page,) = [r for r in requests if "page=2" in r.url]
    assert next_page.meta["enterprise_only"]  # page 2 is read the same way
    assert not _denomination(task).get("too_broad") and task.too_broad == []
    assert spider.crawler.stats.get_value("skiptrace/company_register/rows_other_enterprise") == 1


def test_a_list_within_the_bound_is_read_as_before() -> None:
    # two rows, max_results 2: every row not of another enterprise is followed, as always
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=2)
    task = Task("D-1", {**COMPANY, "ice": "000123456000171"})
    details = [r.url for r in _answer(spider, task) if "/company/" in r.url]
    assert details == [BASE + "company_register/company/CR-000123"]
    task = Task("D-1", dict(COMPANY))  # no ICE: both rows
    assert len([r for r in _answer(spider, task) if "/company/" in r.url]) == 2


def test_without_an_ice_a_long_list_is_too_broad_as_before() -> None:
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1,
                         SKIPTRACE_MAX_FILTERED_RESULTS=2)
    task = Task("D-1", dict(COMPANY))
    requests = _answer(spider, task)
    assert requests == []
    assert _denomination(task)["too_broad"]


def test_past_the_filtered_bound_the_list_is_too_broad() -> None:
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1,
                         SKIPTRACE_MAX_FILTERED_RESULTS=1)
    task = Task("D-1", {**COMPANY, "ice": "000123456000171"})
    assert _answer(spider, task) == []
    assert _denomination(task)["too_broad"]
