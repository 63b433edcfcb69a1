"""One status per source over a debtor's rounds: its own query, then each pivot round.

A source asked again in a pivot round (linking/pivots.py) still has one status in the profile:
its searches are the rounds' searches in order, each pivot search saying which round made it and
why ("pivot: legal_notices LN-… gave the CIN"); counts add up; a pivot round the source had
nothing to search in (``skipped``) changes nothing, and one that failed leaves what the first
round found standing, so the source is ``partial``, not ``failed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from skiptrace.model import ANSWERED_STATES, SourceState, SourceStatus


def merge_round(first: Iterable[SourceStatus],
                later: Iterable[SourceStatus]) -> list[SourceStatus]:
    """``first`` (one status per source) with ``later`` statuses merged in (``combine``), by
    source name; a pivot round's statuses come tagged (``tag_searches``)."""
    merged = {s.source: s for s in first}
    for status in later:
        earlier = merged.get(status.source)
        merged[status.source] = status if earlier is None else combine(earlier, status)
    return [merged[name] for name in sorted(merged)]


def tag_searches(status: SourceStatus, because: dict[str, str], depth: int) -> SourceStatus:
    """Each search of a pivot round with its round and, when the source did not say it (API
    planners do not know pivots), what made its key known."""
    searches = []
    for search in status.searches:
        entry = {**search, "round": depth}
        why = because.get(str(search.get("key")))
        if why and "pivot:" not in str(search.get("reason", "")):
            entry["reason"] = f"{search.get('reason', '')}; pivot: {why}"
        searches.append(entry)
    return replace(status, searches=tuple(searches))


def combine(earlier: SourceStatus, pivot: SourceStatus) -> SourceStatus:
    """One status for two of a source's answers: an earlier round's and a pivot round's, or two
    queries of one round."""
    if pivot.status == "skipped" and not pivot.requests:
        return earlier
    state: SourceState
    reason = earlier.reason
    if earlier.status in ANSWERED_STATES and pivot.status in ANSWERED_STATES:
        # every request answered in both: a search too broad in either is the whole's note
        broad = [s for s in (earlier, pivot) if s.status == "too_broad"]
        state = "too_broad" if broad else "ok"
        reason = "; ".join(dict.fromkeys(
            part for s in broad for part in (s.reason or "").split("; ") if part)) or None
    elif earlier.status in ANSWERED_STATES:
        state, reason = "partial", f"pivot round: {pivot.reason}"
    else:
        state = earlier.status
        if pivot.status in ("failed", "partial") and pivot.reason:
            reason = f"{earlier.reason}; pivot round: {pivot.reason}"
    return SourceStatus(
        earlier.source, state, reason=reason, records=earlier.records + pivot.records,
        requests=earlier.requests + pivot.requests,
        seconds=round(earlier.seconds + pivot.seconds, 3),
        searches=earlier.searches + pivot.searches, cached=earlier.cached + pivot.cached,
    )
