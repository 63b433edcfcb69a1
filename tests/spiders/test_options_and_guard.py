"""Options → Scrapy settings, the config → options bridge, and the loopback guard."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.test import get_crawler

from skiptrace.config import parse_config
from skiptrace.connectors.web import crawl, crawl_options
from spiders.logsafe import MaskQueryFilter, safe_url
from spiders.middlewares import LoopbackOnlyMiddleware, is_loopback
from spiders.options import scrapy_settings

CONFIG = """
[skiptrace]
user_agent = "skiptrace-test/1 (ops@example.invalid)"
[sources.company_register]
kind = "web"
base_url = "${SKIPTRACE_SANDBOX_URL:-http://127.0.0.1:8765}/company_register"
rate_limit = 4.0
retries = 1
connect_timeout = 1.0
read_timeout = 2.0
max_pages = 3
concurrency = 2
"""


def test_options_become_scrapy_settings() -> None:
    settings = scrapy_settings({"rate_limit": 4.0, "concurrency": 2, "retries": 1,
                                "user_agent": "ua", "max_pages": 3, "download_timeout": 3.0})
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.25
    assert settings.getint("CONCURRENT_REQUESTS") == 2
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert settings.getint("RETRY_TIMES") == 1 and settings.get("USER_AGENT") == "ua"
    assert settings.getint("SKIPTRACE_MAX_PAGES") == 3
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    with pytest.raises(ValueError, match="unknown crawl options"):
        scrapy_settings({"bogus": 1})


def test_crawl_options_read_the_config_then_plain_overrides() -> None:
    config = parse_config(CONFIG, {"SKIPTRACE_SANDBOX_URL": "http://127.0.0.1:5555"})
    options = crawl_options(["company_register"], {"config": config, "log_level": "ERROR",
                                                   "sources": {"company_register":
                                                               {"max_pages": 1}}})
    source = options["sources"]["company_register"]
    assert source["base_url"] == "http://127.0.0.1:5555/company_register"
    assert source["user_agent"] == "skiptrace-test/1 (ops@example.invalid)"
    assert source["rate_limit"] == 4.0 and source["retries"] == 1
    assert source["download_timeout"] == 3.0 and source["concurrency"] == 2
    assert source["max_pages"] == 1 and source["log_level"] == "ERROR"


def test_logs_and_reasons_mask_what_was_searched() -> None:
    assert safe_url("x/search?q=000123456000093&page=2") == "x/search?q=00*************&page=2"
    record = logging.LogRecord("scrapy", logging.ERROR, __file__, 1,
                               "Gave up retrying <GET %s>", ("h/s?name=EL+ALAOUI&city=Fes",), None)
    MaskQueryFilter().filter(record)
    assert record.getMessage() == "Gave up retrying <GET h/s?name=EL*******&city=Fe*>"


def test_loopback_guard() -> None:
    assert is_loopback("http://127.0.0.1:80/x") and is_loopback("http://localhost/")
    assert is_loopback("http://[::1]:8080/")
    assert not is_loopback("http://10.1.2.3/") and not is_loopback("https://example.com/")
    with pytest.raises(NotConfigured):
        LoopbackOnlyMiddleware.from_crawler(get_crawler(settings_dict={
            "SKIPTRACE_LOOPBACK_ONLY": False}))
    guard = LoopbackOnlyMiddleware.from_crawler(get_crawler(settings_dict={
        "SKIPTRACE_LOOPBACK_ONLY": True}))
    assert guard.process_request(Request("http://127.0.0.1:1/x")) is None
    with pytest.raises(IgnoreRequest):
        guard.process_request(Request("http://192.0.2.10/x"))


def test_a_crawl_child_refuses_a_non_loopback_base_url() -> None:
    results = list(crawl([("D-1", {"kind": "person", "name": "EL ALAOUI Mohamed"})],
                         ["legal_notices"], {"base_url": "http://192.0.2.10:9", "retries": 0}))
    (result,) = results
    assert result.status.status == "failed"
    assert "not a loopback address" in (result.status.reason or "")
