"""Downloader middleware: keep a crawl on loopback when told to (tests, demos, the sandbox).

With ``SKIPTRACE_LOOPBACK_ONLY`` on (setting, or the environment variable of that name, which
the crawl child inherits from the test process), a request to any host other than 127.0.0.0/8,
::1 or localhost is refused before a connection is made; the refusal becomes the (debtor,
source) status like any other failed request.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name would need resolving: refuse it


class LoopbackOnlyMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoopbackOnlyMiddleware:
        if not crawler.settings.getbool("SKIPTRACE_LOOPBACK_ONLY"):
            raise NotConfigured
        return cls()

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not is_loopback(request.url):
            raise IgnoreRequest(f"not a loopback address: {urlsplit(request.url).hostname}")
