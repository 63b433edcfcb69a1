"""Helpers for spider tests: saved pages as fake responses (city-scrapers' ``file_response``),
a spider bound to a test crawler with stats, and running one callback on one page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.base import SourceSpider
from spiders.items import RecordItem, StatusItem
from spiders.tasks import Task

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "http://127.0.0.1:9/"


def file_response(source: str, fixture: str, url: str, **meta: Any) -> HtmlResponse:
    """A saved page as the response to ``url``, with a request carrying ``meta``."""
    body = (FIXTURES / source / fixture).read_bytes()
    request = Request(url, meta=meta)
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=request)


def make_spider(cls: type[SourceSpider], **settings: Any) -> SourceSpider:
    crawler = get_crawler(cls, {"SKIPTRACE_BASE_URL": BASE, **settings})
    crawler._apply_settings()
    spider = cls.from_crawler(crawler, queries=[])
    crawler.spider = spider
    return spider


def run_page(spider: Spider, source: str, fixture: str, url: str, parse: str,
             task: Task | None = None, **meta: Any) -> tuple[list[RecordItem], list[Request],
                                                              list[StatusItem]]:
    """Run ``parse`` on a saved page the way the spider's dispatcher does; split the output.
    The records are those the page made: sent, or kept on a task still waiting for another
    page (they go out with its status, ``SourceSpider._held``)."""
    task = task or Task("D-1", {"name": "x"})
    task.pending += 1
    task.requests += 1
    response = file_response(source, fixture, url, task=task, parse=parse, **meta)
    out = dispatch_page(spider, response)
    return ([o for o in out if isinstance(o, RecordItem)],
            [o for o in out if isinstance(o, Request)],
            [o for o in out if isinstance(o, StatusItem)])


def dispatch_page(spider: SourceSpider, response: HtmlResponse) -> list[Any]:
    """What the dispatcher made of one page: its output, and the records it kept on a task
    still waiting for another page (they go out with its status, ``SourceSpider._held``)."""
    task: Task = response.meta["task"]
    before = len(task.held)
    out = list(spider._dispatch(response))
    return out + task.held[before:]


@pytest.fixture
def task() -> Task:
    return Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP SARL AU"})


@pytest.fixture(autouse=True)
def _loopback_only_crawls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Crawl children inherit this: they refuse any host but loopback (spiders/middlewares)."""
    monkeypatch.setenv("SKIPTRACE_LOOPBACK_ONLY", "1")
