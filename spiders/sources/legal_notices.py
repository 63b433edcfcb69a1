"""legal_notices: keyword search by the debtor's name, a person's CIN and a company's RC
number with its court →
paginated notices → one notice record each, with what ``notices_parser`` extracts from the
French text (kind, company, capital, RC, people with CIN, roles and shares). A person whose
full name finds nothing is searched again by surname: notices spell first names their way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import partial
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from spiders.base import Search, SourceSpider, answers_a_name, make_search
from spiders.block_cache import BLOCKS
from spiders.css import texts
from spiders.loaders import NoticeLoader
from spiders.notices_parser import parse_notice
from spiders.querying import (
    family_name,
    family_spellings,
    fold,
    given_names,
    given_spellings,
    mentions_the_person,
    name_initials,
    name_variants,
    search_name,
)
from spiders.tasks import Task


class LegalNoticesSpider(SourceSpider):
    name = "legal_notices"
    expected_fields = {"notice": ("title", "published", "journal", "text")}

    def search_requests(self, task: Task) -> Iterator[Request]:
        query = task.query
        name = search_name(query.get("name"))
        city = query.get("city_name")
        # a common name finds hundreds of notices: narrowed to those that print the city
        by_name = make_search("name", name, "name as written", q=name)
        if by_name is not None:
            by_name = by_name.narrowed(make_search(
                "name", name, "name as written, in the city (the name alone finds too many)",
                q=f"{name} {city}") if city else None)
        if query.get("kind") == "company":
            rc, court = query.get("rc"), query.get("tribunal")
            by_rc = make_search("rc", rc, "RC number with its court, as notices print it",
                                q=f"{rc} {court}" if rc and court else None)
            yield from self.search(task, [by_rc, by_name], "parse_notices")
            return
        cin = query.get("cin")
        by_cin = make_search("cin", cin, "notices print a person's CIN", q=cin)
        family = family_name(query)
        by_surname = make_search("surname", family, "not found under the full name",
                                 q=family) if family and family != name else None
        # a partner is often listed "M. ALAOUI A." or under another spelling of the given
        # name, with no CIN: the family name among the notices that name the debtor's city
        # finds the notice; matching and the register's partner list decide (issue 13)
        given = _commonest(given_to_narrow(query))
        # the name as written in the city is the name's own narrower search: not asked again
        # as the family name's (which of the two asked it would hang on which answer came
        # back first: its reason, its place, how its page is read; session 24)
        in_city = _surname_in_city(
            family, city, [g for g in given if not _same_words(f"{family} {g[0]}", name)],
            "surname in the city (given names written otherwise, initials)",
            "surname and a given name in the city (the surname alone finds too many)"
        ) if family and city else None
        # asked in every city first: the company a partner holds shares in may sit at another
        # court than the city of the debtor's row ("Mme AIT EL HAJ K. : 332 parts", Tanger, for
        # a debtor of Casablanca); the surname in the city is its narrower search, so where
        # the family name is rare this costs nothing more, and where it is common one request
        everywhere = make_search(
            "surname", family, "surname in every city (a company at another court; given names "
            "written otherwise, initials)", q=family) if in_city is not None else None
        if everywhere is not None:
            in_city = everywhere.narrowed(in_city)
        # the family name as notices also print it: glued ("ELALAOUI Rachid" for EL ALAOUI),
        # split, W for OU (querying.family_spellings, DOMAIN §7.2), in the city likewise
        spelled = [_surname_in_city(
            spelling, city, given, "surname spelled otherwise in the city (article or prefix "
            "glued or split, W for OU)", "surname spelled otherwise and a given name in the city")
            for spelling in family_spellings(family)] if family and city else []
        yield from self.search(task, [by_cin], "parse_notices")
        if in_city is not None:
            yield from self.search(task, [by_name], "parse_notices")
            # each row is judged on the initials beside the family name before it is parsed
            # (``parse_notices``): a list of up to ``max_filtered_results`` is read whole
            # instead of narrowed, and finds the initials no narrower search can ("Mme M. AIT
            # TALEB : 15 parts" among 140 AIT TALEB notices at 10^4, docs/pivots.md 28). The
            # name as written is read up to ``max_results``, then narrowed to the city: read
            # whole up to 150 too, it brought 7,000 notices more to 1,000 debtors at 10^5 and
            # not one link more (session 24)
            filtered = bool(_initials(query))
            for search in [in_city, *spelled]:
                yield from self._surname_search(task, search, filtered)
        else:
            yield from self.search(task, [by_name], "parse_notices", otherwise=[by_surname])

    def _surname_search(self, task: Task, search: Search | None,
                        filtered: bool) -> Iterator[Request]:
        """A family name's search, within the budget; ``filtered``: its rows are judged on the
        initials before anything else (``rows_filtered``: read up to ``max_filtered_results``
        before its narrower searches run)."""
        if search is None:
            return
        if not filtered:
            yield from self.search(task, [search], "parse_notices")
            return
        request = self.run_search(task, search, "parse_notices", order=(len(task.searches),),
                                  otherwise=[], rows_filtered=True)
        if request is not None:
            yield request

    def parse_notices(self, response: Response, task: Task) -> Iterator[Any]:
        articles = self.result_list(response, "article.notice", "p.count, div.notices")
        by_name = self._searched_by_name(response, task)
        initials = _initials(task.query) if by_name else frozenset()
        spellings = _spellings(task.query) if initials else frozenset()
        family = family_name(task.query)
        # a name search stating more than may be read: its page is a slice of namesakes' notices
        # in the journal's order, as long as the journals are large; the narrower searches run
        # instead (``searched``). A CIN's or an RC's notices are the holder's own: read
        sliced = self.too_broad(response) and answers_a_name(response, task)
        if sliced:
            self.crawler.stats.inc_value(f"skiptrace/{self.name}/slices_not_read", len(articles))
        for article in [] if sliced else articles:
            text = notice_text(article)
            titled = " ".join([*texts(article, "h2.title ::text"), text])
            if initials and not mentions_the_person(titled, family, initials,
                                                    spellings=spellings):
                # the surname beside other given names only: another family member or a
                # namesake, not worth parsing (issue 17: a common surname's notices in a big city)
                self.crawler.stats.inc_value(f"skiptrace/{self.name}/notices_other_initial")
                continue
            record_id = article.attrib.get("data-id")
            link = article.css("h2.title a::attr(href)").get()
            url = response.urljoin(link) if link else response.url
            # another debtor's search listed this very article: its fields were read then
            fields = BLOCKS.read("notice", article, partial(parse_article, article, text))
            yield self.record(task, "notice", record_id, url, fields)
        # the next page is judged as the first was (the search it answers says whether by name)
        yield self.next_page(response, task, response.meta["page"], "parse_notices",
                             search=response.meta.get("search"))
        yield from self.searched(response, task, found=len(articles))

    @staticmethod
    def _searched_by_name(response: Response, task: Task) -> bool:
        """Whether the page answers a search of a person by name or surname (not a CIN or an
        RC), where namesakes fill the list: the search engine finds every notice holding the
        words anywhere, "Mohamed" beside another ALAOUI included."""
        return answers_a_name(response, task) and task.query.get("kind") == "person"


#: other spellings of the given names a too broad surname is narrowed by, commonest first (as
#: the register's trader lists: querying.given_name_spellings). At 10^5 all of them cost 1.3
#: requests a debtor; the two commonest found every link the others did on the development
#: seed at 10^4 and 10^5 for 0.46 requests a debtor less (issue 17, session 23)
SPELLINGS_NARROWED = 2


def _commonest(given: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The names as written (change None), then the ``SPELLINGS_NARROWED`` commonest other
    spellings of ``given_to_narrow``'s list (it comes commonest first)."""
    return ([g for g in given if g[1] is None]
            + [g for g in given if g[1] is not None][:SPELLINGS_NARROWED])


def _surname_in_city(surname: str, city: str, given: list[tuple[str, str | None]],
                     reason: str, narrower_reason: str) -> Search | None:
    """A family name among the notices that name the city; narrowed by each given name when
    the surname alone finds too many (a common surname in a big city): as written, then as
    another hand writes it (``given_to_narrow``), the change said in the search's reason."""
    search = make_search("surname", surname, reason, q=f"{surname} {city}")
    return search.narrowed(*(make_search(
        "surname", surname, narrower_reason if change is None else
        f"{narrower_reason}, the given name spelled otherwise ({change})",
        q=f"{surname} {name} {city}")
        for name, change in given)) if search is not None else None


def _spellings(query: dict[str, Any]) -> frozenset[str]:
    """Every spelling of the person's given names a notice may print beside the family name:
    matching's (``given_spellings``) and each name the narrowing asks (``given_to_narrow``:
    "Hmed" of "Hmed → Ahmed" for a query that carries its names in its variants alone)."""
    return given_spellings(query) | {fold(word) for name, _change in given_to_narrow(query)
                                     for word in name.split() if len(word) > 1}


def _same_words(one: str, other: str | None) -> bool:
    """Whether two search texts ask the same words in the same order (case aside)."""
    return other is not None and one.casefold().split() == other.casefold().split()


def _initials(query: dict[str, Any]) -> frozenset[str]:
    """The initials a notice found by name may write beside the family name: the query's and
    its variants' (``name_initials``), and those of the names as written that a query without
    a name carries in its variants' changes only (``given_to_narrow``: the H of "Hmed → Ahmed"
for BENANI Hmed, whose variants are all A)."""
    found = name_initials(query)
    if not found:
        return found  # no given name known: every notice may name the person
    return found | {initial for name, _change in given_to_narrow(query)
                    if (initial := unicodedata.normalize("NFKD", name)[:1].upper()).isalpha()}


def given_to_narrow(query: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The given names a surname search too broad in the city is narrowed by, each once, with
    the change that gives it (None as written): the query's own (``given_names``), then every
    other spelling the parent computed (``name_variants``, commonest first, nicknames last):
    a journal prints "Rachid BENNANI : 48 parts" for the portfolio's BENNANI Rashid, "BENNANI
    Hmed" for BENANI Ahmed (issue 13). A query without a name (a family name's other
    transcription, linking/notice_spellings.py) takes the names as written from the changes
    ("Ahmed → Hmed")."""
    found: dict[str, tuple[str, str | None]] = {
        name.casefold(): (name, None) for name in given_names(query)}
    bare = not found
    for _variant, change in name_variants(query):
        written, _, spelling = (part.strip() for part in change.partition("→"))
        if bare and written and spelling:
            found.setdefault(written.casefold(), (written, None))
        if spelling:
            found.setdefault(spelling.casefold(), (spelling, change))
    return list(found.values())


def notice_text(article: Selector) -> str:
    """The notice's text as one string."""
    return " ".join(texts(article, "div.text ::text")).strip()


def parse_article(article: Selector, text: str | None = None) -> dict[str, Any]:
    """The notice's own fields, then what its text says (fields extracted from the text never
    override what the page states). ``text``: the notice's text when the caller read it
    already (to decide whether the notice is worth parsing)."""
    loader = NoticeLoader(selector=article)
    loader.add_css("title", "h2.title a::text")
    loader.add_css("title", "h2.title::text")
    loader.add_css("published", "time.published::attr(datetime)")
    loader.add_css("published", "time.published::text")
    loader.add_css("journal", "span.journal::text")
    fields = loader.load_fields()
    text = notice_text(article) if text is None else text
    if text:
        fields["text"] = text
        extracted = parse_notice(text, title=fields.get("title"))
        fields.update({k: v for k, v in extracted.items() if k not in fields})
    return fields
