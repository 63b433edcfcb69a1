"""company_register callbacks on saved pages: every field, drift, truncation, pagination."""

from __future__ import annotations

from spiders.pipelines import ValidatePipeline
from spiders.sources.company_register import CompanyRegisterSpider, record_id_from_url
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page

SEARCH = BASE + "company_register/search?q=ATLAS+BTP"
DETAIL = BASE + "company_register/company/CR-000123"


def test_search_by_ice_then_rc_and_by_name_without_legal_form() -> None:
    spider = make_spider(CompanyRegisterSpider)
    task = Task("D-1", {"name": "STE ATLAS BTP SARL AU", "ice": "000123456000093",
                        "rc": "400001"})
    requests = list(spider.search_requests(task))
    assert [r.url for r in requests] == [BASE + "company_register/search?q=000123456000093",
                                         BASE + "company_register/search?q=ATLAS+BTP"]
    assert task.pending == 2
    # the ICE found nothing: the RC is searched next; had it found the company, no RC search
    meta = {k: requests[0].meta[k] for k in ("page", "otherwise", "search")}
    _, after_empty, _ = run_page(spider, "company_register", "search_empty.html",
                                 requests[0].url, "parse_results", task=task, **meta)
    assert [r.url for r in after_empty] == [BASE + "company_register/search?q=400001"]
    _, after_hit, _ = run_page(spider, "company_register", "search.html", requests[0].url,
                               "parse_results", task=Task("D-2", {}), **meta)
    assert not any("q=400001" in r.url for r in after_hit)


def test_search_by_rc_and_court_and_by_sigle() -> None:
    spider = make_spider(CompanyRegisterSpider)
    task = Task("D-1", {"name": "STE ATLAS BTP SARL AU (AB)", "ice": "000123456000093",
                        "rc": "400001", "tribunal": "Casablanca"})
    assert [r.url for r in spider.search_requests(task)] == [
        BASE + "company_register/search?rc=400001&tribunal=Casablanca",
        BASE + "company_register/search?q=ATLAS+BTP+%28AB%29",
        BASE + "company_register/search?q=AB",
        BASE + "company_register/search?q=ATLAS+BTP"]
    assert [(s["key"], s["reason"]) for s in task.searches][0] == (
        "rc", "RC number at its court (one registration)")


def test_a_trader_without_capital_is_not_partial() -> None:
    spider = make_spider(CompanyRegisterSpider)
    fields = {"denomination": "DAWDI Mohamed", "legal_form": "personne physique",
              "address": "No 223, R. 38", "city": "Tanger", "rc_number": "749415",
              "rc_tribunal": "Tanger", "ice": "845966204000005", "created": "2016-01-05",
              "status": "active"}
    trader = ValidatePipeline().process_item(
        spider.record(Task("D-1", {}), "company", "CR-1", DETAIL,
                      {**fields, "entry_kind": "trader"}), spider)
    company = ValidatePipeline().process_item(
        spider.record(Task("D-1", {}), "company", "CR-2", DETAIL,
                      {**fields, "entry_kind": "company"}), spider)
    assert not trader.partial
    assert company.partial and company.warnings == ["missing field: capital"]


def test_results_page_follows_each_detail_and_the_next_page() -> None:
    spider = make_spider(CompanyRegisterSpider)
    records, requests, statuses = run_page(spider, "company_register", "search.html", SEARCH,
                                           "parse_results", page=1)
    assert records == [] and statuses == []
    assert [r.url for r in requests] == [
        BASE + "company_register/company/CR-000123", BASE + "company_register/company/CR-000777",
        BASE + "company_register/search?q=atlas+btp&page=2"]
    assert requests[0].meta["row"] == {
        "denomination": "ATLAS BTP", "legal_form": "SARL AU", "city": "Casablanca",
        "ice": "000123456000093", "rc_number": "400001", "rc_tribunal": "Casablanca"}
    assert requests[0].meta["download_slot"] == "company_register"


def test_page_limit_stops_pagination_and_reports_the_search_too_broad() -> None:
    """A page cap reached on a list that states no count: the source answered every page
    asked, so the search was too broad (issue 17), not the source partial."""
    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_PAGES=1)
    task = Task("D-1", {"name": "ATLAS"})
    _, requests, _ = run_page(spider, "company_register", "search.html", SEARCH,
                              "parse_results", task=task, page=1)
    assert all("page=2" not in r.url for r in requests)
    assert task.truncated
    assert spider.crawler.stats.get_value("skiptrace/company_register/max_pages_reached") == 1
    task.pending = 0
    assert task.status("company_register").status == "too_broad"


def test_detail_page_gives_every_field() -> None:
    spider = make_spider(CompanyRegisterSpider)
    records, _, statuses = run_page(spider, "company_register", "company.html", DETAIL,
                                    "parse_company")
    (record,) = records
    assert record.record_id == "CR-000123" and record.kind == "company"
    assert record.fields == {
        "denomination": "ATLAS BTP", "legal_form": "SARL AU", "capital": 100000.0,
        "address": "N° 12, Bd Zerktouni", "city": "Casablanca", "rc_number": "400001",
        "rc_tribunal": "Casablanca", "ice": "000123456000093", "if_number": "40000001",
        "created": "2015-03-02", "status": "active",
        "phones": ["0522 00 10 20", "+212 6 00 10 20 30"],
        "old_names": ["ATLAS TRAVAUX", "STE ATLAS CONSTRUCTION"], "total_shares": 1000,
        "managers": [{"name": "EL ALAOUI Mohamed", "cin": "BK100001", "role": "gérant"}],
        "partners": [
            {"name": "EL ALAOUI Mohamed", "cin": "BK100001", "shares": 600, "kind": "person"},
            {"name": "BENJELLOUN Fatima-Zahra", "cin": "A200002", "shares": 400,
             "kind": "person"}],
    }
    assert statuses[0].status.status == "ok"


def test_missing_fields_make_a_partial_record_and_count_each_field() -> None:
    spider = make_spider(CompanyRegisterSpider)
    records, _, statuses = run_page(spider, "company_register", "company_missing.html",
                                    BASE + "company_register/company/CR-000124", "parse_company")
    item = ValidatePipeline().process_item(records[0], spider)
    assert item.partial
    assert "missing field: capital" in item.warnings and "missing field: ice" in item.warnings
    assert item.fields["denomination"] == "NOUR TRADING" and item.fields["status"] == "radiée"
    stats = spider.crawler.stats
    assert stats.get_value("skiptrace/company_register/field/capital/missing") == 1
    assert stats.get_value("skiptrace/company_register/field/denomination/missing") is None
    assert statuses[0].status.status == "ok"  # a partial record is not a failed lookup


def test_truncated_html_still_yields_what_was_readable() -> None:
    spider = make_spider(CompanyRegisterSpider)
    records, _, _ = run_page(spider, "company_register", "company_truncated.html",
                             BASE + "company_register/company/CR-000125", "parse_company")
    item = ValidatePipeline().process_item(records[0], spider)
    assert item.fields["denomination"] == "SOUSS AGRI" and item.fields["capital"] == 10000.0
    assert item.partial and "missing field: rc_number" in item.warnings


def test_changed_layout_is_counted_reported_and_salvaged_from_the_result_row() -> None:
    spider = make_spider(CompanyRegisterSpider)
    row = {"denomination": "ATLAS BTP", "ice": "000123456000093"}
    records, _, statuses = run_page(spider, "company_register", "company_layout.html", DETAIL,
                                    "parse_company", row=row)
    assert spider.crawler.stats.get_value("skiptrace/company_register/layout_changed") == 1
    (record,) = records
    assert record.fields == row and record.partial
    assert record.warnings == ["detail page layout changed"]
    status = statuses[0].status
    assert status.status == "failed" and "layout changed" in (status.reason or "")


def test_changed_layout_of_the_result_list_fails_the_task() -> None:
    spider = make_spider(CompanyRegisterSpider)
    records, requests, statuses = run_page(spider, "company_register", "search_layout.html",
                                           SEARCH, "parse_results", page=1)
    assert records == [] and requests == []
    assert statuses[0].status.status == "failed"
    assert "layout changed" in (statuses[0].status.reason or "")


def test_no_results_is_ok_not_a_layout_change() -> None:
    spider = make_spider(CompanyRegisterSpider)
    records, requests, statuses = run_page(spider, "company_register", "search_empty.html",
                                           SEARCH, "parse_results", page=1)
    assert (records, requests) == ([], [])
    assert statuses[0].status.status == "ok"
    assert spider.crawler.stats.get_value("skiptrace/company_register/layout_changed") is None


def test_record_id_from_url() -> None:
    assert record_id_from_url(BASE + "company_register/company/CR-9?x=1") == "CR-9"
    assert record_id_from_url(BASE + "company_register/search") is None
