"""Loaders that read the ``fields`` of one record from a page block.

One loader per record kind; each field's input processor cleans and parses (capital written
French style becomes a number, dates become ISO), its output processor keeps the first value or
the list. What a loader cannot find is simply absent: the spider reports it as missing.

The processors are itemloaders' (MapCompose, TakeFirst, Identity), applied as its ItemLoader
applies them; the loader itself is ours and small: ItemLoader's generic machinery (loader
contexts, nested loaders, item adapters) was a tenth of a crawl child's CPU for features we never
use, and a block met again (another debtor's search listing it) is read from the crawl child's
block cache instead of parsed again (spiders/block_cache.py, issue 17).
"""

from __future__ import annotations

from typing import Any, ClassVar

from itemloaders.processors import Identity, MapCompose, TakeFirst
from parsel import Selector

from spiders.block_cache import BLOCKS, BlockCache
from spiders.css import texts
from spiders.parsing import clean_text, parse_amount, parse_date, parse_int


class FieldsLoader:
    """Reads a block's fields into a plain dict; every value is whitespace-cleaned, empty
    values dropped. ``add_css`` only notes what to read: ``load_fields`` reads it, once per
    distinct block (``cache``)."""

    default_input_processor: ClassVar[Any] = MapCompose(clean_text)
    default_output_processor: ClassVar[Any] = TakeFirst()
    #: where blocks read once are kept; None: not kept (a kind whose caller keeps more)
    cache: ClassVar[BlockCache | None] = BLOCKS

    def __init__(self, selector: Selector) -> None:
        self.selector = selector
        self._asked: list[tuple[str, str]] = []

    def add_css(self, field: str, css: str) -> None:
        """Read ``field`` from the text or attribute ``css`` selects (several calls for one
        field collect their values in order)."""
        self._asked.append((field, css))

    def load_fields(self) -> dict[str, Any]:
        if self.cache is None:
            return self._read()
        return self.cache.read(type(self).__name__, self.selector, self._read,
                               asked=tuple(self._asked))

    def _read(self) -> dict[str, Any]:
        collected: dict[str, list[Any]] = {}
        for field, css in self._asked:
            found = texts(self.selector, css)
            processed = getattr(self, f"{field}_in", self.default_input_processor)(found)
            if processed:
                collected.setdefault(field, []).extend(processed)
        fields: dict[str, Any] = {}
        for field, values in collected.items():
            value = getattr(self, f"{field}_out", self.default_output_processor)(values)
            if value not in (None, [], ""):
                fields[field] = value
        return fields


class CompanyLoader(FieldsLoader):
    capital_in = MapCompose(clean_text, parse_amount)
    created_in = MapCompose(clean_text, parse_date)
    total_shares_in = MapCompose(clean_text, parse_int)
    old_names_out = Identity()
    phones_out = Identity()
    trade_names_out = Identity()


class CompanyRowLoader(FieldsLoader):
    """A row of a result list: enough for a partial record when the detail page fails."""


class PersonRowLoader(FieldsLoader):
    """A manager or partner row of a company detail page."""

    shares_in = MapCompose(clean_text, parse_int)


class PhoneLoader(FieldsLoader):
    phones_out = Identity()
    listed_since_in = MapCompose(clean_text, parse_date)


class ListingNameLoader(FieldsLoader):
    """A listing's name alone, for a page not read (a slice of namesakes): not kept in the block
    cache, where it would push out the fields of listings that are read."""

    cache = None


class NoticeLoader(FieldsLoader):
    published_in = MapCompose(clean_text, parse_date)
    #: the notices spider keeps the whole article read (its text parsed too), not these fields
    cache = None
