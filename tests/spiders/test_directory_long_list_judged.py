"""A person's surname list longer than a name search may read is read listing by listing, up
to the filtered bound, before it is narrowed (issue 12, session 25).

On unseen seed 80050 at 10^4, "IDRISSI" listed 119 people in Casablanca: the list was too
broad, its narrower searches by an initial ("IDRISSI H") find only listings written with an
initial, and the row's "IDRISSI Hichem" was listed "IDRISSI Hicham". Read on, and judged
listing by listing, the long list keeps who may be the person (a given name spelled like
theirs, an initial of theirs, none written), anyone at the row's door or on its number (a
nickname), and drops the surname's other people."""

from __future__ import annotations

from spiders.sources.phone_directory import PhoneDirectorySpider
from spiders.tasks import Task
from tests.spiders.conftest import make_spider, run_page
from tests.spiders.test_too_broad import _first, _meta

HICHEM = {"debtor_id": "D-1", "kind": "person", "name": "IDRISSI Hichem",
          "last_name": "IDRISSI", "first_name": "Hichem", "city": "Casablanca",
          "city_name": "Casablanca",
          "addresses": ["N° 76, Lotiss. Al Massira, Q. Racine"], "phones": ["+212522401020"]}


def _surname_page(max_results: int, max_filtered: int, query: dict | None = None):  # noqa: ANN202
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_RESULTS=max_results,
                         SKIPTRACE_MAX_FILTERED_RESULTS=max_filtered)
    task = Task("D-1", dict(query or HICHEM))
    search = _first(list(spider.search_requests(task)), "name=IDRISSI&")
    records, requests, _ = run_page(spider, "phone_directory", "search_long.html", search.url,
                                    "parse_listings", task=task, **_meta(search))
    return search, task, records, requests


def test_a_long_surname_list_keeps_who_may_be_the_person_and_reads_on() -> None:
    search, task, records, requests = _surname_page(max_results=3, max_filtered=10)
    assert search.meta["rows_filtered"]
    # Hicham is spelled like Hichem, H. is his initial, a listing with no given name may be
    # him, Simo is at the row's door, Nadia is on the row's number; Karim and Samira are not
    assert sorted(r.record_id for r in records) == ["PD-1", "PD-2", "PD-4", "PD-5", "PD-6"]
    # read on, not narrowed: the next page, judged the same way
    assert [(r.meta["page"], r.meta["judged"]) for r in requests] == [(2, True)]
    assert not task.searches[search.meta["search"]].get("too_broad")


def test_a_list_no_longer_than_a_name_search_reads_is_read_whole() -> None:
    # matching judges every listing of a short list: another given name may be a nickname
    _, _, records, _ = _surname_page(max_results=10, max_filtered=10)
    assert len(records) == 7


def test_past_the_filtered_bound_the_list_is_narrowed_as_before() -> None:
    search, task, records, requests = _surname_page(max_results=3, max_filtered=5)
    assert records == []
    assert requests and all("name=IDRISSI+" in r.url for r in requests)
    assert task.searches[search.meta["search"]]["too_broad"]


def test_a_person_without_given_names_has_every_listing_read() -> None:
    # no initial to judge by: every listing may be the person, so the list is not read past
    # what a name search may read
    bare = {**HICHEM, "name": "IDRISSI", "first_name": None}
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_RESULTS=3,
                         SKIPTRACE_MAX_FILTERED_RESULTS=10)
    task = Task("D-1", bare)
    assert not any(r.meta.get("rows_filtered") for r in spider.search_requests(task))


def test_with_no_bound_every_list_is_read_whole() -> None:
    # max_results 0 reads every result (docs/spiders.md): nothing is "long", nothing judged
    _, _, records, requests = _surname_page(max_results=0, max_filtered=0)
    assert len(records) == 7
    assert [r.meta.get("judged") for r in requests] == [False]
