"""The one interface every source implements, and the results it hands back.

A connector is asked with a DebtorQuery and answers a ConnectorResult: the records found (each
with its Provenance), a status (ok, partial, failed) with the reason, and what it cost. Its
``search`` never raises: subclasses write ``fetch`` (a generator of Records that may raise
SourceError / SourceUnavailable) and ``search`` turns whatever happens into a status, keeping
the records found before a failure (the profile is then partial, not empty).
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from ..errors import SourceError, SourceUnavailable
from ..model import Record, SourceStatus, mask, too_broad_reason, too_broad_search

if TYPE_CHECKING:
    from ..config import SourceConfig
    from .http import HttpClient
    from .query import DebtorQuery

log = logging.getLogger(__name__)
Status = Literal["ok", "too_broad", "partial", "failed"]
IdentifierTerm = tuple[str, str, str | None]  # (scheme, value, tribunal): "rc" numbers need one


class RecordStore(Protocol):
    """The store as connectors see it: the records an import or a harvest left there, found
    and counted by source (``skiptrace.store.Store`` is one)."""

    def find_records(self, source: str, *, names: Sequence[str] = ...,
                     identifiers: Iterable[IdentifierTerm] = ..., city: str | None = ...,
                     limit: int = ...) -> list[Record]: ...

    def count_records(self, source: str | None = ...) -> int: ...

    def has_records(self, source: str) -> bool: ...


@dataclass(frozen=True)
class ConnectorResult:
    """What one source said about one debtor, and how well that went."""

    source: str
    status: Status
    records: list[Record] = field(default_factory=list)
    reason: str | None = None
    requests: int = 0
    seconds: float = 0.0
    searches: tuple[dict[str, Any], ...] = ()  # what was asked (planner.PlannedSearch.report)

    def to_status(self) -> SourceStatus:
        return SourceStatus(
            source=self.source,
            status=self.status,
            reason=self.reason,
            records=len(self.records),
            requests=self.requests,
            seconds=round(self.seconds, 3),
            searches=self.searches,
        )


@dataclass(frozen=True)
class Health:
    """One line of `skiptrace sources check`."""

    source: str
    reachable: bool
    auth_ok: bool | None  # None when the source needs no credentials
    latency_ms: float | None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "reachable": self.reachable,
            "auth_ok": self.auth_ok,
            "latency_ms": self.latency_ms,
            "detail": self.detail,
        }


class Connector(ABC):
    """One outside source. ``fetch`` yields Records; ``search`` never raises."""

    name: ClassVar[str]  # registry key and config section: "land_registry"
    kind: ClassVar[str]  # "api" | "web" | "file" | "harvest" | "local"
    provides: ClassVar[frozenset[str]]  # record kinds it can return

    def __init__(self, cfg: SourceConfig) -> None:
        self.cfg = cfg
        self.source = cfg.name
        self._local = threading.local()

    @classmethod
    def from_config(cls, cfg: SourceConfig, http: HttpClient,
                    store: RecordStore | None = None) -> Connector:
        """Build from its config section; raise SourceDisabled when something required is missing."""
        return cls(cfg)

    @abstractmethod
    def fetch(self, query: DebtorQuery) -> Iterator[Record]:
        """Yield what the source says about the debtor; raise SourceError when it fails."""

    def search(self, query: DebtorQuery) -> ConnectorResult:
        """Run ``fetch`` and turn its outcome into a result; never raises."""
        started = time.perf_counter()
        found: list[Record] = []
        self._local.notes = []
        self._local.searches = []
        self._local.too_broad = []
        status: Status = "ok"
        reason: str | None = None
        with self.scope() as stats:
            try:
                found.extend(self.fetch(query))
            except SourceUnavailable as exc:
                status, reason = "failed", str(exc)
            except SourceError as exc:
                status, reason = ("partial" if found else "failed"), str(exc)
            except Exception as exc:  # a bug must not stop the other sources
                log.exception("connector %s crashed on %s", self.source, mask(query.debtor_id, 4))
                status, reason = "failed", f"internal error: {type(exc).__name__}: {exc}"
        records = [r for r in found if not self.cfg.facts or r.kind in self.cfg.facts]
        notes = self._local.notes + [w for r in records for w in r.warnings if r.partial]
        if status == "ok" and notes:
            status, reason = "partial", "; ".join(dict.fromkeys(notes))[:500]
        elif status == "ok" and self._local.too_broad:
            status = "too_broad"
            reason = too_broad_reason(self._local.too_broad[:3])[:500]
        return ConnectorResult(
            source=self.source,
            status=status,
            records=records,
            reason=reason,
            requests=getattr(stats, "requests", 0),
            seconds=time.perf_counter() - started,
            searches=tuple(self._local.searches),
        )

    def searched(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Report one search of this lookup (its ``results`` may grow afterwards); returns it."""
        searches = getattr(self._local, "searches", None)
        if searches is not None:
            searches.append(entry)
        return entry

    def too_broad(self, entry: dict[str, Any], count: int, more: bool = False) -> None:
        """Record a search that found more than it may read and had nothing narrower left:
        the source answered, the question was too broad (the status ``too_broad``); ``more``:
        ``count`` is a bound the search found more than."""
        entry["too_broad"] = True
        found = getattr(self._local, "too_broad", None)
        if found is not None:
            what = f"{entry.get('key')} {entry.get('value')}"
            found.append(too_broad_search(what, count, more))

    def note(self, message: str) -> None:
        """Record a problem that made this search partial (an invalid item skipped...)."""
        notes = getattr(self._local, "notes", None)
        if notes is not None:
            notes.append(message)
        log.warning("%s: %s", self.source, message)

    def scope(self) -> AbstractContextManager[Any]:
        """Context of one search (the HTTP call budget for API connectors)."""
        return nullcontext()

    def check(self) -> Health:
        """Probe the source for `skiptrace sources check`."""
        return Health(self.source, reachable=True, auth_ok=None, latency_ms=None, detail="no probe")

    def close(self) -> None:  # noqa: B027 - optional hook, most connectors hold nothing
        """Release what the connector holds."""
