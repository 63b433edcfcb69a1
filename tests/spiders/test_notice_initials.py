"""Notices found under a person's surname in the city: only those that write the surname beside
one of the person's given-name initials are parsed (issue 17), the register's and the
directory's own narrowing test applied to each mention."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spiders.querying import mentions_the_person
from spiders.sources.legal_notices import LegalNoticesSpider
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page

MA = frozenset({"M", "A"})


def test_a_mention_beside_an_initial_of_the_person_is_kept() -> None:
    assert mentions_the_person("associé unique M. EL ALAOUI Mohamed, titulaire", "EL ALAOUI", MA)
    assert mentions_the_person("gérant : M. ALAOUI A., demeurant", "EL ALAOUI", MA)
    assert mentions_the_person("Monsieur Amine Alaoui, demeurant à Fès", "EL ALAOUI", MA)


def test_a_civility_or_a_word_is_no_initial() -> None:
    """"M." before a name is Monsieur; "à", "et", "Monsieur" after it are words."""
    assert not mentions_the_person("M. ALAOUI Karim et M. Hassan ALAOUI", "EL ALAOUI", MA)
    assert not mentions_the_person("Mme ALAOUI Fatima cède à M. BENNANI", "EL ALAOUI", MA)


def test_a_text_that_does_not_write_the_surname_as_searched_is_kept() -> None:
    assert mentions_the_person("ELALAOUI Karim", "EL ALAOUI", MA)
    assert mentions_the_person("anything", "EL ALAOUI", frozenset())


@given(st.text(max_size=120), st.text(max_size=20),
       st.frozensets(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), max_size=3))
def test_never_raises(text: str, family: str, initials: frozenset[str]) -> None:
    assert mentions_the_person(text, family, initials) in (True, False)


def _surname_page(name: str) -> tuple[list, LegalNoticesSpider]:
    spider = make_spider(LegalNoticesSpider)
    assert isinstance(spider, LegalNoticesSpider)
    task = Task("D-1", {"debtor_id": "D-1", "kind": "person", "name": name,
                        "last_name": "EL ALAOUI", "city_name": "Casablanca"})
    in_city = [r for r in spider.search_requests(task) if "Casablanca" in r.url]
    assert in_city and task.searches[in_city[0].meta["search"]]["key"] == "surname"
    records, _, _ = run_page(spider, "legal_notices", "search.html", in_city[0].url,
                             "parse_notices", task=task, search=in_city[0].meta["search"],
                             narrower=())
    return records, spider


def test_the_surname_search_parses_only_the_notices_that_can_name_the_debtor() -> None:
    records, spider = _surname_page("EL ALAOUI Karim")
    # LN-000042 names M. EL ALAOUI Mohamed (not a K); LN-000043 does not write the surname
    # as searched and is kept
    assert [r.record_id for r in records] == ["LN-000043"]
    assert spider.crawler.stats.get_value("skiptrace/legal_notices/notices_other_initial") == 1
    records, _ = _surname_page("EL ALAOUI Mohamed")
    assert [r.record_id for r in records] == ["LN-000042", "LN-000043"]


def test_a_search_by_the_full_name_also_parses_only_those() -> None:
    """The engine finds a notice holding "EL ALAOUI" and "Karim" anywhere: LN-000042 names M.
    EL ALAOUI Mohamed, no Karim beside the surname."""
    spider = make_spider(LegalNoticesSpider)
    task = Task("D-1", {"debtor_id": "D-1", "kind": "person", "name": "EL ALAOUI Karim",
                        "last_name": "EL ALAOUI", "city_name": "Casablanca"})
    by_name = [r for r in spider.search_requests(task)
               if task.searches[r.meta["search"]]["key"] == "name"]
    records, _, _ = run_page(spider, "legal_notices", "search.html", by_name[0].url,
                             "parse_notices", task=task, search=by_name[0].meta["search"],
                             narrower=())
    assert [r.record_id for r in records] == ["LN-000043"]
    assert BASE in by_name[0].url


def test_a_company_debtor_keeps_every_notice() -> None:
    spider = make_spider(LegalNoticesSpider)
    task = Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP SARL AU",
                        "city_name": "Casablanca"})
    (by_name,) = [r for r in spider.search_requests(task)
                  if task.searches[r.meta["search"]]["key"] == "name"]
    records, _, _ = run_page(spider, "legal_notices", "search.html", by_name.url, "parse_notices",
                             task=task, search=by_name.meta["search"], narrower=())
    assert len(records) == 2
