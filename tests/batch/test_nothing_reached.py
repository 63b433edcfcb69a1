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


def test_a_batch_on_local_data_alone_has_nothing_to_reach() -> None:
    # a config with no api or web source (extracts imported, the register harvested): every
    # answer comes from the store without a request; it exited 4 "no network source could be
    # reached" (benchmarks/enrich.py's local mode at 10^4, session 8)
    summary = _summary(SourceStatus("land_registry", "ok", requests=0),
                       SourceStatus("company_register", "too_broad", "search too broad; name X",
                                    requests=0))
    summary.remote = frozenset()
    assert not summary.reached_nothing() and summary.exit_code() == 0
    # the same answers with a network source configured that sent nothing: nothing reached
    summary.remote = frozenset({"geocoder"})
    summary.add(Enriched(Debtor(debtor_id="D-2", kind="company", name="y"), {"recoverability": {}},
                         [], [SourceStatus("geocoder", "ok", requests=0)]))
    assert summary.reached_nothing()
