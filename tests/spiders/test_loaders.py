"""The loaders read what itemloaders' ItemLoader read, and a block met again is not parsed again
(spiders/block_cache.py, issue 17)."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from itemloaders import ItemLoader
from itemloaders.processors import Identity, MapCompose, TakeFirst
from parsel import Selector

from spiders.block_cache import BlockCache
from spiders.loaders import CompanyLoader, FieldsLoader, PhoneLoader
from spiders.parsing import clean_text, parse_amount, parse_date, parse_int
from spiders.sources import legal_notices
from tests.spiders.conftest import BASE, make_spider, run_page


class _Reference(ItemLoader):  # the loaders as they were: itemloaders' own machinery
    default_item_class = dict
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    def load_fields(self) -> dict[str, Any]:
        return {k: v for k, v in dict(self.load_item()).items() if v not in (None, [], "")}


class _ReferencePhone(_Reference):
    phones_out = Identity()
    listed_since_in = MapCompose(clean_text, parse_date)


class _ReferenceCompany(_Reference):
    capital_in = MapCompose(clean_text, parse_amount)
    created_in = MapCompose(clean_text, parse_date)
    total_shares_in = MapCompose(clean_text, parse_int)
    phones_out = Identity()


_PHONE_ASKS = (("name", "h3.name::text"), ("address", "p.address::text"),
               ("phones", "li.phone::text"), ("listed_since", "p.since time::attr(datetime)"),
               ("name", "span.alias::text"))
_COMPANY_ASKS = (("denomination", "h1::text"), ("capital", "dd.capital::text"),
                 ("created", "dd.created::text"), ("total_shares", "dd.shares::text"),
                 ("phones", "li.phone::text"))

_texts = st.text(alphabet=st.sampled_from(list("ab Z9 ,.-/\u00a0\u202f\téعم0123")), max_size=14)


@settings(max_examples=150, deadline=None)
@given(names=st.lists(_texts, max_size=2), addresses=st.lists(_texts, max_size=2),
       phones=st.lists(_texts, max_size=3), since=st.one_of(st.none(), _texts,
                                                           st.dates().map(str)))
def test_a_listing_reads_as_itemloader_read_it(names: list[str], addresses: list[str],
                                                phones: list[str], since: str | None) -> None:
    html = ("<li class='listing'>" + "".join(f"<h3 class='name'>{escape(n)}</h3>" for n in names)
            + "".join(f"<p class='address'>{escape(a)}</p>" for a in addresses)
            + "".join(f"<li class='phone'>{escape(p)}</li>" for p in phones)
            + (f"<p class='since'><time datetime='{escape(since)}'>x</time></p>"
               if since is not None else "") + "</li>")
    _assert_read_alike(Selector(text=html).css("li.listing")[0], PhoneLoader, _ReferencePhone,
                       _PHONE_ASKS)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.tuples(st.sampled_from(["h1", "dd.capital", "dd.created",
                                                  "dd.shares", "li.phone"]), _texts),
                       max_size=6),
       numbers=st.lists(st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", " ")),
                        max_size=2))
def test_a_company_block_reads_as_itemloader_read_it(values: list[tuple[str, str]],
                                                      numbers: list[str]) -> None:
    html = "<div class='company'>" + "".join(
        f"<{css.split('.')[0]}{' class=' + repr(css.split('.')[1]) if '.' in css else ''}>"
        f"{escape(text)}</{css.split('.')[0]}>" for css, text in values) + "".join(
        f"<dd class='capital'>{n} MAD</dd>" for n in numbers) + "</div>"
    _assert_read_alike(Selector(text=html).css("div.company")[0], CompanyLoader,
                       _ReferenceCompany, _COMPANY_ASKS)


def _assert_read_alike(block: Selector, ours_kind: type[FieldsLoader],
                       theirs_kind: type[_Reference], asks: tuple[tuple[str, str], ...]) -> None:
    ours, theirs = ours_kind(block), theirs_kind(selector=block)
    for field, css in asks:
        ours.add_css(field, css)
        theirs.add_css(field, css)
    assert ours.load_fields() == theirs.load_fields()


class _Counting(FieldsLoader):
    cache = BlockCache(size=2)
    reads = 0

    def _read(self) -> dict[str, Any]:
        type(self).reads += 1
        return super()._read()


def _listing(name: str) -> Selector:
    html = f"<ul><li class='listing'><h3 class='name'>{name}</h3><li class='phone'>06</li></li></ul>"
    return Selector(text=html).css("li.listing")[0]


def _load(block: Selector, *asks: tuple[str, str]) -> dict[str, Any]:
    loader = _Counting(block)
    for field, css in asks or (("name", "h3.name::text"), ("phones", "li.phone::text")):
        loader.add_css(field, css)
    return loader.load_fields()


def test_a_block_met_again_is_not_read_again_and_each_reader_gets_its_own_copy() -> None:
    _Counting.cache, _Counting.reads = BlockCache(size=2), 0
    first = _load(_listing("ALAOUI Karim"))
    first["name"] = "changed"
    first["extra"] = ["changed"]
    again = _load(_listing("ALAOUI Karim"))  # another debtor's search lists it: same HTML
    assert _Counting.reads == 1 and again == {"name": "ALAOUI Karim"}
    assert (_Counting.cache.hits, _Counting.cache.misses) == (1, 1)
    # another block, or the same block asked other fields, is read
    assert _load(_listing("ALAOUI Karima")) == {"name": "ALAOUI Karima"}
    assert _load(_listing("ALAOUI Karim"), ("name", "h3.name::text"),
                 ("phones", "li.phone::text"), ("x", "p.x::text")) == {"name": "ALAOUI Karim"}
    assert _Counting.reads == 3


def test_the_cache_is_bounded_and_drops_the_least_recently_used_block() -> None:
    _Counting.cache, _Counting.reads = BlockCache(size=2), 0
    for name in ("A", "B", "A", "C"):  # A used again before C comes: B goes
        _load(_listing(name))
    assert len(_Counting.cache) == 2 and _Counting.reads == 3
    _load(_listing("A"))
    assert _Counting.reads == 3
    _load(_listing("B"))
    assert _Counting.reads == 4


def test_nested_values_handed_out_are_copies() -> None:
    cache = BlockCache()
    block = _listing("X")
    people: dict[str, Any] = {"people": [{"name": "ALAOUI Karim", "roles": ["manager"]}],
                              "rc": ("1", "2")}
    out = cache.read("notice", block, lambda: people)
    out["people"][0]["roles"].append("partner")
    assert cache.read("notice", block, lambda: {})["people"][0]["roles"] == ["manager"]
    assert people["people"][0]["roles"] == ["manager", "partner"]  # the parse's own object


def test_a_notice_listed_for_two_debtors_is_parsed_once_and_reads_alike(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legal_notices, "BLOCKS", BlockCache())
    parsed: list[str] = []
    real = legal_notices.parse_article

    def counting(article: Selector, text: str | None = None) -> dict[str, Any]:
        parsed.append(article.attrib.get("data-id", ""))
        return real(article, text)

    monkeypatch.setattr(legal_notices, "parse_article", counting)
    url = BASE + "legal_notices/search?q=ATLAS+BTP"
    spider = make_spider(legal_notices.LegalNoticesSpider)
    first, _, _ = run_page(spider, "legal_notices", "search.html", url, "parse_notices", page=1)
    again, _, _ = run_page(spider, "legal_notices", "search.html", url, "parse_notices", page=1)
    assert parsed == ["LN-000042", "LN-000043"]  # the second debtor's page: read from the cache
    assert [r.fields for r in again] == [r.fields for r in first]
    assert first[0].fields["people"] and first[0].fields["company"] == "ATLAS BTP"
