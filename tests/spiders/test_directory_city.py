"""The directory is searched in the city as it names it (its French name from matching's city
table, the query's ``city_name``), as the notices are: "Agadir" for a portfolio's "Agadir Ida
Outanane", where the city as written finds nobody in the city (issue 12, session 11)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from scrapy import Request

from spiders.sources.phone_directory import PhoneDirectorySpider
from tests.spiders.conftest import make_spider


def _cities(query: dict[str, str]) -> list[str]:
    spider = make_spider(PhoneDirectorySpider)
    requests = [r for r in spider._start_task(query) if isinstance(r, Request)]
    return [parse_qs(urlsplit(r.url).query).get("city", [""])[0] for r in requests]


def test_the_city_goes_as_the_directory_names_it() -> None:
    query = {"kind": "person", "name": "ESSAIDI Brahim", "city": "Agadir Ida Outanane",
             "city_name": "Agadir"}
    cities = _cities(query)
    assert "Agadir" in cities
    assert "Agadir Ida Outanane" not in cities


def test_a_city_the_table_does_not_know_goes_as_written() -> None:
    query = {"kind": "person", "name": "ESSAIDI Brahim", "city": "Douar Ouled Ali"}
    assert "Douar Ouled Ali" in _cities(query)
