"""One debtor through every source: query, match, build the profile.

The same code serves a single CLI lookup and every debtor of a batch; what differs is only where
web results come from (a crawl of one, or the batch's shared crawl through the WebHub).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.runner import run_sources
from skiptrace.linking.locate import locate_matches, merge_status
from skiptrace.linking.scoring import best_per_record, match_records
from skiptrace.model import Debtor, Match, Record, SourceStatus
from skiptrace.profile.build import build_profile

STORED_MATCH_FLOOR = 0.01
WebResults = tuple[list[Record], list[SourceStatus]]
WebFetch = Callable[[Debtor], WebResults]


@dataclass
class Enriched:
    """What one debtor's enrichment produced, ready to checkpoint."""

    debtor: Debtor
    profile: dict[str, Any]
    matches: list[Match]
    statuses: list[SourceStatus]
    kept: list[dict[str, Any]] | None = field(default=None, repr=False)

    def stored_matches(self) -> list[dict[str, Any]]:
        """The matches worth keeping in the store: every candidate that had any real chance
        (the profile's own rejected list shows the near misses); the thousands of one-in-a-
        million name collisions a common surname brings are scored, not stored."""
        if self.kept is not None:
            return self.kept
        return [m.to_dict() for m in self.matches if m.probability >= STORED_MATCH_FLOOR]

    def portable(self) -> Enriched:
        """What a worker process sends back: the stored matches as dicts, not every scored
        candidate with its records (pickling those would cost the main process more CPU than
        the checkpoint itself)."""
        return Enriched(self.debtor, self.profile, [], self.statuses, kept=self.stored_matches())

    @property
    def status(self) -> str:
        """done, partial (some source failed) or failed (every source failed)."""
        states = {s.status for s in self.statuses if s.status != "skipped"}
        if states and states <= {"failed"}:
            return "failed"
        return "partial" if states & {"failed", "partial"} else "done"


class Enricher:
    """Runs a debtor's direct sources (APIs, local store) and web sources, then profiles it."""

    def __init__(
        self,
        connectors: dict[str, Any],
        web_fetch: WebFetch | None,
        *,
        as_of: datetime,
        web_workers: int = 4,
    ) -> None:
        self.connectors = connectors
        self.web_fetch = web_fetch
        self.as_of = as_of
        self._web_pool = ThreadPoolExecutor(max(1, web_workers), thread_name_prefix="web-wait")
        # one pool for every debtor's direct sources, not threads started per debtor
        self._source_pool = ThreadPoolExecutor(
            max(1, web_workers * max(1, len(connectors))), thread_name_prefix="source"
        )

    def close(self) -> None:
        self._web_pool.shutdown(wait=False, cancel_futures=True)
        self._source_pool.shutdown(wait=False, cancel_futures=True)

    def enrich(self, debtor: Debtor, web_results: WebResults | None = None) -> Enriched:
        """Web and direct sources run side by side; the profile waits for both.

        ``web_results``: the debtor's web records and statuses when the caller already holds
        them (a worker process is handed them with the debtor); else ``web_fetch`` is asked."""
        web: Future[WebResults] | None = None
        if web_results is None and self.web_fetch is not None:
            web = self._web_pool.submit(self.web_fetch, debtor)
        records, statuses = run_sources(
            DebtorQuery.from_debtor(debtor), self.connectors, executor=self._source_pool
        )
        records = list(records)
        statuses = list(statuses)
        if web is not None:
            web_results = web.result()
        if web_results is not None:
            web_records, web_statuses = web_results
            records.extend(web_records)
            statuses.extend(web_statuses)
        matches = match_records(debtor, records)
        geocoder = self.connectors.get("geocoder")
        located, status = locate_matches(debtor, matches, geocoder) if geocoder else ([], None)
        records.extend(m.record for m in located)
        matches = best_per_record([*matches, *located])
        if status is not None:
            statuses = [merge_status(s, status) if s.source == status.source else s
                        for s in statuses]
        statuses.sort(key=lambda s: s.source)
        profile = build_profile(debtor, matches, statuses, as_of=self.as_of, related=records)
        return Enriched(debtor, profile, matches, statuses)

