"""One status per source over a debtor's rounds (skiptrace/pipeline/rounds.py)."""

from __future__ import annotations

from skiptrace.model import SourceStatus
from skiptrace.pipeline.rounds import merge_round, tag_searches

BECAUSE = {"cin": "legal_notices LN-1 gave the CIN (p 0.97)"}


def first(state: str = "ok") -> SourceStatus:
    return SourceStatus("vehicle_registry", state, reason=None if state == "ok" else "HTTP 500",
                        records=1, requests=1,
                        searches=({"key": "ice", "value": "00*", "reason": "ICE", "results": 1},))


def test_a_pivot_round_adds_its_searches_tagged_with_round_and_reason() -> None:
    pivot = SourceStatus("vehicle_registry", "ok", records=2, requests=1, searches=(
        {"key": "cin", "value": "BK******", "reason": "holder's CIN", "results": 2},))
    [merged] = merge_round([first()], [tag_searches(pivot, BECAUSE, 1)])
    assert merged.status == "ok" and merged.records == 3 and merged.requests == 2
    assert [s["key"] for s in merged.searches] == ["ice", "cin"]
    assert "round" not in merged.searches[0]
    assert merged.searches[1]["round"] == 1
    assert merged.searches[1]["reason"] == "holder's CIN; pivot: legal_notices LN-1 gave the CIN (p 0.97)"


def test_a_reason_the_source_already_tagged_is_not_tagged_twice() -> None:
    pivot = SourceStatus("legal_notices", "ok", requests=1, searches=(
        {"key": "cin", "value": "BK", "reason": "x; pivot: y", "results": 0},))
    [merged] = merge_round([], [tag_searches(pivot, BECAUSE, 2)])
    assert merged.searches[0]["reason"] == "x; pivot: y" and merged.searches[0]["round"] == 2


def test_a_skipped_round_changes_nothing_and_a_failed_one_makes_it_partial() -> None:
    skipped = SourceStatus("vehicle_registry", "skipped", reason="nothing to search for")
    assert merge_round([first()], [tag_searches(skipped, BECAUSE, 1)]) == [first()]
    failed = SourceStatus("vehicle_registry", "failed", reason="timeout", requests=1)
    [merged] = merge_round([first()], [tag_searches(failed, BECAUSE, 1)])
    assert merged.status == "partial" and merged.reason == "pivot round: timeout"
    [still] = merge_round([first("failed")],
                          [tag_searches(SourceStatus("vehicle_registry", "ok", requests=1), BECAUSE, 1)])
    assert still.status == "failed"  # the first round's failure stands
