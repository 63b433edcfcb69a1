"""phone_directory and legal_notices callbacks on saved pages."""

from __future__ import annotations

from spiders.pipelines import ValidatePipeline
from spiders.sources.legal_notices import LegalNoticesSpider
from spiders.sources.phone_directory import PhoneDirectorySpider
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page

PHONES = BASE + "phone_directory/search?name=Alaoui+Mohamed&city=Casa"
NOTICES = BASE + "legal_notices/search?q=ATLAS+BTP"


def test_phone_search_uses_name_phones_and_surname_in_the_city() -> None:
    spider = make_spider(PhoneDirectorySpider)
    task = Task("D-1", {"kind": "person", "name": "EL ALAOUI Mohamed", "city": "Fès",
                        "phones": ["+212 6 61 23 45 67", "not a phone", "0661234567"]})
    assert [r.url for r in spider.search_requests(task)] == [
        BASE + "phone_directory/search?name=EL+ALAOUI+Mohamed&city=F%C3%A8s",
        BASE + "phone_directory/search?phone=0661234567",
        BASE + "phone_directory/search?name=ALAOUI&city=F%C3%A8s",
        BASE + "phone_directory/search?name=ELALAOUI&city=F%C3%A8s"]  # as notices glue it
    assert [(s["key"], s["value"]) for s in task.searches] == [
        ("name", "EL***************"), ("phone", "06********"), ("surname", "AL****"),
        ("surname", "EL******")]
    # the portfolio's split surname wins over the case of the written name
    split = Task("D-3", {"kind": "person", "name": "mohamed ech-chami", "last_name": "ECH-CHAMI",
                         "city": "Fès"})
    assert BASE + "phone_directory/search?name=CHAMI&city=F%C3%A8s" in [
        r.url for r in spider.search_requests(split)]
    company = Task("D-2", {"kind": "company", "name": "STE ATLAS BTP SARL", "city": "Fès"})
    assert [r.url for r in spider.search_requests(company)] == [
        BASE + "phone_directory/search?name=ATLAS+BTP&city=F%C3%A8s"]


def test_searches_stay_within_the_budget() -> None:
    spider = make_spider(PhoneDirectorySpider)
    task = Task("D-1", {"kind": "person", "name": "EL ALAOUI Mohamed", "city": "Fès",
                        "phones": ["0661000001", "0661000002", "0661000003", "0661000004"]})
    assert len(list(spider.search_requests(task))) == 4 == len(task.searches)
    assert task.over_budget == 3  # 4 reverse searches and the surname twice: 7 for 4
    assert spider.crawler.stats.get_value("skiptrace/phone_directory/searches_over_budget") == 3


def test_listings_become_phone_records() -> None:
    spider = make_spider(PhoneDirectorySpider)
    records, requests, _ = run_page(spider, "phone_directory", "search.html", PHONES,
                                    "parse_listings", page=1, name="Alaoui Mohamed", city="Casa")
    assert [r.record_id for r in records] == ["PD-004211", "PD-004212"]
    assert records[0].fields == {
        "name": "Alaoui Mohamed", "listing_kind": "person",
        "address": "Rés. Al Boustane, Imm 4, Appt 12, Bd Zerktouni", "city": "Casa",
        "phones": ["06 61 23 45 67", "0522-401020"], "category": "Plombier"}
    assert "category" not in records[1].fields and "listed_since" not in records[0].fields
    assert records[1].fields["listed_since"] == "1998-03-04"  # issue 14: a listing's age
    assert [r.url for r in requests] == [
        BASE + "phone_directory/search?name=alaoui+mohamed&city=casa&page=2"]


def test_no_listing_in_the_city_falls_back_to_the_name_alone() -> None:
    spider = make_spider(PhoneDirectorySpider)
    task = Task("D-1", {"name": "ALAOUI Mohamed", "city": "Casa"})
    first = list(spider.search_requests(task))[0]
    task.pending -= 1
    task.requests -= 1
    _, requests, statuses = run_page(spider, "phone_directory", "search_empty.html", first.url,
                                     "parse_listings", task=task,
                                     **{k: first.meta[k] for k in ("page", "otherwise", "search")})
    assert [r.url for r in requests] == [BASE + "phone_directory/search?name=ALAOUI+Mohamed"]
    assert statuses == []  # the fallback is still pending
    assert task.searches[0]["results"] == 0 and task.searches[-1]["reason"].endswith("any city")


def test_changed_listing_layout_does_not_fall_back() -> None:
    spider = make_spider(PhoneDirectorySpider)
    _, requests, statuses = run_page(spider, "phone_directory", "search_layout.html", PHONES,
                                     "parse_listings", page=1, name="x", city="Casa")
    assert requests == [] and statuses[0].status.status == "failed"
    assert spider.crawler.stats.get_value("skiptrace/phone_directory/layout_changed") == 1


def test_listing_without_address_and_phones_is_partial() -> None:
    spider = make_spider(PhoneDirectorySpider)
    records, _, _ = run_page(spider, "phone_directory", "search_missing.html", PHONES,
                             "parse_listings", page=1, name="Benali", city=None)
    item = ValidatePipeline().process_item(records[0], spider)
    assert item.fields["listing_kind"] == "business" and item.fields["phones"] == []
    assert item.partial and {"missing field: address", "missing field: phones"} <= set(
        item.warnings)


def test_notices_carry_page_fields_and_extracted_facts() -> None:
    spider = make_spider(LegalNoticesSpider)
    records, requests, statuses = run_page(spider, "legal_notices", "search.html", NOTICES,
                                           "parse_notices", page=1)
    first, second = records
    assert first.record_id == "LN-000042"
    assert first.url == BASE + "legal_notices/notice/LN-000042"
    assert first.fields["published"] == "2019-04-11" and first.fields["journal"] == "L'Économiste"
    assert first.fields["title"] == "ATLAS BTP SARL AU - Constitution"
    assert first.fields["notice_kind"] == "constitution"
    assert first.fields["company"] == "ATLAS BTP" and first.fields["capital"] == 100000.0
    assert {"name": "EL ALAOUI Mohamed", "cin": "BK100001", "role": "associé", "shares": 1000,
            "address": "Rés. Al Boustane, Imm. 4, Appt 12, Casablanca"} in first.fields["people"]
    assert second.fields["published"] == "2022-01-12"  # no datetime attribute: read the text
    assert second.fields["notice_kind"] == "transfert_siege"
    assert second.fields["address"] == "88, Rue Moulay Youssef, 2ème étage, Casablanca"
    assert requests == [] and statuses[0].status.status == "ok"


def test_notice_search_by_rc_with_court_for_a_company_and_cin_for_a_person() -> None:
    spider = make_spider(LegalNoticesSpider)
    company = Task("D-1", {"kind": "company", "name": "ATLAS BTP SARL", "rc": "400001",
                           "tribunal": "Casablanca"})
    person = Task("D-2", {"kind": "person", "name": "EL ALAOUI Mohamed", "rc": "400001",
                          "cin": "BK100001"})
    bare_rc = Task("D-3", {"kind": "company", "name": "ATLAS BTP SARL", "rc": "400001"})
    assert [r.url for r in spider.search_requests(company)] == [
        BASE + "legal_notices/search?q=400001+Casablanca", BASE + "legal_notices/search?q=ATLAS+BTP"]
    assert [r.url for r in spider.search_requests(person)] == [
        BASE + "legal_notices/search?q=BK100001",
        BASE + "legal_notices/search?q=EL+ALAOUI+Mohamed"]
    assert [r.url for r in spider.search_requests(bare_rc)] == [  # never the number alone
        BASE + "legal_notices/search?q=ATLAS+BTP"]
    assert [s["key"] for s in company.searches] == ["rc", "name"]
    assert [s["key"] for s in person.searches] == ["cin", "name"]


def test_person_without_notice_under_full_name_is_searched_by_surname() -> None:
    spider = make_spider(LegalNoticesSpider)
    task = Task("D-2", {"kind": "person", "name": "MOUSSAOUI Abdelah"})
    (first,) = spider.search_requests(task)
    assert [s.value for s in first.meta["otherwise"]] == ["MOUSSAOUI"]
    task.pending -= 1
    task.requests -= 1
    _, requests, statuses = run_page(spider, "legal_notices", "search_empty.html", first.url,
                                     "parse_notices", task=task,
                                     **{k: first.meta[k] for k in ("page", "otherwise", "search")})
    assert [r.url for r in requests] == [BASE + "legal_notices/search?q=MOUSSAOUI"]
    assert statuses == []


def test_notice_list_layout_change_is_reported() -> None:
    spider = make_spider(LegalNoticesSpider)
    records, _, statuses = run_page(spider, "legal_notices", "search_layout.html", NOTICES,
                                    "parse_notices", page=1)
    assert records == []
    assert statuses[0].status.status == "failed"
    assert spider.crawler.stats.get_value("skiptrace/legal_notices/layout_changed") == 1


def test_a_person_with_a_known_city_is_also_searched_by_surname_in_that_city() -> None:
    """Issue 13: a partner listed "M. EL ALAOUI A." with no CIN is found by the family name
    among the notices that name the debtor's city (the French name the connector resolved)."""
    spider = make_spider(LegalNoticesSpider)
    task = Task("D-4", {"kind": "person", "name": "EL ALAOUI Abdelhamid", "last_name": "EL ALAOUI",
                        "cin": "D158659", "city": "Meknes", "city_name": "Meknès"})
    requests = list(spider.search_requests(task))
    assert [r.url for r in requests] == [
        BASE + "legal_notices/search?q=D158659",
        BASE + "legal_notices/search?q=EL+ALAOUI+Abdelhamid",
        BASE + "legal_notices/search?q=EL+ALAOUI",  # in every city first (another court)
        BASE + "legal_notices/search?q=ELALAOUI+Mekn%C3%A8s"]  # "M. ELALAOUI Rachid"
    assert [s["key"] for s in task.searches] == ["cin", "name", "surname", "surname"]
    # the surname in the city is asked only when the surname alone finds too many
    assert [s.params["q"] for s in requests[2].meta["narrower"]] == ["EL ALAOUI Meknès"]
