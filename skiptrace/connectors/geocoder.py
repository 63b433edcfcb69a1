"""Addresses normalized and located through a Nominatim-shaped geocoder.

It speaks Nominatim's ``/search`` API (format=jsonv2, addressdetails=1, limit, countrycodes),
so the same connector works against the sandbox and a real Nominatim. The public Nominatim's
usage policy (one request a second, a real User-Agent, cache results) is honoured by config,
not code: ``rate_limit = 1.0`` and ``user_agent`` in its section, and answers are kept in an
in-process LRU so an address shared by many debtors is asked once. One debtor's address written
several ways (``same_addresses``: "N°41 BD Emile Zola, Casa" and "41 Boulevard Emile Zola,
Casablanca") is asked once, in its first writing, and in the next only while none found a place.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from matching.addresses import AddressParts, parse_address

from ..errors import SourceError
from ..model import Provenance, Record, utcnow
from .api import ApiConnector
from .base import ConnectorResult
from .query import DebtorQuery

if TYPE_CHECKING:
    from ..config import SourceConfig
    from .http import SourceClient

_NUMBER = r"^-?\d+(\.\d+)?$"
PLACE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["place_id", "lat", "lon", "display_name"],
    "properties": {
        "place_id": {"type": ["integer", "string"]},
        "lat": {"type": ["string", "number"], "pattern": _NUMBER},
        "lon": {"type": ["string", "number"], "pattern": _NUMBER},
        "display_name": {"type": "string"},
        "address": {"type": "object"},
    },
}
_CITY_KEYS = ("city", "town", "village", "municipality")
_NO_QUERY = DebtorQuery(debtor_id="-", kind="person", names=())


def place_fields(text: str, item: dict[str, Any]) -> dict[str, Any]:
    """One Nominatim place in the address vocabulary of docs/records.md."""
    address = item.get("address") or {}
    return {
        "query": text,
        "display_name": item["display_name"],
        "house_number": address.get("house_number"),
        "road": address.get("road"),
        "suburb": address.get("suburb") or address.get("neighbourhood"),
        "city": next((address[k] for k in _CITY_KEYS if address.get(k)), None),
        "postcode": address.get("postcode"),
        "state": address.get("state") or address.get("region"),
        "country_code": address.get("country_code"),
        "lat": float(item["lat"]),
        "lon": float(item["lon"]),
        "importance": item.get("importance"),
        "place_type": item.get("addresstype") or item.get("type"),
    }


def record_addresses(records: Iterable[Record]) -> list[str]:
    """Distinct "address, city" texts found in records (not in geocoder answers themselves)."""
    texts: list[str] = []
    for record in records:
        if record.kind == "address":
            continue
        fields = record.fields
        places = [(fields.get("address") or fields.get("location"), fields.get("city"))]
        owner = fields.get("owner")
        if isinstance(owner, dict):
            places.append((owner.get("address"), owner.get("city")))
        for person in fields.get("people") or ():
            if isinstance(person, dict):
                places.append((person.get("address"), fields.get("city")))
        for address, city in places:
            if isinstance(address, str) and address.strip():
                texts.append(_with_city(address, city if isinstance(city, str) else ""))
    return list(dict.fromkeys(texts))


def _with_city(address: str, city: str) -> str:
    text = address if city.casefold() in address.casefold() else f"{address}, {city}"
    return text.strip(", ")


def address_key(text: str) -> AddressParts | str:
    """What an address text says once its writing is set aside: its parts as matching parses
    them (number, street, quarter, residence, building, apartment, postcode, city), so that
    "Rés. Riad Salam, Imm 17, N°41 BD Emile Zola, Casa" and "Residence Riad Salam, Immeuble 17,
    41 Boulevard Emile Zola, Casablanca" are one key. A text that parses to no part at all is
    its own key (its words), never another's."""
    parts = replace(parse_address(text), raw="")
    return parts if parts != AddressParts() else " ".join(text.casefold().split())


def same_addresses(texts: Iterable[str]) -> list[list[str]]:
    """``texts`` grouped by ``address_key``: each address with its writings, in the order
    first written (every part alike: the profile makes one address of them, and a geocoder
    reads the same words in them)."""
    groups: dict[AddressParts | str, list[str]] = {}
    for text in dict.fromkeys(texts):
        groups.setdefault(address_key(text), []).append(text)
    return list(groups.values())


def as_written(record: Record, text: str) -> Record:
    """A place found for one writing of an address, for another writing of it: the ``query``
    is the writing it stands for, the provenance the request that found it."""
    return replace(record, fields={**record.fields, "query": text})


class GeocoderConnector(ApiConnector):
    """Geocodes a debtor's known addresses (each with the debtor's city)."""

    name = "geocoder"
    provides = frozenset({"address"})
    item_schema = PLACE_SCHEMA
    probe = ("/search", {"q": "Casablanca", "format": "jsonv2", "limit": 1})
    limit = 3

    def __init__(self, cfg: SourceConfig, client: SourceClient) -> None:
        super().__init__(cfg, client)
        # the source's answer per folded text, with when it was retrieved: the records are made
        # for each asker's own writing of the text (its ``query`` field and provenance URL), so
        # a profile never depends on which debtor happened to ask first (issue 17's resume test)
        self._cache: OrderedDict[str, tuple[datetime, tuple[dict[str, Any], ...]]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.cache_hits = 0

    def fetch(self, query: DebtorQuery) -> Iterator[Record]:
        for writings in same_addresses(self.texts(query)):
            yield from self.geocode_writings(writings)

    def geocode_writings(self, writings: list[str]) -> list[Record]:
        """Places for one address written several ways: asked in its first writing, then in
        the next only while the ones asked found no place (a writing may carry words the
        geocoder cannot read: "registre du commerce de …", a province for the city); a writing
        not asked takes the places found (``as_written``). Raises SourceError as ``geocode``."""
        records: list[Record] = []
        for i, text in enumerate(writings):
            places = self.geocode(text)
            records += places
            if places:
                records += [as_written(r, later) for later in writings[i + 1:] for r in places]
                break
        return records

    @staticmethod
    def texts(query: DebtorQuery) -> list[str]:
        """The debtor's addresses, each completed with its city when it does not name it."""
        return list(dict.fromkeys(_with_city(a, query.city or "") for a in query.addresses))

    def locate(self, records: Iterable[Record]) -> ConnectorResult:
        """Geocode the addresses other sources' records mention (phone listings, companies'
        seats, vehicle owners, notices), so the profile can rank located, normalized addresses
        and not only the portfolio's. Same budget, cache and never-raise rule as ``search``."""
        texts = record_addresses(records)
        return self.search(replace(_NO_QUERY, addresses=tuple(texts)))

    def geocode(self, text: str) -> list[Record]:
        """Places for one address text, best first; raises SourceError when the source fails."""
        key = " ".join(text.casefold().split())
        if not key:
            return []
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                self.cache_hits += 1
        if cached is not None:
            self.client.count_cached_answer()
        if cached is None:
            cached = (utcnow(), tuple(self._ask(text)))
            with self._cache_lock:
                self._cache[key] = cached
                while len(self._cache) > self.cfg.cache_size:
                    self._cache.popitem(last=False)
        retrieved_at, items = cached
        url = self.url("/search", self._params(text))
        return [Record("address", place_fields(text, item),
                       Provenance(self.source, str(item["place_id"]), retrieved_at, url=url))
                for item in items]

    def _params(self, text: str) -> dict[str, Any]:
        params: dict[str, Any] = {"q": text, "format": "jsonv2", "addressdetails": 1}
        params["limit"] = self.limit
        if self.cfg.countrycodes:
            params["countrycodes"] = self.cfg.countrycodes
        return params

    def _ask(self, text: str) -> Iterator[dict[str, Any]]:
        """The source's valid places for ``text`` (invalid ones noted and skipped)."""
        data = self.get("/search", self._params(text))
        if not isinstance(data, list):
            raise SourceError(f"{self.source}: expected a JSON list, got {type(data).__name__}")
        yield from self.valid_items(data)
