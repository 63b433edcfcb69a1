"""A search too broad in one round is the source's note over the rounds, never a failure
(issue 17); a failure in any round still makes the source partial."""

from __future__ import annotations

from skiptrace.model import SourceStatus
from skiptrace.pipeline.rounds import combine

BROAD = "search too broad; name EL****** (1014 results)"


def _status(state: str, reason: str | None = None, requests: int = 1) -> SourceStatus:
    return SourceStatus("legal_notices", state, reason=reason, requests=requests)  # type: ignore[arg-type]


def test_too_broad_then_ok_stays_too_broad_with_its_query() -> None:
    merged = combine(_status("too_broad", BROAD), _status("ok"))
    assert (merged.status, merged.reason, merged.requests) == ("too_broad", BROAD, 2)


def test_ok_then_too_broad_is_too_broad() -> None:
    merged = combine(_status("ok"), _status("too_broad", BROAD))
    assert (merged.status, merged.reason) == ("too_broad", BROAD)


def test_two_broad_rounds_name_each_query_once() -> None:
    other = "search too broad; surname BE***** (Casablanca) (300 results)"
    merged = combine(_status("too_broad", BROAD), _status("too_broad", other))
    assert merged.reason == BROAD + "; surname BE***** (Casablanca) (300 results)"


def test_a_failed_round_beside_a_broad_one_is_partial() -> None:
    merged = combine(_status("too_broad", BROAD), _status("failed", "HTTP 500 at x"))
    assert merged.status == "partial" and merged.reason == "pivot round: HTTP 500 at x"


def test_ok_rounds_stay_ok() -> None:
    assert combine(_status("ok"), _status("ok")).status == "ok"
    assert combine(_status("ok"), _status("skipped", requests=0)).status == "ok"


def test_the_batch_summary_counts_too_broad_apart_with_one_reason() -> None:
    from skiptrace.model import Debtor
    from skiptrace.pipeline.batch import BatchSummary
    from skiptrace.pipeline.enrich import Enriched

    summary = BatchSummary("job-1", "portfolio.csv")
    for i, value in enumerate(("EL******", "BE*****")):
        broad = SourceStatus("legal_notices", "too_broad",
                             f"search too broad; name {value} ({900 + i} results)", requests=2)
        summary.add(Enriched(Debtor(debtor_id=f"D-{i}", kind="person", name="x"),
                             {"recoverability": {}}, [], [broad]))
    tally = summary.sources["legal_notices"].to_dict()
    assert (tally["too_broad"], tally["partial"], tally["ok"]) == (2, 0, 0)
    assert tally["top_reasons"] == {"search too broad": 2}
    assert summary.done == 2 and summary.partial == 0
