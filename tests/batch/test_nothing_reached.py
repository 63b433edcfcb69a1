"""Exit 4 means no network source answered anything (README, "Exit codes"). A source that had
nothing to ask (a geocoder for a row with no street) is "ok" without a request: it reached
nothing, so it must not turn "nothing reached" into "partial" (found when a sandbox world put a
company with a city and no street among the first rows)."""

from __future__ import annotations

from skiptrace.model import Debtor, SourceStatus
from skiptrace.pipeline.batch import BatchSummary
from skiptrace.pipeline.enrich import Enriched

DEAD = "connection refused at http://127.0.0.1:9/x"


def _summary(*statuses: SourceStatus) -> BatchSummary:
    summary = BatchSummary("job-1", "portfolio.csv")
    summary.add(Enriched(Debtor(debtor_id="D-1", kind="company", name="x"), {"recoverability": {}}, [],
                         list(statuses)))
    return summary


def test_a_source_with_nothing_to_ask_reaches_nothing() -> None:
    summary = _summary(SourceStatus("company_register", "failed", DEAD, requests=2),
                       SourceStatus("geocoder", "ok", requests=0))
    assert summary.reached_nothing() and summary.exit_code() == 4


def test_a_source_that_answered_is_reached() -> None:
    summary = _summary(SourceStatus("company_register", "failed", DEAD, requests=2),
                       SourceStatus("geocoder", "ok", requests=1))
    assert not summary.reached_nothing() and summary.exit_code() != 4


def test_a_too_broad_answer_is_an_answer() -> None:
    summary = _summary(SourceStatus("company_register", "failed", DEAD, requests=2),
                       SourceStatus("legal_notices", "too_broad", "search too broad; name EL** (90 results)",
                                    requests=1))
    assert not summary.reached_nothing()
