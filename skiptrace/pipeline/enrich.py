"""One debtor through every source: query, match, build the profile.

The same code serves a single CLI lookup and every debtor of a batch; what differs is only where
web results come from (a crawl of one, or the batch's shared crawl through the WebHub).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.runner import run_sources
from skiptrace.connectors.web import WEB_SOURCES
from skiptrace.linking.check_order import check_rank
from skiptrace.linking.company_records import company_record_matches
from skiptrace.linking.denominations import (
    asked_denominations,
    capped_by,
    denomination_keys,
    denomination_queries,
    named_as,
)
from skiptrace.linking.held_cins import held_cin_keys, held_cin_queries
from skiptrace.linking.judgements import (
    JudgementsOf,
    apply_judgements,
    judged_successors,
)
from skiptrace.linking.listed_companies import (
    asked_phones,
    listed_company_keys,
    listed_company_queries,
)
from skiptrace.linking.locate import locate_matches, merge_status, settle_doors
from skiptrace.linking.notice_spellings import (
    notice_spelling_keys,
    notice_spelling_queries,
    written_otherwise,
)
from skiptrace.linking.pivots import (
    MAX_DEPTH,
    NOTICES,
    PIVOT_THRESHOLD,
    PivotKey,
    asked_keys,
    capped,
    company_queries,
    known_through,
    pivot_keys,
    pivot_query,
    shares_a_key,
    successor_keys,
    successor_queries,
)
from skiptrace.linking.scoring import best_per_record, household_namesakes, match_records
from skiptrace.linking.spellings import (
    asked_spellings,
    script_keys,
    script_queries,
    spelling_keys,
    spelling_queries,
)
from skiptrace.linking.successors import find_successors, kept_apart
from skiptrace.model import Debtor, Match, Record, SourceStatus
from skiptrace.pipeline.rounds import merge_round, tag_searches
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
    #: people's judgements on the debtor's candidates (linking/judgements.py), applied wherever
    #: matches are made, so that a rejected record never pivots and an accepted one does
    judge: Callable[[list[Match]], list[Match]] = list


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
        judgements: JudgementsOf | None = None,
    ) -> None:
        self.connectors = connectors
        self.web_fetch = web_fetch
        self.web_pivot = web_pivot
        self.pivot_depth = pivot_depth
        self.pivot_threshold = pivot_threshold
        self.as_of = as_of
        self.judgements = judgements  # a debtor's judgements: honoured by every run (issue 19)
        # every source a pivot may ask (a company query is for all of them but the geocoder)
        self.source_names = tuple(n for n in connectors if n not in NOT_PIVOTED) + (
            WEB_SOURCES if web_pivot else ())
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
        verdicts = self.judgements(debtor.debtor_id) if self.judgements is not None else {}
        judge = partial(apply_judgements, verdicts=verdicts)
        rounds = self._pivot(debtor, query, Rounds(records, statuses,
                                                   judge(match_records(debtor, records)),
                                                   judge=judge))
        records, statuses = rounds.records, rounds.statuses
        matches = household_namesakes(rounds.matches, debtor)
        geocoder = self.connectors.get("geocoder")
        located, status = locate_matches(debtor, matches, geocoder) if geocoder else ([], None)
        records.extend(m.record for m in located)
        matches = settle_doors([*matches, *located])
        if status is not None:
            statuses = [merge_status(s, status) if s.source == status.source else s
                        for s in statuses]
        statuses.sort(key=lambda s: s.source)
        successors = find_successors(debtor, records, matches)
        matches = judge(kept_apart(matches, successors))
        successors = judged_successors(successors, verdicts)
        profile = build_profile(debtor, matches, statuses, as_of=self.as_of, related=records,
                                pivots=rounds.pivots, found_by=rounds.found_by,
                                successors=successors)
        return Enriched(debtor, profile, matches, statuses)

    def _pivot(self, debtor: Debtor, query: DebtorQuery, rounds: Rounds) -> Rounds:
        """Pivot rounds, breadth-first (linking/pivots.py): each round searches only the keys
        the previous rounds' confident matches gave and nobody asked yet, on every source
        whose route takes them; stops when nothing is new or at ``pivot_depth``."""
        asked = asked_keys(query) | (asked_spellings(query) if query.kind == "person"
                                     else asked_denominations(query))
        seen = {(r.source, r.record_id) for r in rounds.records}
        direct = {n: c for n, c in self.connectors.items() if n not in NOT_PIVOTED}
        learned: list[PivotKey] = []
        alike = written_otherwise(query) if NOTICES in self.source_names else None
        rank = check_rank(query)
        for depth in range(1, self.pivot_depth + 1):
            keys = pivot_keys(rounds.matches, asked, threshold=self.pivot_threshold,
                              verify=query.kind == "person" and query.cin is not None,
                              city=query.city, alike=alike, rank=rank,
                              last=depth == self.pivot_depth)
            keys += successor_keys(debtor, rounds.matches, rounds.records, asked)
            if query.kind == "person":
                keys += spelling_keys(rounds.matches, asked, threshold=self.pivot_threshold)
                keys += script_keys(rounds.matches, asked, threshold=self.pivot_threshold)
                keys += listed_company_keys(asked_phones(asked), rounds.matches,
                                            rounds.records, asked)
                keys += held_cin_keys(rounds.matches, asked, threshold=self.pivot_threshold)
                keys += (notice_spelling_keys(query, asked, keys)
                         if NOTICES in self.source_names else [])
            else:
                keys += denomination_keys(rounds.matches, asked, threshold=self.pivot_threshold)
            own = pivot_query(query, keys, depth)
            queries = ([own] if own is not None else []) + company_queries(
                query, keys, depth, asked, self.source_names,
                last=depth == self.pivot_depth) + successor_queries(
                query, keys, depth) + spelling_queries(
                query, keys, depth, self.source_names) + denomination_queries(
                query, keys, depth, self.source_names) + listed_company_queries(
                query, keys, depth) + notice_spelling_queries(query, keys, depth) + script_queries(
                query, keys, depth, self.source_names) + held_cin_queries(
                query, keys, depth, self.source_names)
            if not queries:
                break
            asked |= {k.asked for k in keys}
            learned += keys
            self._merge_round(debtor, depth, queries, keys, rounds, seen, direct)
            if depth < self.pivot_depth and query.kind == "person":
                # what a key fetched, scored against the debtor the keys know, pivots next round
                # (a company's number may be its successor's: successors.py decides that first)
                rounds.matches = rounds.judge(self._rescore(debtor, learned, rounds))
        rescored: list[Match] | None = None  # the last rescore, while nothing came after it
        if query.kind == "person" and query.cin is not None and learned:
            checks, rescored = self._last_checks(debtor, query, rounds, asked, learned, alike,
                                                 rank)
            if checks:
                asked |= {k.asked for k in checks}
                learned += checks
                queries = company_queries(query, checks, self.pivot_depth + 1, asked,
                                          self.source_names, last=True)
                self._merge_round(debtor, self.pivot_depth + 1, queries, checks, rounds, seen,
                                  direct)
                rescored = None
        if learned:
            rounds.matches = (rescored if rescored is not None
                              else self._rescore(debtor, learned, rounds))
            rounds.matches = rounds.judge(best_per_record([*rounds.matches, *company_record_matches(
                debtor.debtor_id, learned, rounds.records, rounds.matches,
                threshold=self.pivot_threshold)]))
        return rounds

    def _last_checks(self, debtor: Debtor, query: DebtorQuery, rounds: Rounds,
                     asked: set[tuple[str, str]], learned: list[PivotKey],
                     alike: Any, rank: Any) -> tuple[list[PivotKey], list[Match]]:
        """The checks a notice of the last pivot round calls for (issue 13): one written like
        the debtor, fetched by a spelling a record of the round before gave ("Mme A. Eslaoui :
        67 parts", "M. BERADA Hadj Mouhamed"), has its company's register entry looked up as
        an earlier round's notice would have, within the debtor's checks (``MAX_VERIFY``). The
        records the last round fetched are scored against the debtor the keys know first, as
        between rounds; that rescore is returned beside the checks, for ``_pivot`` to keep
        when no check is made (nothing new to score again). Checks only: no other key of the
        last round is followed."""
        rescored = self._rescore(debtor, learned, rounds)
        keys = pivot_keys(rounds.judge(rescored), asked, threshold=self.pivot_threshold,
                          verify=True, city=query.city, alike=alike, rank=rank, last=True)
        return [k for k in keys if k.about == "verify"], rescored

    def _merge_round(self, debtor: Debtor, depth: int, queries: list[DebtorQuery],
                     keys: list[PivotKey], rounds: Rounds, seen: set[tuple[str, str]],
                     direct: dict[str, Any]) -> None:
        """One round asked, and what it fetched that no earlier round had added to ``rounds``
        (records, the query each came from, the keys' entries, statuses, matches)."""
        found, statuses = self._run_round(debtor.debtor_id, depth, queries, direct)
        fresh: dict[tuple[str, str], Record] = {}
        for pivot, records in zip(queries, found, strict=True):
            for record in records:
                key = (record.source, record.record_id)
                if key not in seen and key not in fresh:
                    fresh[key] = record
                    rounds.found_by[key] = "; ".join(dict.fromkeys(dict(pivot.because).values()))
        seen.update(fresh)
        rounds.pivots += [_pivot_entry(k, depth, len(fresh)) for k in keys]
        rounds.records += fresh.values()
        rounds.statuses = merge_round(rounds.statuses, statuses)
        rounds.matches = rounds.judge([*rounds.matches, *match_records(debtor, fresh.values())])

    def _run_round(self, debtor_id: str, depth: int, queries: list[DebtorQuery],
                   direct: dict[str, Any]) -> tuple[list[list[Record]], list[SourceStatus]]:
        """Every query of one round on the direct and web sources, side by side: the records
        of each query, and one status per source (a source two queries asked: combined)."""
        def one(i: int, pivot: DebtorQuery) -> WebResults:
            chosen = {n: c for n, c in direct.items() if not pivot.sources or n in pivot.sources}
            found, statuses = run_sources(pivot, chosen, executor=self._source_pool)
            found, statuses = list(found), list(statuses)
            on_the_web = not pivot.sources or bool(set(pivot.sources) & set(WEB_SOURCES))
            if self.web_pivot is not None and on_the_web:
                suffix = "" if i == 0 else f"c{i}"
                web_records, web_statuses = self.web_pivot(f"{debtor_id}#p{depth}{suffix}", pivot)
                found += web_records
                statuses += web_statuses
            # each search says which of the round's queries made it, and why
            why = dict(pivot.because)
            return found, [tag_searches(s, why, depth) for s in statuses]

        futures = [self._web_pool.submit(one, i, q) for i, q in enumerate(queries)]
        records: list[list[Record]] = []
        merged: list[SourceStatus] = []
        for future in futures:
            found, statuses = future.result()
            records.append(found)
            merged = merge_round(merged, statuses)
        return records, merged

    def _rescore(self, debtor: Debtor, keys: list[PivotKey], rounds: Rounds) -> list[Match]:
        """Records that carry a pivot key (fetched by it, or fetched earlier and set aside),
        scored again against the debtor the pivots know; the better score of the two stays."""
        sharing = [r for r in rounds.records if shares_a_key(r, keys)]
        again = [capped(m, keys) for m in match_records(known_through(debtor, keys), sharing)]
        for named, key in named_as(debtor, keys):
            # the company under the name its register entry gives: what that name fetched, and
            # what other searches fetched and set aside, may name it so
            again += [capped_by(m, key) for m in match_records(named, rounds.records)]
        return best_per_record([*rounds.matches, *again]) if again else rounds.matches


def _pivot_entry(key: PivotKey, depth: int, fresh: int) -> dict[str, Any]:
    return {**key.to_dict(), "round": depth, "round_found": fresh}

