"""A task's records go through the item pipelines in the output of the callback that ends the
task, ahead of its status (``SourceSpider._held``, decision 0057): with Scrapy processing a
response's items one at a time (``CONCURRENT_ITEMS = 1``), a record yielded by an earlier
response's callback waited in that response's queue while a later response sent the status, and
the parent, which closes a (debtor, source) pair at its status, lost it (one directory listing
of 1,000 debtors, seed 40961)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse

from spiders.base import SourceSpider
from spiders.items import RecordItem, StatusItem
from spiders.tasks import Task

from .conftest import BASE, make_spider


class TwoPages(SourceSpider):
    """A search page that lists two rows and follows a detail page, which lists a third."""

    name = "phone_directory"

    def search_requests(self, task: Task) -> Iterator[Request]:
        return iter(())

    def parse_list(self, response: HtmlResponse, task: Task) -> Iterator[Any]:
        yield self.record(task, "phone", "PD-1", response.url, {"name": "A"})
        yield self.follow(task, f"{BASE}detail", "parse_detail")
        yield self.record(task, "phone", "PD-2", response.url, {"name": "B"})

    def parse_detail(self, response: HtmlResponse, task: Task) -> Iterator[Any]:
        yield self.record(task, "phone", "PD-3", response.url, {"name": "C"})


def _response(url: str, task: Task, parse: str) -> HtmlResponse:
    request = Request(url, meta={"task": task, "parse": parse})
    return HtmlResponse(url=url, body=b"<html><body></body></html>", encoding="utf-8",
                        request=request)


def test_the_records_go_out_with_the_status_in_one_output() -> None:
    spider = make_spider(TwoPages)
    task = Task("D-1", {"debtor_id": "D-1", "name": "A"})
    task.pending, task.requests = 1, 1
    first = list(spider._dispatch(_response(f"{BASE}list", task, "parse_list")))
    assert [type(o) for o in first] == [Request]  # the follow-up at once, no record yet
    assert task.pending == 1 and [r.record_id for r in task.held] == ["PD-1", "PD-2"]
    last = list(spider._dispatch(_response(f"{BASE}detail", task, "parse_detail")))
    assert [getattr(o, "record_id", None) for o in last[:-1]] == ["PD-1", "PD-2", "PD-3"]
    assert all(isinstance(o, RecordItem) for o in last[:-1]) and isinstance(last[-1], StatusItem)
    assert task.held == []


def test_a_harvest_sends_its_records_at_once() -> None:
    spider = make_spider(TwoPages)
    spider.harvest = True
    task = Task(None, {})
    task.pending, task.requests = 2, 2
    out = list(spider._dispatch(_response(f"{BASE}list", task, "parse_list")))
    assert [getattr(o, "record_id", None) for o in out if isinstance(o, RecordItem)] == [
        "PD-1", "PD-2"]
    assert task.held == []
