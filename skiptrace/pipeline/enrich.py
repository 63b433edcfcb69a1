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
from skiptrace.linking.pivots import (
    MAX_DEPTH,
    PIVOT_THRESHOLD,
    PivotKey,
    asked_keys,
    capped,
    known_through,
    pivot_keys,
    pivot_query,
    shares_a_key,
)
from skiptrace.linking.scoring import best_per_record, match_records
from skiptrace.model import Debtor, Match, Record, SourceStatus
from skiptrace.pipeline.rounds import merge_round
from skiptrace.profile.build import build_profile

STORED_MATCH_FLOOR = 0.01
WebResults = tuple[list[Record], list[SourceStatus]]
WebFetch = Callable[[Debtor], WebResults]
#: a pivot query's web results: (task id, query) → records and one status per web source
WebPivot = Callable[[str, DebtorQuery], WebResults]
NOT_PIVOTED = frozenset({"geocoder"})  # asked by the locate step, for addresses only


@dataclass
class Rounds:
    """What a debtor's enrichment gathered over its rounds (its own query, then pivots)."""

    records: list[Record]
    statuses: list[SourceStatus]
    matches: list[Match]
    pivots: list[dict[str, Any]] = field(default_factory=list)
    found_by: dict[tuple[str, str], str] = field(default_factory=dict)


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
        web_pivot: WebPivot | None = None,
        pivot_depth: int = MAX_DEPTH,
        pivot_threshold: float = PIVOT_THRESHOLD,
    ) -> None:
        self.connectors = connectors
        self.web_fetch = web_fetch
        self.web_pivot = web_pivot
        self.pivot_depth = pivot_depth
        self.pivot_threshold = pivot_threshold
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
        query = DebtorQuery.from_debtor(debtor)
        records, statuses = run_sources(query, self.connectors, executor=self._source_pool)
        records = list(records)
        statuses = list(statuses)
        if web is not None:
            web_results = web.result()
        if web_results is not None:
            web_records, web_statuses = web_results
            records.extend(web_records)
            statuses.extend(web_statuses)
        rounds = self._pivot(debtor, query, Rounds(records, statuses, match_records(debtor, records)))
        records, statuses, matches = rounds.records, rounds.statuses, rounds.matches
        geocoder = self.connectors.get("geocoder")
        located, status = locate_matches(debtor, matches, geocoder) if geocoder else ([], None)
        records.extend(m.record for m in located)
        matches = best_per_record([*matches, *located])
        if status is not None:
            statuses = [merge_status(s, status) if s.source == status.source else s
                        for s in statuses]
        statuses.sort(key=lambda s: s.source)
        profile = build_profile(debtor, matches, statuses, as_of=self.as_of, related=records,
                                pivots=rounds.pivots, found_by=rounds.found_by)
        return Enriched(debtor, profile, matches, statuses)

    def _pivot(self, debtor: Debtor, query: DebtorQuery, rounds: Rounds) -> Rounds:
        """Pivot rounds, breadth-first (linking/pivots.py): each round searches only the keys
        the previous rounds' confident matches gave and nobody asked yet, on every source
        whose route takes them; stops when nothing is new or at ``pivot_depth``."""
        asked = asked_keys(query)
        seen = {(r.source, r.record_id) for r in rounds.records}
        direct = {n: c for n, c in self.connectors.items() if n not in NOT_PIVOTED}
        learned: list[PivotKey] = []
        for depth in range(1, self.pivot_depth + 1):
            keys = pivot_keys(rounds.matches, asked, threshold=self.pivot_threshold)
            pivot = pivot_query(query, keys, depth)
            if pivot is None:
                break
            asked |= {k.asked for k in keys}
            learned += keys
            found, statuses = run_sources(pivot, direct, executor=self._source_pool)
            found, statuses = list(found), list(statuses)
            if self.web_pivot is not None:
                web_records, web_statuses = self.web_pivot(f"{debtor.debtor_id}#p{depth}", pivot)
                found += web_records
                statuses += web_statuses
            fresh = list({(r.source, r.record_id): r for r in found
                          if (r.source, r.record_id) not in seen}.values())
            seen.update((r.source, r.record_id) for r in fresh)
            because = dict(pivot.because)
            for record in fresh:
                rounds.found_by[(record.source, record.record_id)] = _why_fetched(record, because)
            rounds.pivots += [_pivot_entry(k, depth, fresh) for k in keys]
            rounds.records += fresh
            rounds.statuses = merge_round(rounds.statuses, statuses, because, depth)
            rounds.matches = [*rounds.matches, *match_records(debtor, fresh)]
        if learned:
            rounds.matches = self._rescore(debtor, learned, rounds)
        return rounds

    def _rescore(self, debtor: Debtor, keys: list[PivotKey], rounds: Rounds) -> list[Match]:
        """Records that carry a pivot key (fetched by it, or fetched earlier and set aside),
        scored again against the debtor the pivots know; the better score of the two stays."""
        sharing = [r for r in rounds.records if shares_a_key(r, keys)]
        if not sharing:
            return rounds.matches
        again = [capped(m, keys) for m in match_records(known_through(debtor, keys), sharing)]
        return best_per_record([*rounds.matches, *again])


def _why_fetched(record: Record, because: dict[str, str]) -> str:
    """The pivot that fetched a record, in words (every key of its round, when several)."""
    return "; ".join(dict.fromkeys(because.values()))


def _pivot_entry(key: PivotKey, depth: int, fresh: list[Record]) -> dict[str, Any]:
    return {**key.to_dict(), "round": depth, "round_found": len(fresh)}

