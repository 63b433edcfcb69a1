"""The crawl's page cache (spiders/page_cache.py): only whole pages answered 200 to a GET are
kept, each is answered again as it came, for a bounded time, and the cache never holds more
pages or bytes than its bounds, whatever is stored in whatever order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import Settings

from spiders.page_cache import CompletePagesPolicy, MemoryCacheStorage

URL = "http://127.0.0.1:9/legal_notices/search?q=BENNANI"
PAGE = "<html><body><p class='count'>2 résultats</p></body></html>".encode()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def storage(clock: Clock | None = None, **settings: int) -> MemoryCacheStorage:
    return MemoryCacheStorage(Settings(settings), now=clock or Clock())


def page(url: str = URL, body: bytes = PAGE, status: int = 200) -> HtmlResponse:
    return HtmlResponse(url=url, body=body, status=status,
                        headers={"Content-Type": "text/html; charset=utf-8"})


def test_a_kept_page_is_answered_again_as_it_came_each_time_a_new_response() -> None:
    cache = storage()
    cache.store_response(None, Request(URL), page())  # type: ignore[arg-type]
    first = cache.retrieve_response(None, Request(URL))  # type: ignore[arg-type]
    second = cache.retrieve_response(None, Request(URL))  # type: ignore[arg-type]
    assert isinstance(first, HtmlResponse) and isinstance(second, HtmlResponse)
    assert first is not second  # the middleware marks each "cached": never shared
    assert (first.url, first.status, first.body) == (URL, 200, PAGE)
    assert first.text == PAGE.decode()
    assert first.headers.get("Content-Type") == b"text/html; charset=utf-8"
    assert cache.retrieve_response(None, Request(URL + "+Casablanca")) is None  # type: ignore[arg-type]


def test_a_page_is_answered_again_for_the_expiration_time_only() -> None:
    clock = Clock()
    cache = storage(clock, HTTPCACHE_EXPIRATION_SECS=60)
    cache.store_response(None, Request(URL), page())  # type: ignore[arg-type]
    clock.now += 59.9
    assert cache.retrieve_response(None, Request(URL)) is not None  # type: ignore[arg-type]
    clock.now += 0.1
    assert cache.retrieve_response(None, Request(URL)) is None  # type: ignore[arg-type]
    assert len(cache) == 0 and cache.bytes == 0  # an expired page is let go


def test_the_least_recently_answered_page_goes_first() -> None:
    cache = storage(HTTPCACHE_MEMORY_PAGES=2)
    urls = [f"{URL}{i}" for i in range(3)]
    cache.store_response(None, Request(urls[0]), page(urls[0]))  # type: ignore[arg-type]
    cache.store_response(None, Request(urls[1]), page(urls[1]))  # type: ignore[arg-type]
    assert cache.retrieve_response(None, Request(urls[0])) is not None  # type: ignore[arg-type]
    cache.store_response(None, Request(urls[2]), page(urls[2]))  # type: ignore[arg-type]
    kept = [u for u in urls if cache.retrieve_response(None, Request(u)) is not None]  # type: ignore[arg-type]
    assert kept == [urls[0], urls[2]]


def test_no_page_is_kept_when_the_cache_is_off() -> None:
    cache = storage(HTTPCACHE_MEMORY_PAGES=0)
    cache.store_response(None, Request(URL), page())  # type: ignore[arg-type]
    assert cache.retrieve_response(None, Request(URL)) is None  # type: ignore[arg-type]


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 400)), max_size=60),
       st.integers(1, 5), st.integers(1, 1200))
def test_the_cache_stays_within_its_pages_and_bytes(stores: list[tuple[int, int]], pages: int,
                                                    max_bytes: int) -> None:
    cache = storage(HTTPCACHE_MEMORY_PAGES=pages, HTTPCACHE_MEMORY_BYTES=max_bytes)
    last: dict[str, bytes] = {}
    for which, size in stores:
        url, body = f"{URL}{which}", b"x" * size
        cache.store_response(None, Request(url), page(url, body))  # type: ignore[arg-type]
        last[url] = body
        assert len(cache) <= pages and cache.bytes <= max_bytes
    kept = {u: r.body for u in last
            if (r := cache.retrieve_response(None, Request(u))) is not None}  # type: ignore[arg-type]
    assert cache.bytes == sum(map(len, kept.values()))
    assert all(body == last[u] for u, body in kept.items())  # never an older answer
    if stores:  # the last page stored is kept unless it alone is over the bytes
        url = f"{URL}{stores[-1][0]}"
        assert (url in kept) == (stores[-1][1] <= max_bytes)


def test_only_whole_pages_answered_200_to_a_get_are_kept() -> None:
    policy = CompletePagesPolicy(Settings())
    assert policy.should_cache_request(Request(URL))
    assert not policy.should_cache_request(Request(URL, method="POST"))
    assert policy.should_cache_response(page(), Request(URL))
    for status in (500, 429, 404, 301):
        assert not policy.should_cache_response(page(status=status), Request(URL)), status
    cut = page(body=PAGE[: PAGE.index(b"</body>")])  # the sandbox's "truncate" fault
    assert not policy.should_cache_response(cut, Request(URL))
    answer = TextResponse(url=URL, body=b'{"items": []}',
                          headers={"Content-Type": "application/json"})
    assert policy.should_cache_response(answer, Request(URL))  # no </html> to end a JSON answer
    assert isinstance(answer, Response)


def test_a_harvest_keeps_no_page_and_a_search_crawl_does() -> None:
    from spiders.crawl import crawler_settings

    assert crawler_settings({}, harvest=False).getbool("HTTPCACHE_ENABLED")
    assert not crawler_settings({}, harvest=True).getbool("HTTPCACHE_ENABLED")
    assert crawler_settings({"page_cache": 0}, harvest=False).getint("HTTPCACHE_MEMORY_PAGES") == 0
