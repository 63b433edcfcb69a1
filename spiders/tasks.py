"""A (debtor, source) task and how its end is described: the status and the reasons.

Kept apart from the spider so the status rules (ok / too_broad / partial / failed / skipped) read in one
place and can be tested without Scrapy running.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from skiptrace.model import SourceState, SourceStatus, too_broad_reason


@dataclass
class Task:
    """One (debtor, source) pair: its query, what is pending, and what went wrong."""

    debtor_id: str | None
    query: dict[str, Any]
    pending: int = 0
    requests: int = 0
    #: of ``requests``, those the crawl's page cache answered (spiders/page_cache.py)
    cached: int = 0
    pages_ok: int = 0
    errors: list[str] = field(default_factory=list)
    truncated: bool = False
    # searches that found more than a search may page through and could not be narrowed
    # further: "name BE***** (1014 results)" (docs/sources.md, "Searches that are too broad")
    too_broad: list[str] = field(default_factory=list)
    followed: set[str] = field(default_factory=set)
    searches: list[dict[str, Any]] = field(default_factory=list)
    over_budget: int = 0
    #: searches left for "otherwise" fallbacks once the task's first searches are planned, given
    #: out in plan order (``SourceSpider.reserve``): None until then, or with no budget
    spare: int | None = None
    started: float = field(default_factory=time.monotonic)
    #: the task's record items, sent with its status (``SourceSpider._held``)
    held: list[Any] = field(default_factory=list)

    def status(self, source: str) -> SourceStatus:
        seconds = round(time.monotonic() - self.started, 3)
        state: SourceState
        if self.requests == 0:
            state, reason = "skipped", "nothing to search for"
        elif self.errors and self.pages_ok == 0:
            state, reason = "failed", "; ".join(self.errors[:3])
        elif self.errors:
            state, reason = "partial", "; ".join(self.errors[:3])
        elif self.too_broad or self.truncated:
            # every page asked for answered: the question was too broad, the source did not fail
            notes = sorted(self.too_broad)[:3] + (["stopped at the page limit"] if self.truncated else [])
            state, reason = "too_broad", too_broad_reason(notes)
        else:
            state, reason = "ok", None
        # in plan order ("order": a first search's place, then its fallback's and its
        # narrowings'), not in the order the answers came back: the same on every run
        planned = sorted(self.searches, key=lambda s: tuple(s.get("order") or ()))
        return SourceStatus(source=source, status=state, reason=reason,
                            requests=self.requests, seconds=seconds, cached=self.cached,
                            searches=tuple({k: v for k, v in s.items() if k != "order"}
                                           for s in planned))


def is_truncated(response: Response) -> bool:
    """An HTML page that stops before its closing tag was cut short (or mangled)."""
    return b"</html>" not in response.body[-1024:].lower()


_REASONS = (  # exception class name fragments → a short reason, first match wins
    ("Timeout", "timeout"), ("ConnectionRefused", "connection refused"),
    ("ConnectError", "connection refused"), ("CannotResolveHost", "cannot resolve host"),
    ("ConnectionLost", "connection lost"), ("ConnectionDone", "connection lost"),
    ("ResponseNeverReceived", "connection lost"), ("DataLoss", "truncated answer"),
    ("DownloadFailed", "connection lost"),
)


def describe_failure(failure: Failure) -> str:
    """A short, log-safe reason: "HTTP 500", "timeout", "connection lost"..."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if type(exc).__name__ == "IgnoreRequest":
        return f"request ignored ({exc})"
    cause = exc.__cause__ if exc is not None else None
    names = [type(exc).__name__, type(cause).__name__ if cause else ""]
    for fragment, reason in _REASONS:
        if any(fragment in name for name in names):
            return reason
    return type(exc).__name__
