"""SourceSpider: what every web source shares — tasks per (debtor, source), provenance,
drift counters, and a status for each task that never depends on a callback not crashing.

A source subclass builds its first requests from a debtor query (``search_requests``) and
parses pages with ``parse_*`` methods that yield items and ``self.follow(...)`` requests.
Every request carries its ``Task``; the task counts pending requests, and the callback or
errback that finishes the last one emits the task's status after its records.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar
from urllib.parse import urlencode

from parsel import SelectorList
from scrapy import Request, Spider
from scrapy.http import Response
from twisted.python.failure import Failure

from skiptrace.config import Origin, show_origin, url_origin
from skiptrace.model import mask, too_broad_search
from spiders.feed import QueryFeed
from spiders.items import RecordItem, StatusItem
from spiders.logsafe import safe_url
from spiders.tasks import Task, describe_failure, is_truncated

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Search:
    """One search of a source: its query parameters, and for the status the key searched
    (cin | rc | ice | name | surname | phone), the value (masked when reported) and why."""

    key: str
    value: str
    reason: str
    query: tuple[tuple[str, str], ...]
    # run instead of paging when this search finds more than ``max_results`` (each narrower
    # may have its own): the same question with one more word (the city, a given name)
    narrower: tuple[Search, ...] = ()
    # the question of the search before, in another transcription of the name (RMADANI /
    # RAMDANI): as a fallback it runs outside the budget, like a narrower search, since it
    # replaces an answer that held nobody (querying.respellings; issue 12)
    respelling: bool = False

    @property
    def params(self) -> dict[str, str]:
        return dict(self.query)

    def narrowed(self, *searches: Search | None) -> Search:
        """This search with ``searches`` (the Nones dropped) as its narrower ones."""
        kept = tuple(dict.fromkeys(s for s in searches if s is not None and s != self))
        return replace(self, narrower=kept)


def make_search(key: str, value: str | None, reason: str,
                **params: str | None) -> Search | None:
    """A Search, or None when there is no value or a parameter is empty."""
    if not value or any(not v for v in params.values()):
        return None
    return Search(key, value, reason, tuple((k, str(v)) for k, v in params.items()))


def result_count(response: Response) -> int | None:
    """The result count a list page states ("1 014 résultats"), or None when it states none."""
    found = re.match(r"\s*(\d[\d\s\u202f\u00a0]*)", response.css("p.count::text").get() or "")
    return int(re.sub(r"\D", "", found.group(1))) if found else None


def search_entry(response: Response, task: Task) -> dict[str, Any] | None:
    """The entry (``task.searches``, the profile's ``searches``) of the search a page answers,
    or None for a page no search made (a detail page, a harvest's browse page)."""
    index = response.meta.get("search")
    return task.searches[index] if isinstance(index, int) and 0 <= index < len(
        task.searches) else None


def answers_a_name(response: Response, task: Task) -> bool:
    """Whether the page answers a search by a name or a surname (a person's or a company's),
    whose results are everyone of that name, not one holder's own as an identifier's are
    (decision 0058: such a page, too broad, is not read)."""
    entry = search_entry(response, task)
    return entry is not None and entry["key"] in ("name", "surname")


PIVOT_PRIORITY = 10


def because(query: dict[str, Any], key: str) -> str:
    """What a pivot query says made its ``key`` known ("notice LN-… gave the CIN"), as a
    suffix of the search's reason; empty for a first-round query."""
    found = (query.get("because") or {}).get(key) if isinstance(query.get("because"), dict) else None
    return f"; pivot: {found}" if isinstance(found, str) and found.strip() else ""


def _carried(meta: dict[str, Any]) -> dict[str, Any]:
    """What a narrower search keeps of its broader one's request (a source's own flags, such
    as the register's ``traders_only``); never the task or paging state."""
    return {k: v for k, v in meta.items() if k in ("traders_only", "rows_filtered")}


def _found_nobody(response: Response, found: int, promising: int | None) -> bool:
    """Whether a first result page found nobody: no result, or none that may be the person
    (``promising``) on a page that holds the whole answer (a later page may hold them)."""
    if not found:
        return True
    whole = (result_count(response) or found) <= found and not response.css("a.next")
    return promising is not None and whole and not promising


class LayoutChanged(Exception):
    """The page has no recognisable result list or detail block (the site was redesigned)."""


class SourceSpider(Spider):
    """Base of the web sources. Subclasses set ``name``, ``expected_fields`` and implement
    ``search_requests(task)``; harvestable sources also implement ``harvest_requests(task)``."""

    expected_fields: ClassVar[dict[str, tuple[str, ...]]] = {}
    allowed_domains: list[str]  # set by from_crawler, read by Scrapy's offsite middleware

    def __init__(self, queries: Iterable[dict[str, Any]] = (), harvest: bool = False,
                 feed: QueryFeed | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queries = list(queries)
        self.harvest = harvest
        # queries that arrive while the crawl runs (spiders/feed.py); else the fixed list
        self.feed = feed
        self._feed_queue = feed.queue_for(self.name) if feed is not None else None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        origin = spider.origin
        # Scrapy's own offsite check, by host (it skips dont_filter requests and ignores ports
        # and schemes: SameOriginMiddleware is the real guard)
        spider.allowed_domains = [origin[1]] if origin else []
        return spider

    def expected_for(self, kind: str, fields: dict[str, Any]) -> tuple[str, ...]:
        """The fields a record of ``kind`` should carry (a source may let the record's own
        fields say that some cannot exist, e.g. a trader's capital)."""
        return self.expected_fields.get(kind, ())

    # --- settings helpers -------------------------------------------------------------
    @property
    def root_url(self) -> str:
        """The source's root: ``<base>/<source>`` unless the base already names the source."""
        base = str(self.settings.get("SKIPTRACE_BASE_URL")).rstrip("/")
        return base if base.endswith("/" + self.name) else f"{base}/{self.name}"

    @property
    def origin(self) -> Origin | None:
        """(scheme, host, port) of the source: the only place its requests go."""
        return url_origin(self.root_url)

    @property
    def max_pages(self) -> int:
        key = "SKIPTRACE_HARVEST_MAX_PAGES" if self.harvest else "SKIPTRACE_MAX_PAGES"
        return self.settings.getint(key)

    # --- requests --------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        """Scrapy pulls these as it has room: tasks start when they do. From a feed, the
        spider stays open (Scrapy does not close it while ``start`` runs) until the feed ends."""
        if self.feed is not None and self._feed_queue is not None and not self.harvest:
            self.feed.start(asyncio.get_running_loop())
            while (query := (await self._feed_queue.get())[2]) is not None:
                for out in self._start_task(query):
                    yield out
            return
        for query in [{}] if self.harvest else self.queries:
            for out in self._start_task(query):
                yield out

    def _start_task(self, query: dict[str, Any]) -> list[Any]:
        """A task's first requests, or its status at once when it has nothing to search."""
        task = Task(query.get("debtor_id"), query)
        only = query.get("sources")
        if only and isinstance(only, list) and self.name not in only:
            return [self._status_item(task)]  # a query for other sources: skipped
        starts = self.harvest_requests(task) if self.harvest else self.search_requests(task)
        requests = list(starts)
        self.reserve(task, requests)
        return requests if requests else [self._status_item(task)]

    def reserve(self, task: Task, requests: list[Request]) -> None:
        """Give what is left of the budget once the first searches are planned to their
        fallbacks ("otherwise": the same search without the city...), in plan order, before any
        answer comes: which fallback may run must not depend on which answer came back first,
        or two runs of one portfolio would search differently. A reservation a fallback does
        not use (its search found something) is not given to another."""
        if not self.max_searches:
            return
        task.spare = max(0, self.max_searches - len(task.searches))
        for request in requests:
            wanted = len(request.meta.get("otherwise") or ())
            granted = min(wanted, task.spare)
            request.meta["reserved"] = granted
            task.spare -= granted

    def search_requests(self, task: Task) -> Iterator[Request]:
        raise NotImplementedError

    def harvest_requests(self, task: Task) -> Iterator[Request]:
        raise NotImplementedError(f"{self.name} cannot be harvested")

    @property
    def max_results(self) -> int:
        """Results a search may page through (0 = no bound): past it, the search is narrowed
        or reported too broad instead of read page after page (issue 17)."""
        return 0 if self.harvest else self.settings.getint("SKIPTRACE_MAX_RESULTS", 50)

    @property
    def page_size_param(self) -> dict[str, str]:
        """``per_page=N`` for a site whose search takes it (``page_size``; the sandbox's does):
        a search of up to ``max_results`` results is then one page, not five of ten (issue 17).
        Nothing for a site whose page size is its own (the default)."""
        size = self.settings.getint("SKIPTRACE_PAGE_SIZE", 0)
        return {"per_page": str(size)} if size > 0 else {}

    @property
    def max_filtered_results(self) -> int:
        """Results a search whose rows are filtered before any follow-up may page through
        (``rows_filtered``: the register's trader lists, each row judged on its written name
        before it costs a detail page): a few list pages then cost less than the narrower
        searches, and find the entries they cannot ("AZIZI A.": a search engine drops the
        word "a"; "Hadj Hassan" for "Hasan"). Never below ``max_results``."""
        if not self.max_results:
            return 0
        return max(self.max_results, self.settings.getint("SKIPTRACE_MAX_FILTERED_RESULTS", 0))

    def too_broad(self, response: Response) -> bool:
        """Whether the first page of a search states more results than it may page through
        (``max_results``, or ``max_filtered_results`` for a search whose rows are filtered)."""
        count = result_count(response) if response.meta.get("page") == 1 else None
        bound = (self.max_filtered_results if response.meta.get("rows_filtered")
                 else self.max_results)
        return bool(bound and count is not None and count > bound)

    @property
    def max_searches(self) -> int:
        """The per-debtor budget of searches for this source (0 = no limit)."""
        return self.settings.getint("SKIPTRACE_MAX_SEARCHES", 4)

    def search(self, task: Task, searches: Iterable[Search | None], parse: str,
               otherwise: Iterable[Search | None] = (), **meta: Any) -> Iterator[Request]:
        """First result page of each distinct search, within the task's budget.
        ``otherwise``: searches run one after the other, each only if the previous one found
        nothing (see ``searched``); ``meta``: what the parse callback reads of the search."""
        rest = [s for s in otherwise if s is not None]
        for search in dict.fromkeys(s for s in searches if s is not None):
            request = self.run_search(task, search, parse, otherwise=rest,
                                      order=(len(task.searches),), **meta)
            if request is not None:
                yield request

    def run_search(self, task: Task, search: Search, parse: str, narrowing: bool = False,
                   order: tuple[int, ...] = (), **meta: Any) -> Request | None:
        """The first result page of one search, or None when the budget is spent or the task
        already asked for that page. A narrowing search replaces the pages of a broader one,
        so the budget does not refuse it (each search has a handful at most)."""
        url = f"{self.root_url}/search?{urlencode({**search.params, **self.page_size_param})}"
        if url in task.followed:
            return None
        meta.setdefault("narrower", search.narrower)
        if not narrowing and self.max_searches and len(task.searches) >= self.max_searches:
            task.over_budget += 1
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/searches_over_budget")
            return None
        request = self.follow(task, url, parse, page=1, search=len(task.searches),
                              order=order, **meta)
        if request is not None:
            task.searches.append({"key": search.key, "value": mask(search.value),
                                  "reason": search.reason + because(task.query, search.key),
                                  "results": 0, "order": order})
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/searches/{search.key}")
        return request

    def searched(self, response: Response, task: Task, found: int,
                 promising: int | None = None) -> Iterator[Request]:
        """After a result page: count the search's results (the page's "N résultats", else
        what it lists); after a first page that states too many, the narrower searches instead
        of the next pages (or, with none left, the search reported too broad); after a first
        page that found nothing, the next ``otherwise`` search. ``promising``: of the results
        found, those that may be the person (a source that can tell from the list: None when
        every one may); a first page that is the whole answer and has none of them found
        nobody, for the fallback."""
        entry = search_entry(response, task)
        if entry is not None and response.meta.get("page") == 1:
            count = result_count(response)
            entry["results"] = count if count is not None else found
        if self.too_broad(response):
            yield from self._narrow(response, task, entry)
        rest = response.meta.get("otherwise") or []
        if response.meta.get("page") != 1 or not rest or not _found_nobody(response, found,
                                                                            promising):
            return
        yield from self._fallback(response, task, rest)

    def _fallback(self, response: Response, task: Task, rest: list[Search]) -> Iterator[Request]:
        """The next ``otherwise`` search of one that found nothing, on the budget reserved for
        it when the task was planned (``reserve``); without a reservation, over budget. A
        ``respelling`` (the same question, the name transcribed otherwise) runs outside the
        budget, and leaves the reservation to the searches after it."""
        reserved = response.meta.get("reserved")
        respelled = rest[0].respelling  # outside the budget, the reservation kept for the rest
        if not respelled and reserved is not None and reserved <= 0:
            task.over_budget += 1
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/searches_over_budget")
            return
        order = (*(response.meta.get("order") or ()), 1)
        request = self.run_search(task, rest[0], response.meta["parse"],
                                  narrowing=respelled or reserved is not None, order=order,
                                  otherwise=rest[1:],
                                  reserved=reserved if respelled or reserved is None
                                  else reserved - 1, **_carried(response.meta))
        if request is not None:
            yield request

    def _narrow(self, response: Response, task: Task,
                entry: dict[str, Any] | None) -> Iterator[Request]:
        """The narrower searches of a search whose first page states too many results; when
        there are none (or all were asked already), the search is reported too broad."""
        narrower: tuple[Search, ...] = response.meta.get("narrower") or ()
        parent = tuple(response.meta.get("order") or ())
        started = [r for r in (self.run_search(task, s, response.meta["parse"], narrowing=True,
                                               order=(*parent, 2, i), **_carried(response.meta))
                               for i, s in enumerate(narrower)) if r is not None]
        if entry is not None:
            entry["too_broad"] = True
            if started:
                entry["narrowed"] = len(started)
        if not started:
            what = f"{entry['key']} {entry['value']}" if entry else "a search"
            task.too_broad.append(too_broad_search(what, result_count(response)))
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/too_broad")
        yield from started

    def follow(self, task: Task, url: str, parse: str, **meta: Any) -> Request | None:
        """A request for ``task``, parsed by the method named ``parse``; None if this task
        already asked for that URL (two searches finding the same company) or if the URL is
        off the source's origin (a page's link to file:, data:, another host or port)."""
        if not self.on_origin(url):
            return None
        if url in task.followed:
            return None
        task.followed.add(url)
        task.pending += 1
        task.requests += 1
        meta.update(task=task, parse=parse, download_slot=self.name)
        # a pivot's debtor is waiting on it, first-round requests queued behind have no one
        return Request(url, callback=self._dispatch, errback=self._errback, meta=meta,
                       dont_filter=True, priority=PIVOT_PRIORITY if task.query.get("pivot") else 0)

    def on_origin(self, url: str) -> bool:
        """Whether ``url`` is on the source's origin; a link elsewhere is counted, logged with
        its origin only, and not followed (SameOriginMiddleware also drops redirects)."""
        target = url_origin(url)
        if target is not None and target == self.origin:
            return True
        self.crawler.stats.inc_value(f"skiptrace/{self.name}/offsite_refused")
        logger.warning("%s: not following a link to %s: this source is %s", self.name,
                       show_origin(target, url), show_origin(self.origin))
        return False

    # --- callbacks -------------------------------------------------------------------
    def _dispatch(self, response: Response) -> Iterator[Any]:
        task: Task = response.meta["task"]
        self.crawler.stats.inc_value(f"skiptrace/{self.name}/pages")
        self.crawler.stats.inc_value(f"skiptrace/{self.name}/pages/{response.meta['parse']}")
        if "cached" in response.flags:  # another debtor's search fetched it (page_cache.py)
            task.cached += 1
        cut = is_truncated(response)
        if cut:  # parse what is there, but what was cut off makes the answer partial
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/truncated_page")
            task.errors.append(f"malformed or truncated page at {safe_url(response.url)}")
        try:
            yield from self._held(task, getattr(self, response.meta["parse"])(response, task))
            task.pages_ok += 1
        except LayoutChanged as exc:
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/layout_changed")
            if not cut:
                task.errors.append(f"layout changed at {safe_url(response.url)}: {exc}")
            logger.warning("%s: unreadable page at %s: %s", self.name, safe_url(response.url), exc)
            yield from self._held(task, self.on_layout_changed(response, task))
        except Exception as exc:  # a parser bug must cost one task, not the crawl
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/parse_error")
            task.errors.append(f"parse error at {safe_url(response.url)}: {type(exc).__name__}")
            logger.exception("%s: parse error at %s", self.name, safe_url(response.url))
        yield from self._done(task)

    def _errback(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        task: Task = request.meta["task"]
        reason = describe_failure(failure)
        self.crawler.stats.inc_value(f"skiptrace/{self.name}/request_failed")
        task.errors.append(f"{reason} at {safe_url(request.url)}")
        logger.warning("%s: %s at %s (debtor %s)", self.name, reason, safe_url(request.url),
                       mask(task.debtor_id, 4))
        yield from self._held(task, self.on_request_failed(request, task, reason))
        yield from self._done(task)

    def on_layout_changed(self, response: Response, task: Task) -> Iterator[Any]:
        """Hook: what a source can still salvage from a page it no longer understands."""
        return iter(())

    def on_request_failed(self, request: Request, task: Task, reason: str) -> Iterator[Any]:
        """Hook: what a source can still salvage when a request failed for good."""
        return iter(())

    def _held(self, task: Task, outputs: Iterable[Any]) -> Iterator[Any]:
        """A callback's requests, at once; its records kept on the task until the task's
        status goes out (``_done``), so that they go through the item pipelines in one
        callback's output, ahead of the status. Yielded from the callback that made them, a
        record waited in its own response's item queue while a later response's callback could
        send the status ahead of it, and the parent closes a (debtor, source) pair at its
        status (decision 0057). A harvest's records go out at once: one task holds them all."""
        for out in outputs:
            if out is None:
                continue
            if isinstance(out, RecordItem) and not self.harvest:
                task.held.append(out)
            else:
                yield out

    def _done(self, task: Task) -> Iterator[Any]:
        task.pending -= 1
        if task.pending == 0:
            held, task.held = task.held, []
            yield from held
            yield self._status_item(task)

    def _status_item(self, task: Task) -> StatusItem:
        return StatusItem(source=self.name, debtor_id=task.debtor_id,
                          status=task.status(self.name))

    # --- items -----------------------------------------------------------------------
    def record(self, task: Task, kind: str, record_id: str | None, url: str,
               fields: dict[str, Any]) -> RecordItem:
        """A record item for ``task``; the pipelines validate, normalize and stamp it."""
        self.crawler.stats.inc_value(f"skiptrace/{self.name}/records")
        return RecordItem(source=self.name, kind=kind, record_id=record_id, url=url,
                          fields=fields, debtor_id=task.debtor_id)

    def result_list(self, response: Response, items: str, containers: str) -> SelectorList:
        """The result blocks of a list page; none AND no list container (not even a result
        count) means the page is no longer one we understand."""
        found = response.css(items)
        if not found and not response.css(containers):
            raise LayoutChanged(f"no {items} nor {containers}")
        return found

    def next_page(self, response: Response, task: Task, page: int, parse: str,
                  selector: str = "a.next::attr(href)", **meta: Any) -> Request | None:
        """The next result page, unless there is none or the page limit is reached."""
        href = response.css(selector).get()
        if not href or self.too_broad(response):  # too broad: narrowed instead (``searched``)
            return None
        if self.max_pages and page >= self.max_pages:
            task.truncated = True
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/max_pages_reached")
            return None
        return self.follow(task, response.urljoin(href), parse, page=page + 1, **meta)
