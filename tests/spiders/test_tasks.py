"""The status rules of a (debtor, source) task."""

from __future__ import annotations

from spiders.tasks import Task


def _task(**state: object) -> Task:
    task = Task("D-1", {"name": "x"})
    for key, value in state.items():
        setattr(task, key, value)
    return task


def test_nothing_asked_is_skipped() -> None:
    assert _task().status("phone_directory").status == "skipped"


def test_errors_without_a_readable_page_fail_with_the_first_reasons() -> None:
    status = _task(requests=4, errors=["HTTP 500 at a", "HTTP 500 at b", "timeout at c",
                                       "timeout at d"]).status("phone_directory")
    assert status.status == "failed" and status.requests == 4
    assert status.reason == "HTTP 500 at a; HTTP 500 at b; timeout at c"


def test_errors_beside_readable_pages_are_partial() -> None:
    assert _task(requests=2, pages_ok=1, errors=["timeout at b"]).status("x").status == "partial"


def test_a_page_limit_or_a_search_too_broad_is_not_partial_but_too_broad() -> None:
    limited = _task(requests=5, pages_ok=5, truncated=True).status("x")
    assert limited.status == "too_broad"
    assert limited.reason == "search too broad; stopped at the page limit"
    broad = _task(requests=1, pages_ok=1, too_broad=["name EL****** (1014 results)"]).status("x")
    assert (broad.status, broad.reason) == ("too_broad",
                                            "search too broad; name EL****** (1014 results)")
    # a failure beside it still makes the source partial: it did not answer everything
    both = _task(requests=2, pages_ok=1, errors=["timeout at b"], too_broad=["name E* (99 results)"])
    assert both.status("x").status == "partial"


def test_clean_pages_are_ok() -> None:
    status = _task(requests=3, pages_ok=3).status("legal_notices")
    assert (status.status, status.reason, status.source) == ("ok", None, "legal_notices")
