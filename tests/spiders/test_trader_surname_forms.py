"""Two forms of a person's name whose trader entry the register's narrowing missed once the
surname alone states too many (issue 17: own-role recall fell from 10^3 to 10^4 on them):
a debtor known by the surname alone, and a family name whose particle the entry drops."""

from __future__ import annotations

from spiders.sources.company_register import CompanyRegisterSpider
from spiders.tasks import Task
from tests.spiders.conftest import make_spider

BASE_QUERY = {"debtor_id": "D-1", "kind": "person", "city": "Fès", "city_name": "Fès"}


def _requests(query: dict) -> list:  # noqa: ANN202 - scrapy Requests
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_SEARCHES=0)
    return list(spider.search_requests(Task("D-1", dict(query))))


def test_a_person_known_by_the_surname_alone_is_searched_as_a_trader() -> None:
    # "BENABDELLAH" alone: the plain denomination search read 50 rows at most and followed
    # companies too; the trader search under the surname reads up to the filtered bound
    requests = _requests({**BASE_QUERY, "name": "BENABDELLAH", "last_name": "BENABDELLAH"})
    by_name = [r for r in requests if r.url.endswith("q=BENABDELLAH")]
    assert len(by_name) == 1
    (request,) = by_name
    assert request.meta["traders_only"] and request.meta["rows_filtered"]


def test_a_person_with_a_given_name_keeps_the_denomination_search() -> None:
    requests = _requests({**BASE_QUERY, "name": "BENABDELLAH Amine",
                          "last_name": "BENABDELLAH"})
    plain = [r for r in requests if r.url.endswith("q=BENABDELLAH+Amine")]
    assert plain and not plain[0].meta.get("traders_only")


def test_a_dropped_particle_narrows_by_the_given_name_as_written() -> None:
    # "EL ALAOUI Hassan" is registered "ALAOUI Hassan": the full name's search asks for EL,
    # the initial's finds "ALAOUI H." only
    requests = _requests({**BASE_QUERY, "name": "EL ALAOUI Hassan", "last_name": "EL ALAOUI"})
    (by_surname,) = [r for r in requests if r.url.endswith("q=ALAOUI")]
    narrower = [s.params["q"] for s in by_surname.meta["narrower"]]
    assert narrower[:2] == ["ALAOUI Hassan", "ALAOUI H"]


def test_without_a_particle_the_narrowing_is_unchanged() -> None:
    requests = _requests({**BASE_QUERY, "name": "BENNANI Hassan", "last_name": "BENNANI"})
    (by_surname,) = [r for r in requests if r.url.endswith("q=BENNANI")]
    assert [s.params["q"] for s in by_surname.meta["narrower"]][:1] == ["BENNANI H"]
