"""ItemLoaders that read the ``fields`` of one record from a page block.

One loader per record kind; each field's input processor cleans and parses (capital written
French style becomes a number, dates become ISO), its output processor keeps the first value or
the list. What a loader cannot find is simply absent: the spider reports it as missing.
"""

from __future__ import annotations

from typing import Any

from itemloaders import ItemLoader
from itemloaders.processors import Identity, MapCompose, TakeFirst

from spiders.parsing import clean_text, parse_amount, parse_date, parse_int


class FieldsLoader(ItemLoader):  # itemloaders' (scrapy's adds only a response we never use)
    """Loads into a plain dict; every value is whitespace-cleaned, empty values dropped."""

    default_item_class = dict
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    def load_fields(self) -> dict[str, Any]:
        return {k: v for k, v in dict(self.load_item()).items() if v not in (None, [], "")}


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


class NoticeLoader(FieldsLoader):
    published_in = MapCompose(clean_text, parse_date)
