"""Pages a crawl child fetched in the last minutes, answered again from its memory.

A batch's debtors ask the same questions: every BENNANI of the portfolio asks the notices for
"BENNANI", the register for its trader list, each pivot asks again what its debtor asked. At
10^5 registry entries, 12 % of a 1,000-debtor batch's requests repeated one made before, most
within the last 500 of the same source (issue 17, session 24: 3,311 of 27,941; 21 % of the
notices' searches). A real registry answers the same page the same way minutes apart, so asking
it again costs the source, the network and the crawl child for nothing.

Scrapy's own HTTP cache middleware (HTTPCACHE_*) does the asking and answering; this module
gives it what our pages need:

- ``MemoryCacheStorage``: in the crawl child's memory only, never on disk (personal data, law
  09-08: a page of search results names people; the block cache already holds their fields the
  same way, spiders/block_cache.py), bounded in pages and in bytes, least recently used out
  first, each page for ``HTTPCACHE_EXPIRATION_SECS`` at most: memory does not grow with the
  portfolio and a page is never older than that;
- ``CompletePagesPolicy``: only a GET answered 200 with a whole page is kept: a failure, a
  refusal or a page cut short is never served to another debtor in its place.

A page served again is still this debtor's request in its profile (``requests``; docs/profile.md:
the count must not depend on which debtor asked first); the batch summary says how many of
them were answered from memory (``cached``).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from scrapy.http import Headers, Response

from spiders.tasks import is_truncated

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.settings import BaseSettings

#: pages kept per source (a crawl child runs one spider per source): 500 caught 85 % of the
#: repeats at 10^5, 1,000 caught 95 %
PAGES = 1000
#: bytes of page bodies kept per source: a notices page of 50 results is about 52 kB
MAX_BYTES = 48 * 2**20
#: how long a page is answered again: the minutes a batch's debtors who share a name are apart
SECONDS = 900


class CompletePagesPolicy:
    """Keep a GET answered 200 with a whole page; serve a kept page as it is (no revalidation:
    it expires by age in the storage)."""

    def __init__(self, settings: BaseSettings) -> None:
        pass  # nothing to read: Scrapy builds every policy from the settings

    def should_cache_request(self, request: Request) -> bool:
        return request.method == "GET" and request.url.startswith(("http://", "https://"))

    def should_cache_response(self, response: Response, request: Request) -> bool:
        if response.status != 200:
            return False
        html = b"html" in (response.headers.get(b"Content-Type") or b"").lower()
        return not (html and is_truncated(response))

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        return True

    def is_cached_response_valid(self, cachedresponse: Response, response: Response,
                                 request: Request) -> bool:
        return True


class MemoryCacheStorage:
    """Pages by URL in an LRU bounded by ``HTTPCACHE_MEMORY_PAGES`` pages and
    ``HTTPCACHE_MEMORY_BYTES`` bytes of bodies, each for ``HTTPCACHE_EXPIRATION_SECS`` (0: the
    default ``SECONDS``; a page without an end date would outlive its truth)."""

    def __init__(self, settings: BaseSettings,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.pages = settings.getint("HTTPCACHE_MEMORY_PAGES", PAGES)
        self.max_bytes = settings.getint("HTTPCACHE_MEMORY_BYTES", MAX_BYTES)
        self.seconds = settings.getfloat("HTTPCACHE_EXPIRATION_SECS", 0) or SECONDS
        self._now = now
        #: by URL: when kept, the response's class, status, URL, headers and body
        self._kept: OrderedDict[str, tuple[float, type[Response], int, str, Headers, bytes]] = (
            OrderedDict())
        self.bytes = 0

    def open_spider(self, spider: Spider) -> None:
        self.clear()

    def close_spider(self, spider: Spider) -> None:
        self.clear()

    def clear(self) -> None:
        self._kept.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._kept)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        kept = self._kept.get(request.url)
        if kept is None:
            return None
        stored, cls, status, url, headers, body = kept
        if self._now() - stored >= self.seconds:
            self._drop(request.url)
            return None
        self._kept.move_to_end(request.url)
        # a new response each time, with its own headers: the middleware marks it "cached"
        return cls(url=url, status=status, headers=Headers(headers), body=body)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        self._drop(request.url)  # a newer answer replaces it, kept or not
        if self.pages <= 0 or len(response.body) > self.max_bytes:
            return
        self._kept[request.url] = (self._now(), type(response), response.status, response.url,
                                   Headers(response.headers), response.body)
        self.bytes += len(response.body)
        while len(self._kept) > self.pages or self.bytes > self.max_bytes:
            self._drop(next(iter(self._kept)))

    def _drop(self, url: str) -> None:
        kept = self._kept.pop(url, None)
        if kept is not None:
            self.bytes -= len(kept[5])
