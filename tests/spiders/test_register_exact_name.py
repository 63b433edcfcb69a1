"""A company looked up by the name a record printed follows only the register entries under
that very name (session 25, issue 17): the register's token search lists every denomination
containing its words ("SOUSS TRAVAUX ATLANTIQUE" listed 15 companies at 10^5, each a detail
page), and a notice's company is the one registered under the name it prints."""

from __future__ import annotations

from spiders.sources.company_register import CompanyRegisterSpider, _denomination_key
from spiders.tasks import Task
from tests.spiders.conftest import BASE, make_spider, run_page

URL = BASE + "company_register/search?q=ATLAS+BTP"


def _followed(query: dict) -> list[str]:
    spider = make_spider(CompanyRegisterSpider)
    task = Task("D-1", {"debtor_id": "D-1", "kind": "company", **query})
    _, requests, _ = run_page(spider, "company_register", "search.html", URL, "parse_results",
                              task=task, page=1, search=0, order=(0,))
    return sorted(r.url for r in requests if "/company/" in r.url)


def test_a_name_a_record_printed_follows_the_entries_under_that_name_only() -> None:
    assert _followed({"name": "STE. ATLAS BTP S.A.R.L", "exact_name": True}) == [
        BASE + "company_register/company/CR-000123"]


def test_without_an_entry_under_that_name_every_row_is_followed() -> None:
    # a renamed company, a trade name: nothing to prefer, so nothing is left out
    assert len(_followed({"name": "ATLAS", "exact_name": True})) == 2


def test_the_debtors_own_denomination_follows_every_row() -> None:
    # homonyms and old names are matching's business (a company debtor's own search)
    assert len(_followed({"name": "ATLAS BTP"})) == 2


def test_two_writings_of_one_name_share_a_key() -> None:
    assert _denomination_key("Sté. IMMOBOISO S.A.R.L. A.U.") == _denomination_key("IMMOBOISO")
    assert _denomination_key("ÉTOILE DU NORD SARL") == _denomination_key("Etoile du Nord")
    assert _denomination_key("ATLAS BTP TRAVAUX") != _denomination_key("ATLAS BTP")
    assert _denomination_key(None) is None and _denomination_key("  ") is None
