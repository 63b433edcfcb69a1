"""company_register: search by RC + court (else ICE, else RC), by name, sigle and trade names
→ result pages → one company record
per detail page (identity, capital, phones, old names, managers, partners with shares).

When a detail page fails or is no longer understood, the result-list row still gives a partial
company record (denomination, legal form, city, RC, ICE) rather than nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from spiders.base import (
    LayoutChanged,
    Search,
    SourceSpider,
    make_search,
    result_count,
    search_entry,
)
from spiders.loaders import CompanyLoader, CompanyRowLoader, PersonRowLoader
from spiders.querying import (
    aliases,
    family_name,
    family_spellings,
    fold,
    given_initials,
    given_name_spellings,
    given_names,
    given_spellings,
    may_name_the_person,
    name_initials,
    name_variants,
    respellings,
    search_name,
    without_particle,
)
from spiders.tasks import Task

_RC_ROW = re.compile(r"(?:RC\s*)?(\d+)\s*[-–]\s*(.+)")
_RECORD_ID = re.compile(r"/company/([^/?#]+)")


class CompanyRegisterSpider(SourceSpider):
    name = "company_register"
    expected_fields = {
        "company": ("denomination", "legal_form", "capital", "address", "city", "rc_number",
                    "rc_tribunal", "ice", "created", "status"),
    }

    def expected_for(self, kind: str, fields: dict[str, Any]) -> tuple[str, ...]:
        """A trader (personne physique) has no capital by law (DOMAIN §4): the detail page
        says which kind of entry it is (``dd.kind``), and only a company is expected to have one."""
        expected = super().expected_for(kind, fields)
        if kind == "company" and fields.get("entry_kind") == "trader":
            return tuple(f for f in expected if f != "capital")
        return expected

    def search_requests(self, task: Task) -> Iterator[Request]:
        """One registration by RC + court when both are known (else by ICE, then the bare RC
        number), the name always (homonyms and old names are matching's business), for a person
        a trader entry under the surname, then each sigle or trade name the debtor's name
        carries, and last, when the surname was not searched, each given-name variant the parent
        computed (``name_variants``, traders only); within the per-debtor budget."""
        query = task.query
        rc, court, ice = query.get("rc"), query.get("tribunal"), query.get("ice")
        by_rc_court = make_search("rc", rc, "RC number at its court (one registration)",
                                  rc=rc, tribunal=court)
        by_ice = make_search("ice", ice, "ICE", q=ice)
        by_rc = make_search("rc", rc, "RC number (no court known)", q=rc)
        if by_rc_court is not None:
            yield from self.search(task, [by_rc_court], "parse_results", otherwise=[by_ice])
        else:
            yield from self.search(task, [by_ice or by_rc], "parse_results",
                                   otherwise=[by_rc] if by_ice else [])
        names = [search_name(n) for n in [query.get("name"), *(query.get("names") or [])]]
        main = names[0]
        # a common denomination ("ATLAS TRANSPORT", 89 entries at 10^5) states more than may
        # be read, and the list's rows name a company's branches only by the ICE they share
        # with it (DOMAIN §1.2): such a list is read on, for those rows alone
        by_enterprise = query.get("kind") == "company" and _enterprise(ice) is not None
        family = family_name(query)
        whole = search_name(family) or family  # "EL OUARDI": registered "ELOUARDI" too
        core = without_particle(whole)
        # a person known by the surname alone: their name's search is the trader search under
        # it, its rows judged before any detail page (read up to the filtered bound; issue 17:
        # at 10^4 "BENABDELLAH" lists more than a plain search may read, and the trader of Fès
        # was found by nothing else)
        surname_only = (query.get("kind") == "person" and bool(family) and core == main
                        and not given_names(query))
        if not surname_only:
            yield from self.search(task, [make_search("name", main, "denomination", q=main)],
                                   "parse_results", rows_filtered=by_enterprise,
                                   by_enterprise=by_enterprise)
        # a trader registered as "Samira Rifi", "HAJJI M.": only traders
        by_surname = (query.get("kind") == "person" and bool(family)
                      and (core != main or surname_only))
        if by_surname:
            # nobody under it, or only other people: the surname written otherwise
            # (article, W/OU, then transcribed: querying.respellings), outside the budget
            # (decision 0016)
            spelled = [make_search("surname", spelling, "a trader entry under the surname "
                                   "written otherwise (nobody under the name as given who "
                                   "may be the person)", q=spelling)
                       for spelling in dict.fromkeys([*family_spellings(core),
                                                      *family_spellings(whole),
                                                      *respellings(core)])
                       if spelling.casefold() != core.casefold()]
            yield from self._traders(task, [_under_the_surname(query, core, whole)], otherwise=[
                replace(s, respelling=True) for s in spelled if s is not None])
        for alias in dict.fromkeys(a for n in names if n for a in aliases(n)):
            yield from self.search(task, [make_search("name", alias, "sigle or trade name",
                                                      q=alias)], "parse_results")
        # last, in what is left of the budget, and only when the surname was not searched (it
        # finds the trader under every spelling of the given name: the register has no city)
        if query.get("kind") == "person" and not by_surname:
            yield from self._traders(task, [
                make_search("name", without_particle(variant), f"given-name variant ({change})",
                            q=without_particle(variant))
                for variant, change in name_variants(query)])

    def _traders(self, task: Task, searches: list[Search | None],
                 otherwise: list[Search] | None = None) -> Iterator[Request]:
        """Searches whose results are kept only when they are traders (personnes physiques);
        ``otherwise``: asked in turn while each finds nobody."""
        for search in dict.fromkeys(s for s in searches if s is not None):
            request = self.run_search(task, search, "parse_results", traders_only=True,
                                      rows_filtered=True, otherwise=otherwise or [])
            if request is not None:
                yield request

    def harvest_requests(self, task: Task) -> Iterator[Request]:
        request = self.follow(task, f"{self.root_url}/browse?page=1", "parse_results", page=1)
        if request is not None:
            yield request

    def parse_results(self, response: Response, task: Task) -> Iterator[Any]:
        rows = self.result_list(response, "table.results tr.result", "p.count, table.results")
        traders_only = bool(response.meta.get("traders_only"))
        # a search that finds too many is narrowed (``searched``): its first page's companies
        # are a sample of the alphabet, not worth a detail page each
        enterprise = _enterprise(task.query.get("ice"))
        family = family_name(task.query)
        initials = name_initials(task.query) if traders_only else frozenset()
        spellings = given_spellings(task.query) if traders_only else frozenset()
        broad = self.too_broad(response)
        # a denomination list longer than a search may read (``max_results``) is read for the
        # debtor's own enterprise only (``search_requests``), page after page
        enterprise_only = bool(response.meta.get("enterprise_only")) or bool(
            response.meta.get("by_enterprise") and response.meta.get("page") == 1
            and (result_count(response) or 0) > self.max_results)
        kept = 0  # trader rows that may be the person
        worth: list[tuple[str, dict[str, Any]]] = []  # rows worth a detail page, in order
        for row in [] if broad else rows:
            href = row.css("td.denomination a::attr(href)").get()
            if not href:
                self.crawler.stats.inc_value(f"skiptrace/{self.name}/row_without_link")
                continue
            fields = parse_row(row)
            if traders_only and not _is_trader(fields):
                continue
            if traders_only and not may_name_the_person(fields.get("denomination"), family,
                                                        initials, spellings):
                # another person of that surname: "BENANI Karim" for a Mohamed (issue 17: a
                # common surname's traders would each cost a detail page)
                self.crawler.stats.inc_value(f"skiptrace/{self.name}/rows_other_initial")
                continue
            other = _enterprise(fields.get("ice"))
            if enterprise_only and other != enterprise:
                # a long list under a common denomination: only the debtor's enterprise is
                # worth a detail page
                self.crawler.stats.inc_value(f"skiptrace/{self.name}/rows_other_enterprise")
                continue
            if enterprise and other and other != enterprise:
                # another enterprise's ICE (its branches share the first nine digits, DOMAIN
                # §1.2): a namesake, not worth a detail page (issue 17)
                self.crawler.stats.inc_value(f"skiptrace/{self.name}/rows_other_enterprise")
                continue
            kept += 1
            worth.append((href, fields))
        worth = self._under_the_name(task, worth)
        elsewhere = namesakes_elsewhere(task.query, [fields for _, fields in worth],
                                        self.max_namesakes_elsewhere)
        if elsewhere:
            self._not_followed(response, task, len(elsewhere))
        for k, (href, fields) in enumerate(worth):
            if k not in elsewhere:
                yield self.follow(task, response.urljoin(href), "parse_company", row=fields)
        yield self.next_page(response, task, response.meta["page"], "parse_results",
                             traders_only=traders_only, enterprise_only=enterprise_only)
        # a trader list of other people only is a surname that found nobody: the surname
        # written otherwise is asked then too ("BENANI Bouchra" under BENNANI: issue 12)
        yield from self.searched(response, task, found=len(rows),
                                 promising=kept if traders_only and not broad else None)

    def _under_the_name(self, task: Task,
                        worth: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        """For a company looked up by the name a record printed (``exact_name``: a notice's
        company checked, a business listed at the debtor's number), the rows registered under
        that very name, legal form and prefixes aside, when the page holds any: the register's
        token search lists every denomination containing its words, and at 10^5 "SOUSS
        TRAVAUX ATLANTIQUE" listed 15 companies, each a detail page, of which one bore the name
        (session 25). A page with none of them is followed whole, as before: a renamed
        company, a trade name."""
        if not task.query.get("exact_name"):
            return worth
        asked = _denomination_key(task.query.get("name"))
        if not asked:
            return worth
        same = [(href, fields) for href, fields in worth
                if _denomination_key(fields.get("denomination")) == asked]
        if not same:
            return worth
        self.crawler.stats.inc_value(f"skiptrace/{self.name}/rows_other_name",
                                     len(worth) - len(same))
        return same

    @property
    def max_namesakes_elsewhere(self) -> int:
        """Traders of a list page who may be the person but are registered in another city
        than the debtor's, past which none of them is worth a detail page (0 = no bound;
        ``namesakes_elsewhere``)."""
        return self.settings.getint("SKIPTRACE_MAX_NAMESAKES_ELSEWHERE", 0)

    def _not_followed(self, response: Response, task: Task, count: int) -> None:
        """Says on the search's entry (the profile's ``searches``) and in the crawl's stats how
        many namesakes elsewhere a page listed that were not followed."""
        self.crawler.stats.inc_value(f"skiptrace/{self.name}/rows_namesakes_elsewhere", count)
        entry = search_entry(response, task)
        if entry is not None:
            entry["namesakes_elsewhere"] = entry.get("namesakes_elsewhere", 0) + count

    def parse_company(self, response: Response, task: Task) -> Iterator[Any]:
        block = response.css("div.company")
        if not block:
            raise LayoutChanged("no company block")
        record_id = block.attrib.get("data-record-id") or record_id_from_url(response.url)
        yield self.record(task, "company", record_id, response.url, parse_company(block[0]))

    def on_layout_changed(self, response: Response, task: Task) -> Iterator[Any]:
        yield from self._row_fallback(response.request, task, "detail page layout changed")

    def on_request_failed(self, request: Request, task: Task, reason: str) -> Iterator[Any]:
        yield from self._row_fallback(request, task, f"detail page failed: {reason}")

    def _row_fallback(self, request: Request | None, task: Task, why: str) -> Iterator[Any]:
        row = request.meta.get("row") if request is not None else None
        if not row or request is None:
            return
        url = (request.meta.get("redirect_urls") or [request.url])[0]  # the link we followed
        item = self.record(task, "company", record_id_from_url(url), url, dict(row))
        item.warn(why)
        yield item


def _enterprise(ice: Any) -> str | None:
    """The enterprise part of an ICE (its first nine digits; the next four number the
    establishment, DOMAIN §1.2), or None when the value is not 15 digits."""
    digits = re.sub(r"\D", "", str(ice or ""))
    return digits[:9] if len(digits) == 15 else None


def _under_the_surname(query: dict[str, Any], core: str, whole: str) -> Search | None:
    """A person's trader entry under the surname without its particle (``core``; ``whole``:
    as written), narrowed when it finds too many: first, when the particle was dropped, by
    each given name as written ("EL ALAOUI Hassan" registered "ALAOUI Hassan": the full name's
    search asks for EL), then by each initial, then by each other spelling of the given name
    (issue 17: at 10^4 the surname alone states too many, and "HASSAN" is neither "H" nor
    "Hasan")."""
    by_family = make_search("surname", core, "a trader entry under the surname", q=core)
    if by_family is None:
        return None
    bare = [make_search(
        "surname", core, "a trader entry under the surname without its particle and a given "
        "name as written (the surname alone finds too many)", q=f"{core} {given}")
        for given in given_names(query)] if core.casefold() != whole.casefold() else []
    initials = [make_search(
        "surname", core, "a trader entry under the surname and an initial (the surname alone "
        "finds too many; the full name is searched apart)", q=f"{core} {initial}")
        for initial in given_initials(query)]
    spellings = [make_search(
        "surname", core, "a trader entry under the surname and another spelling of the given "
        f"name ({change})", q=f"{core} {spelling}")
        for spelling, change in given_name_spellings(query)]
    return by_family.narrowed(*bare, *initials, *spellings)


def namesakes_elsewhere(query: dict[str, Any], rows: list[dict[str, Any]],
                        bound: int) -> frozenset[int]:
    """The rows (by index) not worth a detail page because they are a crowd of namesakes
    elsewhere: for a person debtor whose city is known, the traders registered in another city,
    when a page lists more than ``bound`` of them who may be the person (decision 0059).

    Why: a trader's register entry gives the person's name, which a common name shares with
    people all over the country (at 10^5, "EL ALAOUI Mohamed" lists 40 traders), and the
    register has no search by city. Each row costs a detail page, and one in another city is
    rarely the debtor's: on development seed 40961, of 2,664 such rows fetched for 1,000
    debtors at 10^5, 19 were. The debtor who moved stays found where such rows are few (a
    short list is read whole, as at 10^3), and in their city whatever the crowd. Rows in the
    debtor's city, companies and rows giving no city are always kept."""
    home = {_fold_city(query.get(k)) for k in ("city_name", "city")} - {""}
    if not bound or query.get("kind") != "person" or not home:
        return frozenset()
    kept = home | {""}  # the debtor's city, or none given
    away = frozenset(k for k, row in enumerate(rows)
                     if _is_trader(row) and _fold_city(row.get("city")) not in kept)
    return away if len(away) > bound else frozenset()


def _fold_city(city: Any) -> str:
    """A city as a comparable key: case, accents, hyphens and spaces folded (Salé, SALE)."""
    return "".join(c for c in fold(str(city or "")) if c.isalnum())


def _is_trader(row: dict[str, Any]) -> bool:
    """A result row of a trader (personne physique), or one that does not say its form."""
    form = str(row.get("legal_form") or "").casefold()
    return not form or "physique" in form or form in {"pp", "commerçant", "commercant"}


def _denomination_key(name: Any) -> str | None:
    """A denomination as two writings of one company's name compare: legal form and prefixes
    out ("STE. IMMOBOISO SARL" and "IMMOBOISO"), case and accents folded."""
    if not isinstance(name, str):
        return None
    words = search_name(name) or ""
    key = " ".join(fold(w) for w in re.findall(r"[^\W_]+", words))
    return key or None


def parse_row(row: Selector) -> dict[str, Any]:
    """The fields a result-list row shows."""
    loader = CompanyRowLoader(selector=row)
    loader.add_css("denomination", "td.denomination a::text")
    loader.add_css("denomination", "td.denomination::text")
    loader.add_css("legal_form", "td.legal-form::text")
    loader.add_css("city", "td.city::text")
    loader.add_css("ice", "td.ice::text")
    fields = loader.load_fields()
    rc = _RC_ROW.match(" ".join(row.css("td.rc::text").getall()).strip())
    if rc:
        fields["rc_number"], fields["rc_tribunal"] = rc.group(1), rc.group(2).strip()
    return fields


def parse_company(block: Selector) -> dict[str, Any]:
    """Every field of a detail page's ``div.company``; absent ones are left out."""
    loader = CompanyLoader(selector=block)
    for name, css in (("denomination", "h1.denomination"), ("legal_form", "dd.legal-form"),
                      ("capital", "dd.capital"), ("address", "dd.address"), ("city", "dd.city"),
                      ("rc_number", "dd.rc-number"), ("rc_tribunal", "dd.rc-tribunal"),
                      ("ice", "dd.ice"), ("if_number", "dd.if"), ("created", "dd.created"),
                      ("status", "dd.status"), ("phones", "dd.phone"),
                      ("old_names", "ul.old-names li"), ("total_shares", "p.total-shares"),
                      ("entry_kind", "dd.kind"), ("sigle", "dd.sigle"),
                      ("trade_names", "dd.trade-name"),
                      ("main_establishment", "dd.main-establishment")):
        loader.add_css(name, f"{css}::text")
    fields = loader.load_fields()
    fields.setdefault("phones", [])
    fields.setdefault("old_names", [])
    main = _RC_ROW.match(fields.pop("main_establishment", ""))
    if main:  # a branch's principal establishment, "RC 810607 - Rabat"
        fields["main_establishment"] = {"rc_number": main.group(1),
                                        "rc_tribunal": main.group(2).strip()}
    fields["managers"] = [_person(tr, ("name", "cin", "role")) for tr in
                          block.css("table.managers tr") if tr.css("td")]
    fields["partners"] = [_partner(tr) for tr in block.css("table.partners tr") if tr.css("td")]
    return fields


def _person(tr: Selector, names: tuple[str, ...]) -> dict[str, Any]:
    loader = PersonRowLoader(selector=tr)
    for name in names:
        loader.add_css(name, f"td.{name}::text")
    return loader.load_fields()


def _partner(tr: Selector) -> dict[str, Any]:
    partner = _person(tr, ("name", "cin", "ice", "kind", "shares", "share"))
    if "kind" not in partner:
        partner["kind"] = "company" if partner.get("ice") and not partner.get("cin") else "person"
    return partner


def record_id_from_url(url: str) -> str | None:
    match = _RECORD_ID.search(url)
    return match.group(1) if match else None
