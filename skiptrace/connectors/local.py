"""Sources answered from the store: imported extracts and harvested directories.

Once a registry extract is imported (``skiptrace import``) or a directory harvested, lookups
and batches match against the local copy instead of querying the site debtor by debtor. The
connector reads like any other: a DebtorQuery in, Records with their original provenance (file
and row, or URL) out, so matching and the profile never know the records were local.

The searches come from the query planner (``planner.plan_local``): every key the store indexes,
names included even where the online route has no name search, since the data is the agency's
own copy. Each search is reported in ``SourceStatus.searches`` like an API connector's, and the
results of all of them are deduplicated by record id.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import SourceDisabled, SourceError
from ..model import Record
from .base import Connector, Health, IdentifierTerm, RecordStore
from .planner import LOCAL_BUDGET, PlannedSearch, plan_local
from .query import DebtorQuery

if TYPE_CHECKING:
    from ..config import SourceConfig
    from .http import HttpClient

LOCAL_KINDS = ("file", "harvest", "local")
# Said in a search's reason when more records matched than the cap let through (docs/store.md,
# "Candidate searches"), beside the entry's ``too_broad`` flag: people read the reason.
TOO_BROAD = "too broad"


class LocalStoreConnector(Connector):
    """Answers ``search`` from ``Store.find_records`` for the records of one stored source."""

    name = "local"
    kind = "local"
    provides = frozenset({"land_title", "vehicle", "company", "person", "phone", "notice"})

    def __init__(self, cfg: SourceConfig, store: RecordStore, limit: int = 50) -> None:
        super().__init__(cfg)
        self.store = store
        self.stored_as = cfg.stored_as
        self.limit = limit

    @classmethod
    def from_config(cls, cfg: SourceConfig, http: HttpClient,
                    store: RecordStore | None = None) -> Connector:
        if store is None:
            raise SourceDisabled(f"{cfg.name}: a {cfg.kind} source needs the store")
        return cls(cfg, store)

    def fetch(self, query: DebtorQuery) -> Iterator[Record]:
        """Every search the plan gives, in the store; a source with nothing stored (an extract
        never imported: the sandbox config's, in a live batch) reports each search with no
        result without asking the store, whose name searches read the word counts of every
        source's records (issue 17: a live batch's store grows with what it fetched)."""
        budget = self.cfg.max_searches if self.cfg.max_searches > 0 else LOCAL_BUDGET
        seen: set[str] = set()
        try:
            stored = self.store.has_records(self.stored_as)
        except Exception as exc:
            raise SourceError(f"{self.source}: store lookup failed: {exc}") from exc
        for search in plan_local(self.stored_as, query, budget):
            entry = self.searched(search.report())
            if not stored:
                continue
            try:
                found = self.store.find_records(self.stored_as, limit=self.limit,
                                                **store_terms(search, query.city))
            except Exception as exc:  # sqlite errors, a store being migrated...
                raise SourceError(f"{self.source}: store lookup failed: {exc}") from exc
            if report_outcome(entry, found):
                more = bool(getattr(found, "more", False))
                self.too_broad(entry, entry["results"] - more, more)  # more: "more than N"
            for record in found:
                if record.key not in seen:
                    seen.add(record.key)
                    yield record

    def check(self) -> Health:
        started = time.perf_counter()
        try:
            count = self.store.count_records(self.stored_as)
        except Exception as exc:
            return Health(self.source, False, None, None, f"store unreadable: {exc}")
        latency = round((time.perf_counter() - started) * 1000, 1)
        detail = f"{count} records in the store" if count else "no records imported yet"
        return Health(self.source, True, None, latency, detail)


def report_outcome(entry: dict[str, Any], found: list[Record]) -> bool:
    """Fill a search's ``results`` with the count of what matched (the store stops counting one
    past the cap: a cut search's count is "more than the cap", its reason says so), and say in
    its reason how a too-common search was narrowed and how many the cap kept; True when the
    cap cut it (the caller flags it ``too_broad``): a capped search never drops candidates
    silently. (``found`` is the store's ``records.Candidates``; any other list counts as
    itself.)"""
    total = int(getattr(found, "total", len(found)))
    narrowed = str(getattr(found, "narrowed", ""))
    entry["results"] = total
    if narrowed:
        entry["reason"] += f"; narrowed: {narrowed}"
    if total > len(found):
        of = f"more than {total - 1}" if getattr(found, "more", False) else str(total)
        kept = f"the first {len(found)}" if found else "none"
        entry["reason"] += f"; {TOO_BROAD}: {kept} of {of} kept"
    return total > len(found)


def store_terms(search: PlannedSearch, city: str | None = None) -> dict[str, Any]:
    """One planned search as ``find_records`` arguments (identifiers or names, and the city).
    ``city`` (the debtor's) narrows a name-key search in any city that matches too many."""
    params = search.params
    if "name_key" in params:  # matching's person name keys, through the store's index
        ident = ("name_key", params["name_key"], params.get("city"))
        return {"identifiers": [ident], "city": None if params.get("city") else city}
    if search.key in ("name", "surname"):
        return {"names": [params["name"]], "city": params.get("city")}
    if search.key == "rc":
        return {"identifiers": [("rc", params["rc"], params.get("tribunal"))]}
    return {"identifiers": [(search.key, params[search.key], None)]}


def identifier_terms(query: DebtorQuery) -> list[IdentifierTerm]:
    """The query's identifiers as the store's (scheme, value, tribunal) terms."""
    terms: list[IdentifierTerm] = []
    if query.cin:
        terms.append(("cin", query.cin, None))
    if query.ice:
        terms.append(("ice", query.ice, None))
    if query.rc:
        terms.append(("rc", query.rc, query.tribunal))
    return terms
