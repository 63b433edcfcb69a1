"""phone_directory: search by name (and city when the debtor has one) → paginated listings →
one phone record per listing.

Directories shorten first names ("Marrakchi A.", "EL ALAOUI M."), so a person is also searched
by surname alone in their city; matching sorts out the homonyms. A search in the debtor's city
that finds nothing is repeated without the city: people move, and portfolio cities are stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from spiders.base import SourceSpider
from spiders.loaders import PhoneLoader
from spiders.querying import search_name, surname
from spiders.tasks import Task


class PhoneDirectorySpider(SourceSpider):
    name = "phone_directory"
    expected_fields = {"phone": ("name", "address", "city", "phones")}

    def search_requests(self, task: Task) -> Iterator[Request]:
        name = search_name(task.query.get("name"))
        if not name:
            return
        city = task.query.get("city")
        family = surname(name) if task.query.get("kind") != "company" and city else None
        for term in dict.fromkeys(t for t in (name, family) if t):
            request = self.follow(task, self._search_url(term, city), "parse_listings", page=1,
                                  name=term, city=city)
            if request is not None:
                yield request

    def _search_url(self, name: str, city: str | None) -> str:
        params = {"name": name, **({"city": city} if city else {})}
        return f"{self.root_url}/search?{urlencode(params)}"

    def parse_listings(self, response: Response, task: Task) -> Iterator[Any]:
        listings = self.result_list(response, "ul.listings li.listing", "p.count, ul.listings")
        for listing in listings:
            record_id = listing.attrib.get("data-id")
            yield self.record(task, "phone", record_id, response.url, parse_listing(listing))
        meta = {"name": response.meta["name"], "city": response.meta["city"]}
        yield self.next_page(response, task, response.meta["page"], "parse_listings", **meta)
        if not listings and response.meta["page"] == 1 and meta["city"]:
            yield self.follow(task, self._search_url(meta["name"], None), "parse_listings",
                              page=1, name=meta["name"], city=None)


def parse_listing(listing: Selector) -> dict[str, Any]:
    loader = PhoneLoader(selector=listing)
    for name, css in (("name", "h3.name"), ("listing_kind", "span.kind"),
                      ("address", "p.address"), ("city", "p.city"), ("phones", "li.phone"),
                      ("category", "p.category")):
        loader.add_css(name, f"{css}::text")
    fields = loader.load_fields()
    fields.setdefault("phones", [])
    return fields
