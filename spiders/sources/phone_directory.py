"""phone_directory: search by name (and city when the debtor has one), by each of the debtor's
phones (reverse search) and a person's surname in the city → paginated listings → one phone
record per listing.

Directories shorten first names ("Marrakchi A.", "EL ALAOUI M."), so a person is also searched
by surname alone in their city; matching sorts out the homonyms. A search in the debtor's city
that finds nothing is repeated without the city: people move, and portfolio cities are stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from spiders.base import Search, SourceSpider, make_search
from spiders.loaders import PhoneLoader
from spiders.querying import (
    family_name,
    family_spellings,
    given_initials,
    given_spellings,
    may_name_the_person,
    name_initials,
    name_variants,
    national_phone,
    respellings,
    search_name,
    without_particle,
)
from spiders.tasks import Task


class PhoneDirectorySpider(SourceSpider):
    name = "phone_directory"
    expected_fields = {"phone": ("name", "address", "city", "phones")}

    def search_requests(self, task: Task) -> Iterator[Request]:
        """The name (in the city when known), each of the debtor's phones (reverse search),
        then for a person the surname within the city: every name token must match, so a
        particle, a dropped second given name or a variant hides a listing the surname finds;
        the surname spelled otherwise in the city (``family_spellings``: "ELMANSOURI" finds
        "EL MANSOURI Hmed" as "MANSOURI", "WAZZANI" finds "Amina Ouazzani"); when the surname
        finds nobody in the city, the surname transcribed otherwise there (``respellings``:
        "RMADANI" finds "Abdeslam Ramdani") before the surname in any city;
        then each given-name variant the parent computed (``name_variants``, commonest
        first; in any city when the surname was searched in the city). A search in the city
        that finds nothing is repeated without it. Within the budget."""
        query = task.query
        name = search_name(query.get("name"))
        # the city as the directory names it (its French name: "Agadir" for "Agadir Ida
        # Outanane"), as the notices do; a place matching's table does not know, as written
        city = query.get("city_name") or query.get("city") or None
        searches: list[Search | None] = []
        if name:
            searches.append(_by_name("name", name, city, "name as written"))
        phones = (national_phone(p) for p in query.get("phones") or [])
        for phone in dict.fromkeys(p for p in phones if p):
            searches.append(make_search("phone", phone, "reverse search on the debtor's phone",
                                        phone=phone))
        family = family_name(query)
        by_surname = False
        respelled: dict[Search, list[Search | None]] = {}
        if query.get("kind") != "company" and family and city:
            core = without_particle(search_name(family) or family)
            if core and core != name:
                by_surname = True
                initials = given_initials(query)
                in_city = _surname_in_city(
                    core, city, initials, "surname in the city (spelling of given names)",
                    "surname and an initial in the city (the surname alone finds too many; the "
                    "full name is searched apart)")
                searches.append(in_city)
                # nobody of that name in the city, or only other people (``searched``'s
                # ``promising``): the name transcribed otherwise there (RMADANI / RAMDANI,
                # KABAJ / KABBAJ: querying.respellings), before anywhere
                if in_city is not None:
                    respelled[in_city] = [replace(search, respelling=True) for search in (
                        _surname_in_city(
                            spelling, city, initials, "surname transcribed otherwise in the "
                            "city (nobody under the name as given who may be the person: "
                            "vowels, doubled letters, W/OU, K/Q)", "surname transcribed otherwise and an initial in the "
                            "city") for spelling in respellings(core)) if search is not None]
                # the surname as other sources write it: an article or a prefix glued or split,
                # W for OU (DOMAIN §7.2), since every token must match
                whole = search_name(family) or family
                spellings = dict.fromkeys([*family_spellings(core), *family_spellings(whole)])
                searches += [_surname_in_city(
                    spelling, city, initials, "surname in the city, spelled otherwise (article "
                    "or prefix glued or split, W for OU)", "surname spelled otherwise and an "
                    "initial in the city")
                    for spelling in spellings if spelling.casefold() != core.casefold()]
        if query.get("kind") != "company":
            # last, in what is left of the budget: the surname in the city already finds every
            # spelling there, so a variant is then searched in any city
            for variant, change in name_variants(query):
                where = None if by_surname else city
                searches.append(_by_name("name", without_particle(variant), where,
                                         f"given-name variant ({change})"
                                         + (", any city" if city and by_surname else "")))
        for search in searches:
            if search is None:
                continue
            anywhere = (_by_name(search.key, search.value, None, search.reason + ", any city")
                        if search.params.get("city") else None)
            yield from self.search(task, [search], "parse_listings",
                                   otherwise=[*respelled.get(search, []), anywhere])

    def parse_listings(self, response: Response, task: Task) -> Iterator[Any]:
        listings = self.result_list(response, "ul.listings li.listing", "p.count, ul.listings")
        written: list[str | None] = []
        for listing in listings:
            record_id = listing.attrib.get("data-id")
            fields = parse_listing(listing)
            written.append(fields.get("name"))
            yield self.record(task, "phone", record_id, response.url, fields)
        yield self.next_page(response, task, response.meta["page"], "parse_listings")
        yield from self.searched(response, task, found=len(listings),
                                 promising=_who_may_be_the_person(response, task, written))


def _who_may_be_the_person(response: Response, task: Task,
                           written: list[str | None]) -> int | None:
    """Of the listings a surname search found, how many may be the person (a given name or
    initial of theirs beside the surname, or none written: ``may_name_the_person``, the
    register's test for its trader rows); None for other searches, where every listing may.
    A common surname in the city lists other people: the person's own listing is then
    written otherwise ("BENANI Boushra" for BENNANI Bushra) and the transcriptions are
    asked as when the surname listed nobody (issue 12, session 12)."""
    index = response.meta.get("search")
    if index is None or index >= len(task.searches) or task.searches[index]["key"] != "surname":
        return None
    family = (parse_qs(urlsplit(response.url).query).get("name") or [""])[0]
    initials = name_initials(task.query)
    spellings = given_spellings(task.query)
    return sum(may_name_the_person(name, family, initials, spellings) for name in written)


def _surname_in_city(surname: str, city: str, initials: list[str], reason: str,
                     narrower_reason: str) -> Search | None:
    """A family name in the city; narrowed by each given-name initial when the surname alone
    finds too many (a common surname in a big city)."""
    search = _by_name("surname", surname, city, reason)
    return search.narrowed(*(_by_name("surname", f"{surname} {initial}", city, narrower_reason)
                             for initial in initials)) if search is not None else None


def _by_name(key: str, name: str, city: str | None, reason: str) -> Search | None:
    return (make_search(key, name, reason, name=name, city=city) if city else
            make_search(key, name, reason, name=name))


def parse_listing(listing: Selector) -> dict[str, Any]:
    loader = PhoneLoader(selector=listing)
    for name, css in (("name", "h3.name"), ("listing_kind", "span.kind"),
                      ("address", "p.address"), ("city", "p.city"), ("phones", "li.phone"),
                      ("category", "p.category")):
        loader.add_css(name, f"{css}::text")
    loader.add_css("listed_since", "p.since time::attr(datetime)")
    fields = loader.load_fields()
    fields.setdefault("phones", [])
    return fields
