"""legal_notices: keyword search by the debtor's name (and RC number for a company) →
paginated notices → one notice record each, with what ``notices_parser`` extracts from the
French text (kind, company, capital, RC, people with CIN, roles and shares). A person whose
full name finds nothing is searched again by surname: notices spell first names their way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from spiders.base import SourceSpider
from spiders.loaders import NoticeLoader
from spiders.notices_parser import parse_notice
from spiders.querying import search_name, surname
from spiders.tasks import Task


class LegalNoticesSpider(SourceSpider):
    name = "legal_notices"
    expected_fields = {"notice": ("title", "published", "journal", "text")}

    def search_requests(self, task: Task) -> Iterator[Request]:
        name = search_name(task.query.get("name"))
        if task.query.get("kind") == "company":
            yield from self.search(task, [name, task.query.get("rc")], "parse_notices")
            return
        yield from self.search(task, [name], "parse_notices", otherwise=[surname(name)])

    def parse_notices(self, response: Response, task: Task) -> Iterator[Any]:
        articles = self.result_list(response, "article.notice", "p.count, div.notices")
        for article in articles:
            record_id = article.attrib.get("data-id")
            link = article.css("h2.title a::attr(href)").get()
            url = response.urljoin(link) if link else response.url
            yield self.record(task, "notice", record_id, url, parse_article(article))
        yield self.next_page(response, task, response.meta["page"], "parse_notices")
        yield from self.search_otherwise(response, task, found=bool(articles))


def parse_article(article: Selector) -> dict[str, Any]:
    """The notice's own fields, then what its text says (fields extracted from the text never
    override what the page states)."""
    loader = NoticeLoader(selector=article)
    loader.add_css("title", "h2.title a::text")
    loader.add_css("title", "h2.title::text")
    loader.add_css("published", "time.published::attr(datetime)")
    loader.add_css("published", "time.published::text")
    loader.add_css("journal", "span.journal::text")
    fields = loader.load_fields()
    text = " ".join(article.css("div.text ::text").getall()).strip()
    if text:
        fields["text"] = text
        extracted = parse_notice(text, title=fields.get("title"))
        fields.update({k: v for k, v in extracted.items() if k not in fields})
    return fields
