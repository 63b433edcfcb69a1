"""A person's family-name searches in the notices read as filtered lists (docs/pivots.md 28):
each row is judged on the initials beside the family name before it is parsed, so a list of up
to ``max_filtered_results`` is read whole instead of narrowed to the city and the given names,
and finds the partner listed by an initial that no narrower search can ("Mme M. AIT TALEB : 15
parts" among 140 AIT TALEB notices of seed 80037's 10^4 world)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse

from spiders.sources.legal_notices import LegalNoticesSpider
from spiders.tasks import Task
from tests.spiders.conftest import BASE, dispatch_page, make_spider

PERSON = {"debtor_id": "D-1", "kind": "person", "name": "AIT TALEB Malika",
          "last_name": "AIT TALEB", "city": "Safi", "city_name": "Safi"}


def _article(rid: str, people: str) -> str:
    return (f'<article class="notice" data-id="{rid}"><h2 class="title"><a href="/legal_notices/'
            f'notice/{rid}">SOCIETE {rid} SARL - Constitution</a></h2><div class="text">Associés'
            f" : {people}. Le dépôt légal a été effectué au tribunal de commerce de Casablanca"
            "</div></article>")


def _page(url: str, count: int, articles: list[str], more: bool, **meta: Any) -> HtmlResponse:
    following = f'<a class="next" href="{url}&page=2">suivante</a>' if more else ""
    body = (f'<html><body><p class="count">{count} résultats</p><div class="notices">'
            f'{"".join(articles)}</div>{following}</body></html>')
    return HtmlResponse(url=url, body=body.encode(), encoding="utf-8",
                        request=Request(url, meta=meta))


def _run(spider: LegalNoticesSpider, response: HtmlResponse) -> tuple[list, list[Request]]:
    """The page's records (sent, or kept on its task for its status: ``_held``) and requests."""
    out = dispatch_page(spider, response)
    return ([o for o in out if hasattr(o, "record_id")],
            [o for o in out if isinstance(o, Request)])


def _every_city(filtered: int) -> tuple[LegalNoticesSpider, Task, Request]:
    """A spider reading filtered lists up to ``filtered`` results, the task and its first
    request for the family name in every city."""
    spider = make_spider(LegalNoticesSpider, SKIPTRACE_MAX_RESULTS=2,
                         SKIPTRACE_MAX_FILTERED_RESULTS=filtered)
    assert isinstance(spider, LegalNoticesSpider)
    task = Task("D-1", dict(PERSON))
    (found,) = [r for r in spider.search_requests(task) if r.url.endswith("q=AIT+TALEB")]
    return spider, task, found


def _meta(request: Request) -> dict[str, Any]:
    return {k: v for k, v in request.meta.items() if k not in ("task", "parse", "download_slot")}


def test_the_family_name_in_every_city_is_read_on_within_the_filtered_bound() -> None:
    spider, task, first = _every_city(4)
    assert first.meta["rows_filtered"]
    page = _page(first.url, 4, [_article("LN-1", "M. AIT TALEB Omar : 10 parts"),
                                _article("LN-2", "M. KABBAJ A. : 5 parts")], True,
                 task=task, parse="parse_notices", **_meta(first))
    task.pending += 1
    records, requests = _run(spider, page)
    # LN-1 names another AIT TALEB (Omar, not an M): not parsed; LN-2 does not write the
    # family name as searched and is kept
    assert [r.record_id for r in records] == ["LN-2"]
    # the second page, not the narrower search in the city
    assert [r.meta["page"] for r in requests] == [2]
    assert not any("Safi" in r.url for r in requests)
    assert not task.searches[first.meta["search"]].get("too_broad")
    # and the second page is judged on the initials as the first was
    second = _page(requests[0].url, 4, [_article("LN-3", "Mme M. AIT TALEB : 15 parts"),
                                        _article("LN-4", "M. AIT TALEB Karim : 3 parts")],
                   False, task=task, parse="parse_notices", **_meta(requests[0]))
    task.pending += 1
    records, _ = _run(spider, second)
    assert [r.record_id for r in records] == ["LN-3"]


def test_past_the_filtered_bound_it_is_narrowed_to_the_city_as_before() -> None:
    spider, task, first = _every_city(3)
    page = _page(first.url, 4, [_article("LN-1", "M. KABBAJ A. : 5 parts")], True,
                 task=task, parse="parse_notices", **_meta(first))
    task.pending += 1
    _, requests = _run(spider, page)
    assert [r.url for r in requests] == [BASE + "legal_notices/search?q=AIT+TALEB+Safi"]
    assert requests[0].meta["rows_filtered"]  # the city's list is read the same way
    assert task.searches[first.meta["search"]]["too_broad"]


def test_a_person_without_a_given_name_is_not_read_on() -> None:
    # no initial to judge the rows by: every notice would be parsed
    spider = make_spider(LegalNoticesSpider, SKIPTRACE_MAX_RESULTS=2,
                         SKIPTRACE_MAX_FILTERED_RESULTS=4)
    assert isinstance(spider, LegalNoticesSpider)
    task = Task("D-1", {**PERSON, "name": "AIT TALEB"})
    requests = [r for r in spider.search_requests(task) if "q=AIT+TALEB" in r.url]
    assert requests and not any(r.meta.get("rows_filtered") for r in requests)
