"""Which fallback search runs, and in what order a task's searches are reported, never depend
on which answer came back first (two runs of one portfolio must search alike: a batch with two
crawl children wrote a different profile once under load). What is left of the budget once a
task's first searches are planned is reserved for their fallbacks in plan order
(``SourceSpider.reserve``); the status lists searches in plan order."""

from __future__ import annotations

from scrapy import Request

from spiders.sources.phone_directory import PhoneDirectorySpider
from spiders.tasks import Task
from tests.spiders.conftest import make_spider, run_page

QUERY = {"kind": "person", "name": "EL ALAOUI Mohamed", "city": "Fès"}  # name, surname, ELALAOUI


def _planned(spider: PhoneDirectorySpider) -> tuple[Task, list[Request]]:
    task = Task("D-1", dict(QUERY))
    requests = [r for r in spider._start_task(task.query) if isinstance(r, Request)]
    return requests[0].meta["task"], requests


def _empty_answer(spider: PhoneDirectorySpider, task: Task, request: Request) -> list[Request]:
    task.pending -= 1
    task.requests -= 1
    _, requests, _ = run_page(spider, "phone_directory", "search_empty.html", request.url,
                              "parse_listings", task=task,
                              **{k: request.meta[k] for k in ("page", "otherwise", "search",
                                                              "order", "reserved")})
    return requests


def test_the_budget_left_goes_to_the_first_planned_fallback() -> None:
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_SEARCHES=4)
    task, requests = _planned(spider)
    assert len(requests) == 3 and task.spare == 0
    assert [r.meta["reserved"] for r in requests] == [1, 0, 0]


def test_the_same_fallback_runs_whichever_answer_comes_first() -> None:
    for answered_first in (0, 2):
        spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_SEARCHES=4)
        task, requests = _planned(spider)
        later = 2 - answered_first
        first = _empty_answer(spider, task, requests[answered_first])
        second = _empty_answer(spider, task, requests[later])
        ran = first + second
        assert [r.url for r in ran] == [requests[0].url.replace("&city=F%C3%A8s", "")]
        assert task.over_budget == 1  # the spelling's fallback had no reservation


def test_searches_are_reported_in_plan_order_not_answer_order() -> None:
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_SEARCHES=4)
    task, requests = _planned(spider)
    _empty_answer(spider, task, requests[2])
    _empty_answer(spider, task, requests[0])  # its fallback is appended last
    reasons = [s["reason"] for s in task.status("phone_directory").searches]
    assert reasons[0] == "name as written" and reasons[1] == "name as written, any city"
    assert all("order" not in s for s in task.status("phone_directory").searches)
