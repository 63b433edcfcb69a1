"""The surname written otherwise, too broad in the city, is narrowed by the full name under
that spelling before the initials (issue 12, session 23).

The directory matches whole words: "OUAZZANI K" finds the listings written "OUAZZANI K.", never
"OUAZZANI Karim". The surname as the row writes it has its full name searched apart ("name as
written"), but a surname written otherwise had only its initials: on development seed 40961
at 10^4, WAZZANI Karim's listing "OUAZZANI Karim" (Casablanca, 66 OUAZZANI there) and
ELMANSOURI Hanane's "El Mansouri Hanane" (99 MANSOURI) were never fetched."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from spiders.sources.phone_directory import PhoneDirectorySpider, _surname_in_city
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page
from tests.spiders.test_too_broad import _first, _meta

KARIM = {"debtor_id": "D-1", "kind": "person", "name": "WAZZANI Karim", "last_name": "WAZZANI",
         "city": "Casablanca", "city_name": "Casablanca"}


def _names(requests: list) -> list[str]:  # noqa: ANN001 - scrapy Requests
    return [parse_qs(urlsplit(r.url).query)["name"][0] for r in requests]


def test_the_full_name_comes_before_the_initials_and_only_when_given() -> None:
    search = _surname_in_city("OUAZZANI", "Casablanca", ["K"], "why", "an initial", ["Karim"])
    assert search is not None
    assert [s.params["name"] for s in search.narrower] == ["OUAZZANI Karim", "OUAZZANI K"]
    assert "a given name as written" in search.narrower[0].reason
    alone = _surname_in_city("WAZZANI", "Casablanca", ["K"], "why", "an initial")
    assert alone is not None and [s.params["name"] for s in alone.narrower] == ["WAZZANI K"]


def _narrower_of(name: str) -> list:  # noqa: ANN001 - scrapy Requests
    """The requests KARIM's search of ``name`` in Casablanca asks once its page states more
    results than the spider may read."""
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_RESULTS=1)
    task = Task("D-1", dict(KARIM))
    search = _first(list(spider.search_requests(task)), f"name={name}&")
    _, narrower, _ = run_page(spider, "phone_directory", "search.html", search.url,
                              "parse_listings", task=task, **_meta(search))
    return narrower


def test_a_surname_spelled_otherwise_too_broad_asks_the_full_name_under_that_spelling() -> None:
    narrower = _narrower_of("OUAZZANI")
    assert _names(narrower) == ["OUAZZANI Karim", "OUAZZANI K"]
    assert all(r.url.startswith(BASE + "phone_directory/search?") for r in narrower)


def test_the_surname_as_written_is_still_narrowed_by_its_initials_alone() -> None:
    """Its full name is the "name as written" search, asked apart: not asked twice."""
    assert _names(_narrower_of("WAZZANI")) == ["WAZZANI K"]
