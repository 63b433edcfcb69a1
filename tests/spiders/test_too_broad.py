"""A search that finds more than it may page through is narrowed, or reported too broad
(issue 17): never read page after page, never a partial source."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from spiders.base import result_count
from spiders.querying import given_name_spellings
from spiders.sources.company_register import CompanyRegisterSpider
from spiders.sources.legal_notices import LegalNoticesSpider
from spiders.sources.phone_directory import PhoneDirectorySpider
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page

PERSON = {"debtor_id": "D-1", "kind": "person", "name": "BENNANI Mohamed Amine",
          "last_name": "BENNANI", "city": "Casablanca", "city_name": "Casablanca"}


def _first(requests: list, fragment: str):  # noqa: ANN202 - a scrapy Request
    (found,) = [r for r in requests if (r.url + "&").find(fragment) >= 0]
    return found


def _meta(request) -> dict:  # noqa: ANN001
    return {k: v for k, v in request.meta.items() if k not in ("task", "parse", "download_slot")}


def test_a_trader_search_too_broad_is_narrowed_by_each_initial() -> None:
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1)
    task = Task("D-1", dict(PERSON))
    by_surname = _first(list(spider.search_requests(task)), "q=BENNANI&")
    _, requests, _ = run_page(spider, "company_register", "search.html", by_surname.url,
                              "parse_results", task=task, **_meta(by_surname))
    # no detail page of the broad list, no second page: the two narrower searches instead
    assert sorted(r.url for r in requests) == [
        BASE + "company_register/search?q=BENNANI+A",
        BASE + "company_register/search?q=BENNANI+M"]
    assert all(r.meta["traders_only"] for r in requests)
    entry = task.searches[by_surname.meta["search"]]
    assert entry["results"] == 2 and entry["too_broad"] and entry["narrowed"] == 2
    assert task.too_broad == []


def test_a_trader_list_is_read_up_to_its_own_larger_bound_before_it_is_narrowed() -> None:
    # its rows are judged on their written names before any detail page: two list pages cost
    # less than three narrower searches, and find "BENNANI A." that no narrower search finds
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1,
                         SKIPTRACE_MAX_FILTERED_RESULTS=2)
    task = Task("D-1", dict(PERSON))
    requests = list(spider.search_requests(task))
    by_surname = _first(requests, "q=BENNANI&")
    assert by_surname.meta["rows_filtered"]
    assert not _first(requests, "q=BENNANI+Mohamed+Amine").meta.get("rows_filtered")
    _, followed, _ = run_page(spider, "company_register", "search.html", by_surname.url,
                              "parse_results", task=task, **_meta(by_surname))
    # read on (the fixture's rows are companies, not traders: no detail page), not narrowed
    assert [r.meta["page"] for r in followed] == [2]
    assert not any("q=BENNANI+" in r.url for r in followed)
    assert not task.searches[by_surname.meta["search"]].get("too_broad")
    # the same list under a bound it exceeds: narrowed as before
    tight = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1,
                        SKIPTRACE_MAX_FILTERED_RESULTS=1)
    task = Task("D-1", dict(PERSON))
    by_surname = _first(list(tight.search_requests(task)), "q=BENNANI&")
    _, narrower, _ = run_page(tight, "company_register", "search.html", by_surname.url,
                              "parse_results", task=task, **_meta(by_surname))
    assert narrower and all("/search?" in r.url for r in narrower)
    assert all(r.meta["rows_filtered"] for r in narrower)


def test_a_trader_search_too_broad_is_narrowed_by_other_spellings_of_the_given_name() -> None:
    # "EL IDRISSI Hadj Hassan" in the register, "EL IDRISSI Hasan" in the portfolio: neither
    # the initial nor the name as written finds it once the surname alone states too many
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1)
    task = Task("D-1", {**PERSON, "name": "BENNANI Hasan", "name_variants": [
        ["BENNANI Hassan", "Hasan → Hassan"], ["BENNANI Hacene", "Hasan → Hacene"],
        ["BENNANI Hassane", "Hasan → Hassane"]]})
    by_surname = _first(list(spider.search_requests(task)), "q=BENNANI&")
    _, requests, _ = run_page(spider, "company_register", "search.html", by_surname.url,
                              "parse_results", task=task, **_meta(by_surname))
    # the initial first, then the two commonest other spellings (not a third)
    assert [r.url for r in requests] == [
        BASE + "company_register/search?q=BENNANI+H",
        BASE + "company_register/search?q=BENNANI+Hassan",
        BASE + "company_register/search?q=BENNANI+Hacene"]
    assert all(r.meta["traders_only"] for r in requests)
    reasons = [s["reason"] for s in task.searches]
    assert any("another spelling of the given name (Hasan → Hassan)" in r for r in reasons)


def test_a_too_broad_search_with_nothing_narrower_is_its_own_status() -> None:
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=1)
    task = Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP"})
    (by_name,) = list(spider.search_requests(task))
    task.pending = 0  # the search's own request is the one run_page answers
    records, requests, statuses = run_page(spider, "company_register", "search.html",
                                           by_name.url, "parse_results", task=task,
                                           **_meta(by_name))
    assert records == [] and requests == []
    (status,) = statuses
    assert status.status.status == "too_broad"
    assert status.status.reason == "search too broad; name AT******* (2 results)"
    assert spider.crawler.stats.get_value("skiptrace/company_register/too_broad") == 1


def test_a_search_within_the_bound_reads_its_rows_as_before() -> None:
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_RESULTS=2)
    task = Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP"})
    (by_name,) = list(spider.search_requests(task))
    _, requests, _ = run_page(spider, "company_register", "search.html", by_name.url,
                              "parse_results", task=task, **_meta(by_name))
    assert [r.url for r in requests if "/company/" in r.url]  # the detail pages
    assert "too_broad" not in task.searches[0]


def test_notices_by_name_read_no_slice_and_narrow_to_the_city() -> None:
    spider = make_spider(LegalNoticesSpider, SKIPTRACE_MAX_RESULTS=1)
    task = Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP SARL",
                        "city_name": "Casablanca"})
    (by_name,) = list(spider.search_requests(task))
    records, requests, _ = run_page(spider, "legal_notices", "search.html", by_name.url,
                                    "parse_notices", task=task, **_meta(by_name))
    # on the list page already, but a slice of namesakes' notices in the journal's order: not
    # read; the narrower search in the city runs instead (decision 0058)
    assert records == []
    assert [r.url for r in requests] == [BASE + "legal_notices/search?q=ATLAS+BTP+Casablanca"]
    assert spider.crawler.stats.get_value("skiptrace/legal_notices/slices_not_read") == 2


def test_narrower_searches_do_not_spend_the_budget_and_may_be_too_broad_in_turn() -> None:
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_RESULTS=1, SKIPTRACE_MAX_SEARCHES=2)
    task = Task("D-1", dict(PERSON))
    first = list(spider.search_requests(task))
    by_surname = _first(first, "name=BENNANI&")
    _, narrower, _ = run_page(spider, "phone_directory", "search.html", by_surname.url,
                              "parse_listings", task=task, **_meta(by_surname))
    assert sorted(r.url for r in narrower) == [
        BASE + "phone_directory/search?name=BENNANI+A&city=Casablanca",
        BASE + "phone_directory/search?name=BENNANI+M&city=Casablanca"]
    assert len(task.searches) == 4  # over the budget of 2: narrowing replaces paging
    # the broad list's listings, a slice of namesakes, are not read (decision 0058)
    assert not task.held and spider.crawler.stats.get_value(
        "skiptrace/phone_directory/slices_not_read") == 2
    again = narrower[0]
    _, more, _ = run_page(spider, "phone_directory", "search.html", again.url,
                          "parse_listings", task=task, **_meta(again))
    assert more == [] and len(task.too_broad) == 1 and "(2 results)" in task.too_broad[0]


def _page(count_text: str) -> HtmlResponse:
    body = f"<html><body><p class='count'>{count_text}</p></body></html>".encode()
    return HtmlResponse(url=BASE, body=body, encoding="utf-8")


@given(st.integers(min_value=0, max_value=10**9),
       st.sampled_from(["", " ", "\u202f", "\u00a0"]))
def test_result_count_reads_french_thousands(count: int, separator: str) -> None:
    text = f"{count:,}".replace(",", separator)
    assert result_count(_page(f"{text} résultats")) == count


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), max_size=20))
def test_result_count_is_none_without_a_number(text: str) -> None:
    assert result_count(_page(text)) is None


def test_rows_of_another_enterprise_are_not_followed_but_its_branches_are() -> None:
    """The row's ICE names another enterprise (first nine digits differ): a namesake, no
    detail page; the same enterprise's other establishment (a branch) is followed."""
    spider = make_spider(CompanyRegisterSpider)
    other = Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP",
                         "ice": "999999999000017"})
    _, requests, _ = run_page(spider, "company_register", "search.html", BASE, "parse_results",
                              task=other, page=1, search=0)
    followed = [r.url for r in requests if "/company/" in r.url]
    assert BASE + "company_register/company/CR-000123" not in followed
    assert spider.crawler.stats.get_value("skiptrace/company_register/rows_other_enterprise")
    branch = Task("D-2", {"debtor_id": "D-2", "kind": "company", "name": "ATLAS BTP",
                          "ice": "000123456000217"})
    _, requests, _ = run_page(spider, "company_register", "search.html", BASE, "parse_results",
                              task=branch, page=1, search=0)
    assert BASE + "company_register/company/CR-000123" in [r.url for r in requests]


def test_a_page_size_asks_for_max_results_in_one_page() -> None:
    """page_size (a site whose search takes per_page, as the sandbox's): one request reads a
    search within max_results; unset, the site's own page size is left alone."""
    task = Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP"})
    (sized,) = list(make_spider(CompanyRegisterSpider, SKIPTRACE_PAGE_SIZE=50).search_requests(task))
    assert sized.url == BASE + "company_register/search?q=ATLAS+BTP&per_page=50"
    task = Task("D-1", {"debtor_id": "D-1", "kind": "company", "name": "ATLAS BTP"})
    (plain,) = list(make_spider(CompanyRegisterSpider).search_requests(task))
    assert plain.url == BASE + "company_register/search?q=ATLAS+BTP"


@given(st.lists(st.one_of(st.tuples(st.text(max_size=12), st.text(max_size=20)),
                          st.text(max_size=10), st.none()), max_size=6),
       st.integers(min_value=-1, max_value=4))
def test_given_name_spellings_never_raise_and_never_repeat(variants: list, limit: int) -> None:
    found = given_name_spellings({"name_variants": variants}, limit)
    assert len(found) <= max(0, limit)
    assert len({s.casefold() for s, _ in found}) == len(found)
    assert all(s.strip() == s and s and "→" not in s for s, _ in found)


def test_a_reverse_search_too_broad_still_reads_its_listings() -> None:
    # a number's listings are the number's own, not namesakes: only a name's page is a slice
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_RESULTS=1)
    task = Task("D-1", {**PERSON, "phones": ["0661234567"]})
    by_phone = _first(list(spider.search_requests(task)), "phone=0661234567")
    run_page(spider, "phone_directory", "search.html", by_phone.url, "parse_listings",
             task=task, **_meta(by_phone))
    assert len(task.held) == 2
    assert not spider.crawler.stats.get_value("skiptrace/phone_directory/slices_not_read")


def test_a_slices_listings_are_read_for_their_names_only(monkeypatch) -> None:  # noqa: ANN001
    # who a slice names still decides whether the surname found anyone who may be the person
    # (its fallback), but nothing else of it is read (issue 17, session 22: at 10^5 the slices
    # listed three times the listings read, each parsed whole)
    import spiders.sources.phone_directory as directory

    parsed: list[str | None] = []
    whole = directory.parse_listing
    monkeypatch.setattr(directory, "parse_listing",
                        lambda listing: parsed.append(listing.attrib.get("data-id")) or whole(listing))
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_RESULTS=1)
    task = Task("D-1", dict(PERSON))
    by_surname = _first(list(spider.search_requests(task)), "name=BENNANI&")
    run_page(spider, "phone_directory", "search.html", by_surname.url, "parse_listings",
             task=task, **_meta(by_surname))
    assert parsed == []


@given(name=st.text(max_size=30), kind=st.text(max_size=8))
def test_a_listings_name_alone_reads_as_the_whole_listing_does(name: str, kind: str) -> None:
    from html import escape

    from parsel import Selector

    from spiders.sources.phone_directory import listing_name, parse_listing

    html = (f"<ul class='listings'><li class='listing' data-id='PD-1'><h3 class='name'>"
            f"{escape(name)}</h3><span class='kind'>{escape(kind)}</span></li></ul>")
    (listing,) = Selector(text=html).css("li.listing")
    assert listing_name(listing) == parse_listing(listing).get("name")
