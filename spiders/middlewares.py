"""Downloader middlewares: where a crawl may send requests.

``SameOriginMiddleware`` (always on): every request of a source, whether a start request, a
followed link, a redirect or a meta refresh (Scrapy reschedules those through the downloader
middlewares again), goes to the scheme, host and port of the source's base URL; any other is
dropped before a connection is made, counted (``skiptrace/<source>/offsite_refused``) and
logged with its origin only (never the path or query, which carry what was searched).

``LoopbackOnlyMiddleware`` keeps a crawl on loopback when told to (tests, demos, the sandbox).
With ``SKIPTRACE_LOOPBACK_ONLY`` on (setting, or the environment variable of that name, which
the crawl child inherits from the test process), a request to any host other than 127.0.0.0/8,
::1 or localhost is refused before a connection is made; the refusal becomes the (debtor,
source) status like any other failed request.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from skiptrace.config import show_origin, url_origin

logger = logging.getLogger(__name__)


class SameOriginMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.origin = url_origin(str(crawler.settings.get("SKIPTRACE_BASE_URL") or ""))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SameOriginMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        target = url_origin(request.url)
        if target is not None and target == self.origin:
            return
        name = getattr(self.crawler.spider, "name", None) or "crawl"
        where = show_origin(target, request.url)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"skiptrace/{name}/offsite_refused")
        logger.warning("%s: refused a request to %s: this source is %s", name, where,
                       show_origin(self.origin))
        raise IgnoreRequest(f"off this source's origin: {where}")


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name would need resolving: refuse it


class _NoReferer:
    """Redirects without a Referer, quietly: Scrapy's redirect middlewares hand the Referer to
    the RefererMiddleware, which is off on purpose (settings.REFERER_ENABLED), and warn about
    it once per crawler."""

    def handle_referer(self, request: Request, response: Response) -> None:
        request.headers.pop(b"Referer", None)

    def _engine_started(self) -> None:  # Scrapy's hook that would look for it and warn
        pass


class NoRefererRedirectMiddleware(_NoReferer, RedirectMiddleware):
    pass


class NoRefererMetaRefreshMiddleware(_NoReferer, MetaRefreshMiddleware):
    pass


class LoopbackOnlyMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoopbackOnlyMiddleware:
        if not crawler.settings.getbool("SKIPTRACE_LOOPBACK_ONLY"):
            raise NotConfigured
        return cls()

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not is_loopback(request.url):
            raise IgnoreRequest(f"not a loopback address: {urlsplit(request.url).hostname}")
