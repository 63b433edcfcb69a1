"""Land titles (titres fonciers) from the land registry's JSON API, bearer token.

The searches are planned (planner.py): a person by CIN, by full name within the city (a quarter
of owner entries carry no CIN) and by surname within the city; a company by RC + court, ICE
and its bare name; results deduplicated by record id. Items map to ``land_title`` records (docs/records.md); the mapping is shared
with the bulk extracts (files.py) so an imported title looks exactly like a queried one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from matching.names import compare_person_names
from spiders.querying import (
    given_spellings,
    may_name_the_person,
    name_initials,
    without_initials,
)

from ..model import Provenance, Record, utcnow
from .api import ApiConnector, ItemJudge, mapped_record
from .planner import PlannedSearch, search_words
from .query import DebtorQuery

EXPECTED = ("conservation", "nature", "city", "location", "area_m2")
TITLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["record_id", "title_number", "owners"],
    "properties": {
        "record_id": {"type": "string", "minLength": 1},
        "title_number": {"type": "string", "minLength": 1},
        "area_m2": {"type": ["number", "null"]},
        "area": {"type": ["object", "null"]},
        "owners": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": {"type": ["string", "null"]}}},
        },
        "charges": {"type": ["array", "null"], "items": {"type": "object"}},
    },
}


def area_text(area: Any) -> str | None:
    """"2 ha 15 a 30 ca" from the registry's {"ha", "a", "ca"} split, as the title writes it."""
    if not isinstance(area, dict):
        return None
    parts = [f"{area[unit]} {unit}" for unit in ("ha", "a", "ca") if area.get(unit) not in (None, "")]
    return " ".join(parts) or None


def title_fields(item: dict[str, Any]) -> dict[str, Any]:
    """A registry TITLE (API item or grouped extract rows) in the land_title vocabulary."""
    owner_keys = ("name", "name_ar", "cin", "ice", "rc_number", "rc_tribunal", "share", "kind",
                  "domicile")
    charge_keys = ("type", "amount", "beneficiary", "date")
    return {
        "title_number": item.get("title_number"),
        "conservation": item.get("conservation"),
        "property_name": item.get("property_name"),
        "nature": item.get("nature"),
        "location": item.get("location"),
        "city": item.get("city"),
        "zone": item.get("zone"),
        "area_m2": item.get("area_m2"),
        "area_text": item.get("area_text") or area_text(item.get("area")),
        "owners": [{k: o.get(k) for k in owner_keys} for o in item.get("owners") or ()],
        "charges": [{k: c.get(k) for k in charge_keys} for c in item.get("charges") or ()],
    }


def title_record(item: dict[str, Any], provenance: Provenance) -> Record:
    return mapped_record("land_title", title_fields(item), item, EXPECTED, provenance)


def owner_may_be(query: DebtorQuery) -> ItemJudge | None:
    """Whether a title a surname search found may be the person's: an owner entry with a given
    name or initial of theirs beside the surname, or none written (the crawled sources' test,
    ``spiders.querying.may_name_the_person``); None when the person's given names are not
    known (every title may be). "EL RIFI" in the city lists El Rifi Mohamed's title: Lahcen's
    co-owned one writes "RIFI Lahcen", and the spellings are asked as when the city held
    nobody (issue 12, session 12)."""
    name = query.names[0] if query.names else ""
    asked = {"name": name, "last_name": query.last_name or "",
             "name_variants": [list(v) for v in query.name_variants]}
    initials = name_initials(asked)
    if not initials:
        return None
    spellings = given_spellings(asked)

    def judge(item: dict[str, Any], planned: PlannedSearch) -> bool:
        if planned.key != "surname":
            return True
        # the surname searched, without the initial of its narrower search ("ENNACIRI B")
        family = without_initials(planned.params.get("name", ""))
        return any(_owner_may_be(owner, name, family, initials, spellings)
                   for owner in item.get("owners") or ())

    return judge


def _owner_may_be(owner: dict[str, Any], name: str, family: str, initials: frozenset[str],
                  spellings: frozenset[str]) -> bool:
    """One owner entry judged as ``owner_may_be`` does. An entry written in the Arabic script
    alone is read by matching's name comparison (``compare_person_names``: "سعيد الإدريسي" is
    another man than EL RIFI Lahcan, "لحسن الريفي" may be him), not taken as anyone: the token
    search matched the title through another owner's words, and a quarter of co-owner entries
    write no Latin name (issue 12, session 14: the spellings that found "RIFI Lahcen" were never
    asked beside such an entry)."""
    latin, arabic = owner.get("name"), owner.get("name_ar")
    if not latin and arabic and name:
        return compare_person_names(name, str(arabic)).level != "different"
    return may_name_the_person(latin, family, initials, spellings)


def names_every_word(item: dict[str, Any], planned: PlannedSearch) -> bool:
    """Whether a name search would find the title: every word of the name asked is among its
    owner entries' names (Latin or Arabic script), as the registry's token search reads them.
    A title the surname within the city found that the full name would have found too is the
    debtor's own (``ApiConnector.run_plan``'s ``would_find``)."""
    asked = set(search_words(planned.params.get("name", "")).split())
    written: set[str] = set()
    for owner in item.get("owners") or ():
        for key in ("name", "name_ar"):
            if owner.get(key):
                written.update(search_words(str(owner[key])).split())
    return bool(asked) and asked <= written


class LandRegistryConnector(ApiConnector):
    """The conservation foncière's title search: who owns which titles, with charges."""

    name = "land_registry"
    provides = frozenset({"land_title"})
    needs_token = True
    item_schema = TITLE_SCHEMA
    probe = ("/api/titles", {"cin": "ZZ000000", "per_page": 1})

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.cfg.token}"}

    def fetch(self, query: DebtorQuery) -> Iterator[Record]:
        """Every owner search the agreement route offers (planner.land_searches), deduplicated;
        a surname that lists only other owners' titles asks its spellings (``owner_may_be``)."""
        judge = owner_may_be(query) if query.kind == "person" else None
        for item in self.run_plan("/api/titles", self.plan(query), judge, names_every_word):
            yield title_record(item, self.provenance(item["record_id"]))

    def provenance(self, record_id: str) -> Provenance:
        url = self.url(f"/api/titles/{record_id}")
        return Provenance(self.source, record_id, utcnow(), url=url)
