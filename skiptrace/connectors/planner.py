"""Which searches a registry is asked for one debtor: every key its access route offers.

docs/sources.md ("Access routes") says which searches each route offers; this module derives
them from a DebtorQuery, each a ``PlannedSearch`` with the parameters the API takes, the key it
searches on, why it is made and a priority (lower first). The plan is deterministic (same query,
same plan) and cut to a per-debtor, per-source budget (``max_searches`` in the source's config
section; ``DEFAULT_BUDGET`` otherwise). Results of all the searches of one plan are deduplicated
by record id by the connector (``ApiConnector.run_plan``).

What each search reports (``SourceStatus.searches``, the profile's ``searches``) is
``PlannedSearch.report``: ``{"key", "value" (masked), "reason", "results"}`` (docs/profile.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from matching.cities import city_display, normalize_city
from matching.names import person_name_keys
from matching.text import fold, is_arabic
from spiders.querying import family_spellings, respellings, without_particle

from ..intake.refdata import fold_words
from ..model import mask
from .query import DebtorQuery

SEARCH_KEYS = ("cin", "rc", "ice", "name", "surname", "title_number", "phone")
#: searches by a name: what they answer is everyone of that name, not one holder's own
NAME_KEYS = frozenset({"name", "surname"})
DEFAULT_BUDGET = {"land_registry": 4, "vehicle_registry": 3}
LOCAL_BUDGET = 16  # searches of the store per debtor and source: index lookups, no requests


@dataclass(frozen=True)
class PlannedSearch:
    """One search of one source for one debtor: API parameters, the key, why, and its rank."""

    source: str
    params: dict[str, str] = field(hash=False)
    key: str
    reason: str
    priority: int
    # asked instead of the next pages when this search states more than ``max_results``
    # (ApiConnector.run_plan): the same question with the city added (issue 17)
    narrower: tuple[PlannedSearch, ...] = field(default=(), hash=False, compare=False)
    # asked one after the other when this search finds nothing, outside the budget: the same
    # question with the surname written otherwise (ApiConnector.run_plan; issue 12)
    otherwise: tuple[PlannedSearch, ...] = field(default=(), hash=False, compare=False)
    #: one of another search's ``otherwise``: the chain goes on only while a spelling finds
    #: nobody at all (the first search's also when it found only records fetched already)
    respelling: bool = field(default=False, compare=False)
    #: the parameters of a broader search of the plan that, read whole, holds every record
    #: this one finds (the surname within the city holds the full name within the city): then
    #: this one is not asked (ApiConnector.run_plan; issue 17)
    within: dict[str, str] | None = field(default=None, hash=False, compare=False)

    @property
    def value(self) -> str:
        """What is searched, masked for statuses, profiles and logs."""
        return masked_value(self.key, self.params)

    def report(self, results: int = 0) -> dict[str, Any]:
        """The ``searches`` entry of a status (docs/profile.md)."""
        return {"key": self.key, "value": self.value, "reason": self.reason, "results": results}


def masked_value(key: str, params: dict[str, str]) -> str:
    """A search's value as a status may show it: identifiers and name words masked, the court
    and the city (not about the person) kept."""
    if key == "rc":
        court = params.get("tribunal")
        return f"{mask(params.get('rc'))} ({court})" if court else mask(params.get("rc"))
    if "name_key" in params:  # a local name-key search, reported as "name" or "surname"
        kind, _, value = params.get("name_key", "").partition(":")
        words = " ".join(mask(w, 1) for w in value.replace("|", " ").split())
        return f"{kind}:{words} ({params['city']})" if params.get("city") else f"{kind}:{words}"
    if key in ("name", "surname"):
        words = " ".join(mask(w, 1) for w in params.get("name", "").split())
        return f"{words} ({params['city']})" if params.get("city") else words
    if key == "phone":
        return mask(params.get("phone"), 4)
    return mask(params.get(key))


def budget(source: str, configured: int = 0) -> int:
    """Searches per debtor for ``source``: the configured ``max_searches`` when > 0."""
    return configured if configured > 0 else DEFAULT_BUDGET.get(source, 1)


def plan(source: str, query: DebtorQuery, limit: int | None = None) -> list[PlannedSearch]:
    """The searches of ``source`` for ``query``, best first, at most ``limit`` (the budget)."""
    planners = {"land_registry": land_searches, "vehicle_registry": vehicle_searches}
    planner = planners.get(source)
    if planner is None:
        return []
    searches = sorted(planner(source, query), key=lambda s: s.priority)  # stable: ties keep order
    return _distinct(searches)[: budget(source) if limit is None else max(0, limit)]


def registry_city(city: str | None) -> str | None:
    """The city as a registry's city field names it: its French name from matching's city
    table ("Agadir" for "Agadir Ida Outanane", "Marrakech" for "Marrakkech", "Casablanca" for
    "Dar El Beida"), since a token search on the portfolio's spelling finds none of the titles
    the conservation wrote under the city's name; a place the table does not know, as written."""
    if not city or not city.strip():
        return None
    key = normalize_city(city)
    return (city_display(key) if key else None) or city


def land_searches(source: str, query: DebtorQuery) -> list[PlannedSearch]:
    """The agreement route's owner searches (docs/sources.md): CIN, RC + court (else ICE),
    name (+ city), surname + city; the city as the registry names it (``registry_city``).
    The ICE only when no RC + court is known: the route offers none (the sandbox keeps it),
    a title writes a company by its name and RC + court and rarely an ICE, and a company
    whose RC changed with its court is still found by its name (decision 0057)."""
    found: list[PlannedSearch] = []
    if query.kind == "person" and query.cin:
        found.append(PlannedSearch(source, {"cin": query.cin}, "cin", "owner's CIN", 10))
    found += _rc_and_ice(source, query, ice_for_persons=False, ice_beside_rc=False)
    in_city = registry_city(query.city)
    city = {"city": in_city} if in_city else {}
    if query.kind == "person" and query.pivot and query.names and all(map(is_arabic, query.names)):
        return found + _script_searches(source, query.names, city)
    if query.kind == "person":
        why = ("full name within the city: owner entries without a CIN" if query.cin
               else "full name within the city: no valid CIN")
        if not city:
            why = why.replace(" within the city", "")
        surname = query.last_name
        by_surname = bool(surname and in_city)
        for i, name in enumerate(_distinct_names(query.search_names())[:2]):
            found.append(_full_name_search(source, name, surname if by_surname else None,
                                           city, why, i))
        if surname and in_city:
            found.append(PlannedSearch(
                source, {"name": surname, "city": in_city}, "surname",
                "surname within the city: a given name spelled otherwise", 60,
                otherwise=_surname_spelled_otherwise(source, surname, in_city),
                narrower=_surname_and_initials(source, surname, query.names, in_city),
            ))
        found += _variant_searches(source, query, in_city, by_surname)
    else:
        for i, name in enumerate(_distinct_names(query.search_names())[:2]):
            narrower = (PlannedSearch(
                source, {"name": name, **city}, "name",
                "company name within the city (the name alone finds too many)", 40 + i,
            ),) if city else ()
            found.append(PlannedSearch(
                source, {"name": name}, "name",
                "company name without legal form: titles written by name only", 40 + i,
                narrower=narrower,
            ))
    return found


def _surname_and_initials(source: str, surname: str, names: tuple[str, ...],
                          city: str) -> tuple[PlannedSearch, ...]:
    """The surname and each given name's initial within the city (two at most), for when the
    surname alone finds more titles than a search may read (decision 0058): an owner entry
    written "Ouazzani M." or "F. Zahra El Idrissi" holds no given name the full name's search
    asks for, and a slice of the surname's titles would find it only by luck."""
    family = set(search_words(surname).split())
    given = [w for w in search_words(names[0]).split() if w not in family] if names else []
    initials = list(dict.fromkeys(w[0] for w in given if w and w[0].isalpha()))[:2]
    return tuple(PlannedSearch(source, {"name": f"{surname} {initial.upper()}", "city": city},
                               "surname", "surname and an initial within the city (the "
                               "surname alone finds too many)", 60)
                 for initial in initials)


def _full_name_search(source: str, name: str, surname: str | None, city: dict[str, str],
                      why: str, rank: int) -> PlannedSearch:
    """A person's full name (within the city). When the surname is searched in the same city
    and the name holds every word of it, a token search on the surname finds every title the
    full name finds: asked after the surname, and only when the surname's search was not read
    whole (``within``; issue 17: 322 full-name searches a 1,000 debtors on seed 40961 found
    nothing the surname's had not)."""
    params = {"name": name, **city}
    if surname and set(search_words(surname).split()) < set(search_words(name).split()):
        return PlannedSearch(source, params, "name", why, 61 + rank,
                             within={"name": surname, **city})
    return PlannedSearch(source, params, "name", why, 40 + rank)


def _script_searches(source: str, names: tuple[str, ...],
                     city: dict[str, str]) -> list[PlannedSearch]:
    """A person's name in the Arabic script, as a confident record writes it (a pivot,
    linking/spellings.py ``script_keys``): in any city, since a title in another city than the
    portfolio's is not among the city's; within the city when it finds too many."""
    found = []
    for i, name in enumerate(_distinct_names(names)[:2]):
        narrower = (PlannedSearch(source, {"name": name, **city}, "name",
                                  "the name in the Arabic script within the city (in any city "
                                  "it finds too many)", 45 + i),) if city else ()
        found.append(PlannedSearch(source, {"name": name}, "name",
                                   "the name in the Arabic script, any city: owner entries "
                                   "written in Arabic alone", 45 + i, narrower=narrower))
    return found


def _surname_spelled_otherwise(source: str, surname: str, city: str) -> tuple[PlannedSearch, ...]:
    """The surname as the registry may write it otherwise, in the city, each asked only when
    the ones before found nobody: without its article ("ALAOUI" for "EL ALAOUI"), an article
    or a prefix glued or split, W for OU (spiders.querying.family_spellings: "WAZZANI" for
    "OUAZZANI Amina"), then the name transcribed otherwise (``respellings``: "ZMOURI" for
    "ZEMMOURI")."""
    core = without_particle(surname)
    spellings = [core, *family_spellings(surname), *family_spellings(core), *respellings(core)]
    return tuple(PlannedSearch(source, {"name": spelling, "city": city}, "surname",
                               "surname written otherwise within the city (nobody under the "
                               "name as given, or only titles found already: article, W/OU, "
                               "vowels, doubled letters)", 60,
                               respelling=True)
                 for spelling in dict.fromkeys(spellings)
                 if fold_words(spelling) != fold_words(surname))


def _variant_searches(source: str, query: DebtorQuery, in_city: str | None,
                      by_surname: bool) -> list[PlannedSearch]:
    """One given-name variant with the surname (``query.name_variants``, the commonest
    first), last: only a budget slot left over runs it. Within the city, unless the surname
    is already searched there (which finds every spelling of the given name in the city):
    then in any city, where the owner may live."""
    for variant, change in query.name_variants[:1]:
        city = {"city": in_city} if in_city and not by_surname else {}
        where = "" if city else (", any city" if in_city else "")
        return [PlannedSearch(source, {"name": variant, **city}, "name",
                              f"given-name variant ({change}){where}", 70)]
    return []


def vehicle_searches(source: str, query: DebtorQuery) -> list[PlannedSearch]:
    """Holders by CIN, companies by RC + court, and ICE; no name search on this route."""
    found: list[PlannedSearch] = []
    if query.cin:
        found.append(PlannedSearch(source, {"cin": query.cin}, "cin", "holder's CIN", 10))
    found += _rc_and_ice(source, query, ice_for_persons=True)
    return found


def local_searches(source: str, query: DebtorQuery) -> list[PlannedSearch]:
    """Every key a stored copy (the agency's own extract, a harvest) is searched by, whatever
    its online route offers (docs/sources.md, "Local sources"): identifiers, phones, the full
    name within the city, the surname within the city and each given-name variant with the
    surname (matching's name keys), and last the name by any of its words (the store's FTS,
    rarest words first, same city first)."""
    found: list[PlannedSearch] = []
    if query.cin:
        found.append(PlannedSearch(source, {"cin": query.cin}, "cin", "CIN", 10))
    found += _rc_and_ice(source, query, ice_for_persons=True)
    for phone in query.phones[:2]:
        found.append(PlannedSearch(source, {"phone": phone}, "phone", "phone number", 35))
    if query.kind == "person":
        keys = sorted({k for n in query.names for k in person_name_keys(n)})
        for key in (k for k in keys if k.startswith("g:")):
            found.append(PlannedSearch(
                source, {"name_key": key}, "name",
                "given-name variant + surname, any city: a spelling, a nickname or another "
                "city", 50,
            ))
        if query.city:
            for key in (k for k in keys if k.startswith("s:")):
                found.append(PlannedSearch(
                    source, {"name_key": key, "city": query.city}, "surname",
                    "surname within the city: a given name written otherwise or left out", 60,
                ))
    city = {"city": query.city} if query.city else {}
    why = "any word of the name, rarest first" + (", same city first" if city else "")
    for i, name in enumerate(_distinct_names(query.search_names())[:2]):
        found.append(PlannedSearch(source, {"name": name, **city}, "name", why, 70 + i))
    return found


def plan_local(source: str, query: DebtorQuery, limit: int = LOCAL_BUDGET) -> list[PlannedSearch]:
    """The searches of a stored copy of ``source`` for ``query``, best first, at most ``limit``."""
    searches = sorted(local_searches(source, query), key=lambda s: s.priority)
    return _distinct(searches)[: max(0, limit)]


def _rc_and_ice(source: str, query: DebtorQuery, *, ice_for_persons: bool,
                ice_beside_rc: bool = True) -> list[PlannedSearch]:
    found: list[PlannedSearch] = []
    if query.rc and query.tribunal:
        found.append(PlannedSearch(
            source, {"rc": query.rc, "tribunal": query.tribunal}, "rc",
            "RC number + court: how a company is entered", 20,
        ))
        if not ice_beside_rc:
            return found
    if query.ice and (query.kind == "company" or ice_for_persons):
        found.append(PlannedSearch(source, {"ice": query.ice}, "ice", "ICE", 30))
    return found


def _distinct_names(names: tuple[str, ...]) -> list[str]:
    """Names whose word sets differ: the registry's token search ignores word order, so "EL
    ALAOUI Mohamed" and "Mohamed EL ALAOUI" are one search."""
    seen: set[frozenset[str]] = set()
    kept: list[str] = []
    for name in names:
        words = frozenset(search_words(name).split())
        if words and words not in seen:
            seen.add(words)
            kept.append(name)
    return kept


def search_words(text: str) -> str:
    """A search value folded as the registries' token search reads it; a name in the Arabic
    script keeps its letters (``fold_words`` keeps Latin words only, and an Arabic name folded
    to nothing was never searched, or taken for any other)."""
    return fold_words(text) or " ".join(fold(text).split())


Signature = tuple[tuple[str, str], ...]


def signature(params: dict[str, str]) -> Signature:
    """A search's parameters as the registry's token search reads them: two searches with
    the same signature are one question."""
    return tuple(sorted((k, search_words(v)) for k, v in params.items()))


def _distinct(searches: list[PlannedSearch]) -> list[PlannedSearch]:
    """One search per parameter set (a surname equal to the whole name is asked once, with
    the surname's spellings for when it finds nobody)."""
    kept: dict[Signature, PlannedSearch] = {}
    for search in searches:
        first = kept.setdefault(signature(search.params), search)
        if first is not search and search.otherwise and not first.otherwise:
            kept[signature(search.params)] = replace(first, otherwise=search.otherwise)
    return list(kept.values())
