"""A crowd of namesake traders in other cities (issue 17, decision 0059): the register has no
search by city, and a common name lists traders of that name all over the country, each a
detail page. Past ``max_namesakes_elsewhere`` of them on a page, those registered in another
city than the debtor's are not followed; the debtor's city, companies and short lists are read
as before, and the search says how many were left."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spiders.sources.company_register import CompanyRegisterSpider, namesakes_elsewhere
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page

PERSON = {"debtor_id": "D-1", "kind": "person", "name": "BENNANI Mohamed",
          "last_name": "BENNANI", "city": "casa", "city_name": "Casablanca"}
URL = BASE + "company_register/search?q=BENNANI+MOHAMED"


def _followed(bound: int, query: dict) -> tuple[list[str], Task, CompanyRegisterSpider]:
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_NAMESAKES_ELSEWHERE=bound)
    task = Task("D-1", dict(query))
    task.searches.append({"key": "name", "value": "B******* M******", "reason": "denomination"})
    _, requests, _ = run_page(spider, "company_register", "search_namesakes.html", URL,
                              "parse_results", task=task, page=1, search=0)
    return sorted(r.url.rsplit("/", 1)[1] for r in requests if "/company/" in r.url), task, spider


def test_past_the_bound_the_traders_elsewhere_are_not_followed() -> None:
    # five traders elsewhere (Fès, Rabat, Tanger, Agadir, Oujda) against a bound of 4: only the
    # two in Casablanca (written "CASABLANCA" once) and the company are followed
    followed, task, spider = _followed(4, PERSON)
    assert followed == ["CR-000301", "CR-000306", "CR-000308"]
    assert task.searches[0]["namesakes_elsewhere"] == 5
    stats = spider.crawler.stats
    assert stats.get_value("skiptrace/company_register/rows_namesakes_elsewhere") == 5


def test_within_the_bound_every_row_is_followed_as_before() -> None:
    followed, task, _ = _followed(5, PERSON)
    assert len(followed) == 8
    assert "namesakes_elsewhere" not in task.searches[0]


def test_no_bound_no_city_or_a_company_debtor_follows_every_row() -> None:
    assert len(_followed(0, PERSON)[0]) == 8
    assert len(_followed(1, {**PERSON, "city": None, "city_name": None})[0]) == 8
    assert len(_followed(1, {**PERSON, "kind": "company", "name": "BENNANI FRERES"})[0]) == 8


def test_the_debtors_city_as_the_portfolio_wrote_it_counts_as_home() -> None:
    # the city_name the bridge computed may be missing (a place matching does not know): the
    # portfolio's own writing is compared, folded
    rows = [{"legal_form": "Personne physique", "city": c} for c in ("Salé", "SALE", "Fès")]
    query = {"kind": "person", "city": "sale", "city_name": None}
    assert namesakes_elsewhere(query, rows, 0) == frozenset()
    assert namesakes_elsewhere(query, rows, 1) == frozenset()  # one elsewhere: within
    assert namesakes_elsewhere({**query, "city": "Rabat"}, rows, 2) == {0, 1, 2}


_ROW = st.fixed_dictionaries({
    "legal_form": st.sampled_from(["Personne physique", "SARL", "", "SA"]),
    "city": st.one_of(st.none(), st.text(max_size=12)),
})


@given(rows=st.lists(_ROW, max_size=30), bound=st.integers(0, 12),
       city=st.one_of(st.none(), st.text(max_size=12)),
       kind=st.sampled_from(["person", "company"]))
def test_only_traders_elsewhere_are_ever_left_and_only_past_the_bound(
        rows: list[dict], bound: int, city: str | None, kind: str) -> None:
    left = namesakes_elsewhere({"kind": kind, "city": city, "city_name": city}, rows, bound)
    assert all(0 <= k < len(rows) for k in left)
    assert not left or len(left) > bound > 0
    for k in left:
        assert "physique" in rows[k]["legal_form"].casefold() or not rows[k]["legal_form"]
        assert rows[k]["city"]
