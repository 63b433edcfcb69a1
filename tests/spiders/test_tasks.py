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


def test_errors_beside_readable_pages_or_a_page_limit_are_partial() -> None:
    assert _task(requests=2, pages_ok=1, errors=["timeout at b"]).status("x").status == "partial"
    limited = _task(requests=5, pages_ok=5, truncated=True).status("x")
    assert limited.status == "partial" and limited.reason == "stopped at the page limit"


def test_clean_pages_are_ok() -> None:
    status = _task(requests=3, pages_ok=3).status("legal_notices")
    assert (status.status, status.reason, status.source) == ("ok", None, "legal_notices")
