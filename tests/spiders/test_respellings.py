"""A family name transcribed otherwise (issue 12: RMADANI / RAMDANI, KABAJ / KABBAJ hide a
listing from a token search): ``respellings`` derives the other French transcriptions by the
rules of spiders/data/family_spellings.yml (DOMAIN §7.2), each keeping the name's consonant
skeleton so the matcher reads them as one name; the directory asks them in the city only when
the surname finds nobody there, outside the budget, before the surname in any city."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.text import skeleton
from spiders.querying import respellings
from spiders.sources.phone_directory import PhoneDirectorySpider
from spiders.tasks import Task
from tests.spiders.conftest import make_spider
from tests.spiders.test_search_order import _empty_answer


@pytest.mark.parametrize(("written", "other"), [
    ("RMADANI", "RAMDANI"),    # the vowel of an opening consonant pair between them
    ("ZMOURI", "ZEMOURI"),     # or an E
    ("ZMOURI", "ZEMMOURI"),    # and its consonant doubled
    ("KABAJ", "KABBAJ"),       # a consonant doubled (shadda)
    ("HAJJI", "HAJI"),         # or written single
    ("BERADA", "BERRADA"),
    ("SLAWI", "SLAOUI"),       # W for /w/ inside the name, and OU
    ("MOUSSAWI", "MOUSSAOUI"),
    ("JAWHARI", "JAOUHARI"),   # and before an H (Jawhari / Jaouhari: issue 12, session 12)
    ("JAOUHARI", "JAWHARI"),
    ("KABBAJ", "QABBAJ"),      # K / Q
    ("LAMRANI", "LEMRANI"),    # fatha written A or E
    ("BOUZEDI", "BOUZIDI"),    # kasra written E or I
    ("LAHLOOU", "LAHLOU"),     # a vowel doubled by a slip, written once (issue 12, session 14)
    ("NAAJI", "NAJI"),
    ("AMRANII", "AMRANI"),
    ("HILALY", "HILALI"),      # a final I written Y (session 25)
])
def test_the_transcriptions_domain_names(written: str, other: str) -> None:
    assert other in respellings(written)


@pytest.mark.parametrize("short", ["", "ALI", "EL ALAOUI", "O'NEIL", "12345"])
def test_short_or_several_words_are_not_respelled(short: str) -> None:
    assert respellings(short) == []


@given(st.from_regex(r"[A-Z]{4,14}", fullmatch=True), st.integers(min_value=0, max_value=6))
def test_every_respelling_keeps_the_consonant_skeleton(word: str, limit: int) -> None:
    found = respellings(word, limit)
    assert len(found) == len(set(found)) <= limit and word not in found
    for spelling in found:
        assert spelling.isalpha() and spelling.isupper()
        assert skeleton(spelling) == skeleton(word), spelling


def test_the_default_limit_is_the_files() -> None:
    assert len(respellings("BENABDELLAH")) == 3 < len(respellings("BENABDELLAH", 10))


QUERY = {"kind": "person", "name": "RMADANI Abdeslam", "city": "Tétouan"}


def _surname_request(spider: PhoneDirectorySpider) -> tuple[Task, object]:
    from scrapy import Request

    requests = [r for r in spider._start_task(dict(QUERY)) if isinstance(r, Request)]
    [surname] = [r for r in requests if parse_qs(urlsplit(r.url).query)["name"] == ["RMADANI"]]
    return requests[0].meta["task"], surname


def _asked(request: object) -> tuple[str, str | None]:
    query = parse_qs(urlsplit(request.url).query)  # type: ignore[attr-defined]
    return query["name"][0], (query.get("city") or [None])[0]


@pytest.mark.parametrize("budget", [2, 4])
def test_nobody_under_the_surname_in_the_city_asks_its_transcriptions_there(budget: int) -> None:
    spider = make_spider(PhoneDirectorySpider, SKIPTRACE_MAX_SEARCHES=budget)
    task, request = _surname_request(spider)
    asked = []
    for _ in range(4):
        following = _empty_answer(spider, task, request)
        if not following:
            break
        [request] = following
        asked.append(_asked(request))
    spelled = [(s, "Tétouan") for s in respellings("RMADANI")]
    # each transcription in the city, outside the budget; the surname in any city only on
    # what the budget left (with 2 searches planned and a budget of 2, nothing)
    assert asked == (spelled + [("RMADANI", None)] if budget == 4 else spelled)
    reasons = [s["reason"] for s in task.status("phone_directory").searches]
    assert sum("transcribed otherwise" in r for r in reasons) == len(spelled)
    assert task.over_budget == (0 if budget == 4 else 1)


def test_a_trader_surname_that_finds_nobody_is_asked_written_otherwise_as_traders() -> None:
    from scrapy import Request

    from spiders.sources.company_register import CompanyRegisterSpider
    from tests.spiders.conftest import run_page

    spider = make_spider(CompanyRegisterSpider, SKIPTRACE_MAX_SEARCHES=2)
    query = {"kind": "person", "name": "MOUSSAWI Yassine", "last_name": "MOUSSAWI"}
    requests = [r for r in spider._start_task(query) if isinstance(r, Request)]
    [surname] = [r for r in requests if parse_qs(urlsplit(r.url).query).get("q") == ["MOUSSAWI"]]
    task = requests[0].meta["task"]
    asked = []
    for _ in range(4):
        task.pending -= 1
        task.requests -= 1
        _, following, _ = run_page(spider, "company_register", "search_empty.html", surname.url,
                                   "parse_results", task=task, **{
                                       k: surname.meta[k] for k in (
                                           "page", "otherwise", "search", "order", "reserved",
                                           "traders_only", "rows_filtered") if k in surname.meta})
        if not following:
            break
        [surname] = following
        asked.append(parse_qs(urlsplit(surname.url).query)["q"][0])
        assert surname.meta["traders_only"] and surname.meta["rows_filtered"]
    # the budget (2) is spent by the name and the surname: the spellings run outside it
    assert asked == respellings("MOUSSAWI") and "MOUSSAOUI" in asked
