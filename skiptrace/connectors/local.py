"""Sources answered from the store: imported extracts and harvested directories.

Once a registry extract is imported (``skiptrace import``) or a directory harvested, lookups
and batches match against the local copy instead of querying the site debtor by debtor. The
connector reads like any other: a DebtorQuery in, Records with their original provenance (file
and row, or URL) out, so matching and the profile never know the records were local.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import SourceDisabled, SourceError
from ..model import Record
from .base import Connector, Health, IdentifierTerm, RecordStore
from .query import DebtorQuery

if TYPE_CHECKING:
    from ..config import SourceConfig
    from .http import HttpClient

LOCAL_KINDS = ("file", "harvest", "local")


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
        try:
            found = self.store.find_records(
                self.stored_as,
                names=query.names,
                identifiers=identifier_terms(query),
                city=query.city,
                limit=self.limit,
            )
        except Exception as exc:  # sqlite errors, a store being migrated...
            raise SourceError(f"{self.source}: store lookup failed: {exc}") from exc
        yield from found

    def check(self) -> Health:
        started = time.perf_counter()
        try:
            count = self.store.count_records(self.stored_as)
        except Exception as exc:
            return Health(self.source, False, None, None, f"store unreadable: {exc}")
        latency = round((time.perf_counter() - started) * 1000, 1)
        detail = f"{count} records in the store" if count else "no records imported yet"
        return Health(self.source, True, None, latency, detail)


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
