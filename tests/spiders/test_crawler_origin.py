"""Issue 10 item 2, piece by piece: the settings and guards that keep a crawl on its source's
origin (the end-to-end hostile site is tests/security/test_crawler.py)."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from spiders.middlewares import SameOriginMiddleware
from spiders.options import scrapy_settings
from spiders.sources.company_register import CompanyRegisterSpider
from spiders.tasks import Task

from .conftest import make_spider

BASE = "http://127.0.0.1:8765"


def test_crawl_settings_fetch_only_http_and_send_no_referer():
    settings = scrapy_settings({"base_url": BASE})
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers.get(scheme, "missing") is None for scheme in ("file", "data", "ftp", "s3"))
    assert settings.getbool("REFERER_ENABLED") is False
    assert "Referer" not in settings.getdict("DEFAULT_REQUEST_HEADERS")
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    # before robots.txt (100): a refused origin does not even get asked for robots.txt
    assert middlewares["spiders.middlewares.SameOriginMiddleware"] < 100
    # redirects carry no Referer either, and Scrapy's warning about it is not printed
    assert middlewares["scrapy.downloadermiddlewares.redirect.RedirectMiddleware"] is None
    assert middlewares["spiders.middlewares.NoRefererRedirectMiddleware"] == 600


def test_a_redirect_drops_the_referer():
    from scrapy.http import HtmlResponse

    from spiders.middlewares import NoRefererRedirectMiddleware

    crawler = get_crawler(CompanyRegisterSpider, {"SKIPTRACE_BASE_URL": BASE})
    middleware = NoRefererRedirectMiddleware.from_crawler(crawler)
    request = Request(f"{BASE}/a", headers={"Referer": f"{BASE}/search?q=BK100001"})
    response = HtmlResponse(f"{BASE}/a", status=302, headers={"Location": f"{BASE}/b"},
                            request=request)
    redirected = middleware.process_response(request, response)
    assert isinstance(redirected, Request) and redirected.url == f"{BASE}/b"
    assert b"Referer" not in redirected.headers


def guard(base: str = BASE) -> tuple[SameOriginMiddleware, object]:
    crawler = get_crawler(CompanyRegisterSpider, {"SKIPTRACE_BASE_URL": base})
    crawler._apply_settings()
    crawler.spider = CompanyRegisterSpider.from_crawler(crawler, queries=[])
    return SameOriginMiddleware.from_crawler(crawler), crawler


@pytest.mark.parametrize("url", [f"{BASE}/company_register/search?q=x", f"{BASE}/robots.txt",
                                 "HTTP://127.0.0.1:8765/company_register/company/CR-1"])
def test_the_origin_guard_lets_the_source_own_origin_through(url):
    middleware, _ = guard()
    assert middleware.process_request(Request(url)) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8766/company_register/search?q=x",   # another port
    "https://127.0.0.1:8765/company_register/search",      # another scheme
    "http://127.0.0.2:8765/company_register/search",       # another host, same port
    "http://localhost:8765/company_register/search",       # another name for it: still another
    "file:///etc/hostname", "data:text/html,hello", "ftp://127.0.0.1:8765/x",
])
def test_the_origin_guard_drops_everything_else_counted_and_logged_by_origin(url, caplog):
    middleware, crawler = guard()
    with caplog.at_level(logging.WARNING), pytest.raises(IgnoreRequest):
        asked = url if url.startswith(("file:", "data:")) else url + "?cin=BK100001"
        middleware.process_request(Request(asked))
    assert crawler.stats.get_value("skiptrace/company_register/offsite_refused") == 1
    assert "BK100001" not in caplog.text and "this source is http://127.0.0.1:8765" in caplog.text


def test_the_default_port_is_the_same_origin():
    middleware, _ = guard("http://127.0.0.1/company_register")
    assert middleware.process_request(Request("http://127.0.0.1:80/company_register/x")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("http://127.0.0.1:8080/company_register/x"))


def test_a_spider_does_not_follow_a_link_off_its_origin():
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_BASE_URL=BASE)
    task = Task("D-1", {"name": "x"})
    for url in ("file:///etc/hostname", "http://127.0.0.1:9999/company_register/company/1",
                "data:text/html,x", "https://127.0.0.1:8765/company_register/company/1"):
        assert spider.follow(task, url, "parse_company") is None
    assert task.pending == 0 and task.requests == 0  # nothing left waiting for an answer
    assert spider.crawler.stats.get_value("skiptrace/company_register/offsite_refused") == 4
    assert spider.follow(task, f"{BASE}/company_register/company/1", "parse_company") is not None
    assert spider.allowed_domains == ["127.0.0.1"]
