"""HTTP for every API connector: one pooled session, polite and bounded per source.

One ``requests.Session`` per process (connection pooling sized for the concurrency), and per
source a ``SourceClient`` that owns that source's token bucket, circuit breaker and counters.
Every call is bounded by the source's time budget (``timeout``): connect/read timeouts,
retries with exponential backoff and jitter on 5xx and connection errors, ``Retry-After``
honoured on 429/503 but never past the budget, bodies streamed and refused past
``max_response_bytes``, JSON decoded before anyone uses it. Failures surface as SourceError
(this lookup is partial) or SourceUnavailable (stop asking this source for now).

Credentials and a debtor's identifiers go to one place only: the origin (scheme, host, port)
of the source's ``base_url``. Every request goes through ``guarded_get``: a URL on another
origin is never asked, redirects are followed by hand and only within the origin, and a
redirect elsewhere fails the source with the other origin named (requests would follow it
with ``X-API-Key`` and the query string, dropping only ``Authorization``).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter

from ..config import Config, Origin, SourceConfig, show_origin, url_origin
from ..errors import SourceError, SourceUnavailable
from .shared import source_breaker, source_bucket

_SESSION: requests.Session | None = None
_SESSION_LOCK = threading.Lock()
_CHUNK = 64 * 1024
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)


class Unauthorized(SourceUnavailable):
    """The source refused our credentials (401/403): no point asking again this run."""


class OffOrigin(SourceError):
    """A request or a redirect would leave the source's configured origin: not sent."""


def guarded_get(session: requests.Session, url: str, origin: Origin | None, name: str,
                before_redirect: Callable[[], None] | None = None,
                **kwargs: Any) -> requests.Response:
    """GET ``url`` (``params``, ``headers``, ``timeout``, ``stream`` as for requests) on
    ``origin`` only. Redirects are followed by hand, up to MAX_REDIRECTS, while they stay on
    that origin (same scheme, host and port), with the same headers; a URL or a redirect
    elsewhere raises OffOrigin naming the other origin (never its path or query), and nothing
    is sent there. ``before_redirect`` runs before each redirect is followed: a followed
    redirect is one more request at the source, which its rate limit must count (issue 21).
    The caller closes the response."""
    if origin is None or url_origin(url) != origin:
        raise OffOrigin(f"{name}: refused to send a request to {show_origin(url_origin(url), url)}"
                        f" (configured: {show_origin(origin)})")
    kwargs["allow_redirects"] = False
    for _ in range(MAX_REDIRECTS + 1):
        resp = session.get(url, **kwargs)
        location = resp.headers.get("Location")
        if resp.status_code not in _REDIRECTS or not location:
            return resp
        resp.close()
        url = urljoin(resp.url, location)
        target = url_origin(url)
        if target != origin:
            raise OffOrigin(f"{name}: redirected to another origin ({show_origin(target, url)}); "
                            f"not followed, credentials and identifiers go to "
                            f"{show_origin(origin)} only")
        kwargs.pop("params", None)  # the Location is the whole next URL
        if before_redirect is not None:
            before_redirect()
    raise SourceError(f"{name}: more than {MAX_REDIRECTS} redirects")


def shared_session(pool_size: int = 16) -> requests.Session:
    """The process-wide session; created once, its pool sized for ``pool_size`` threads."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            _SESSION = requests.Session()
            adapter = HTTPAdapter(pool_connections=16, pool_maxsize=max(pool_size, 4))
            _SESSION.mount("http://", adapter)
            _SESSION.mount("https://", adapter)
        return _SESSION


@dataclass
class CallStats:
    """What one search cost: requests sent (retries included) and its deadline."""

    deadline: float
    requests: int = 0
    waits: list[float] = field(default_factory=list)  # rate-limit / backoff / Retry-After sleeps


class SourceClient:
    """HTTP to one source with that source's limits, breaker and counters."""

    def __init__(
        self,
        cfg: SourceConfig,
        session: requests.Session,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cfg = cfg
        self.session = session
        self.origin = url_origin(cfg.base_url)  # the one place its requests may go
        self._clock = clock
        self._sleep = sleep
        # this process's, or shared by every worker through Redis ([limits], connectors/shared.py)
        self.breaker = source_breaker(cfg, clock)
        self.bucket = source_bucket(cfg, clock, sleep)
        self._local = threading.local()
        self._lock = threading.Lock()
        self.total_requests = 0

    @contextmanager
    def call(self) -> Iterator[CallStats]:
        """Scope one search: its requests are counted and bounded by ``cfg.timeout``."""
        stats = CallStats(deadline=self._clock() + self.cfg.timeout)
        previous = getattr(self._local, "stats", None)
        self._local.stats = stats
        try:
            yield stats
        finally:
            self._local.stats = previous

    @contextmanager
    def guessing(self, deadline: float) -> Iterator[CallStats]:
        """Scope one question asked ahead on a helper thread (``ApiConnector.run_plan``), under
        the deadline of the search it is for: it is a guess, tried once, its failure not held
        against the source (the breaker), and its requests counted apart; the plan asks it
        again in line when it failed (with the retries and the breaker of any request, so a
        failing source fails a plan with the same reason as before) and adds the requests of
        the answers it reads to its search (``settle``), so a debtor's ``requests`` does not
        depend on which guess was in the air when a search failed."""
        stats = CallStats(deadline=deadline)
        previous = getattr(self._local, "stats", None), getattr(self._local, "guess", False)
        self._local.stats, self._local.guess = stats, True
        try:
            yield stats
        finally:
            self._local.stats, self._local.guess = previous

    def deadline(self) -> float:
        """The deadline of the search this thread is counting in (``call``)."""
        return self._stats().deadline

    def settle(self, guess: CallStats) -> None:
        """Count a guess's requests in this thread's search, once the plan has read its answer."""
        stats = self._stats()
        stats.requests += guess.requests
        stats.waits.extend(guess.waits)

    def _stats(self) -> CallStats:
        stats = getattr(self._local, "stats", None)
        return stats if stats is not None else CallStats(self._clock() + self.cfg.timeout)

    def get_json(
        self, url: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
    ) -> Any:
        """GET ``url`` and return its decoded JSON, retrying what is worth retrying."""
        stats = self._stats()
        attempt = 0
        while True:
            self.breaker.before_call()
            stats.waits.append(self.bucket.acquire(stats.deadline))
            reason, delay = self._attempt(url, params, headers, stats, attempt)
            if reason is None:
                return delay  # the decoded body
            attempt += 1
            if attempt > (0 if self._guessing() else self.cfg.retries):
                raise SourceError(f"{self.cfg.name}: {reason} (gave up after {attempt} attempts)")
            if self._clock() + delay > stats.deadline:
                raise SourceError(
                    f"{self.cfg.name}: {reason}; retry in {delay:.2f}s would pass the "
                    f"{self.cfg.timeout:g}s budget"
                )
            stats.waits.append(delay)
            self._sleep(delay)

    def _attempt(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        stats: CallStats,
        attempt: int,
    ) -> tuple[str | None, Any]:
        """One request. ``(None, body)`` on success, else ``(reason, delay before retry)``."""
        remaining = stats.deadline - self._clock()
        if remaining <= 0:
            raise SourceError(f"{self.cfg.name}: time budget of {self.cfg.timeout:g}s spent")
        self._count(stats)
        merged = {"User-Agent": self.cfg.user_agent, "Accept": "application/json", **(headers or {})}
        timeout = (min(self.cfg.connect_timeout, remaining), min(self.cfg.read_timeout, remaining))
        try:
            with guarded_get(
                self.session, url, self.origin, self.cfg.name,
                before_redirect=lambda: self._redirect_slot(stats),
                params=params, headers=merged, timeout=timeout, stream=True,
            ) as resp:
                status, retry_after = resp.status_code, resp.headers.get("Retry-After")
                body = self._read_capped(resp) if status < 400 else b""
        except requests.RequestException as exc:
            self._failed()
            return f"connection error ({type(exc).__name__})", self._backoff(attempt)
        return self._judge(status, retry_after, body, attempt)

    def _guessing(self) -> bool:
        return bool(getattr(self._local, "guess", False))

    def _failed(self) -> None:
        """A failure counts against the source, but not a guess's (``guessing``)."""
        if not self._guessing():
            self.breaker.record_failure()

    def _redirect_slot(self, stats: CallStats) -> None:
        """A redirect followed within the origin is a request of its own: it waits for a slot
        of the source's bucket and is counted like any other."""
        stats.waits.append(self.bucket.acquire(stats.deadline))
        self._count(stats)

    def _judge(
        self, status: int, retry_after: str | None, body: bytes, attempt: int
    ) -> tuple[str | None, Any]:
        if status in (401, 403):
            self.breaker.record_success()  # the source is up; we are refused
            raise Unauthorized(f"{self.cfg.name}: unauthorized (HTTP {status}): check credentials")
        if status == 429 or (status == 503 and retry_after):
            if status == 503:
                self._failed()
            wait = parse_retry_after(retry_after)
            return f"rate limited (HTTP {status})", wait if wait is not None else self._backoff(attempt)
        if status >= 500:
            self._failed()
            return f"server error (HTTP {status})", self._backoff(attempt)
        self.breaker.record_success()
        if status >= 400:
            raise SourceError(f"{self.cfg.name}: HTTP {status}")
        try:
            return None, json.loads(body)
        except ValueError as exc:
            raise SourceError(
                f"{self.cfg.name}: invalid JSON ({len(body)} bytes, truncated or garbage)"
            ) from exc

    def _read_capped(self, resp: requests.Response) -> bytes:
        cap = self.cfg.max_response_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise SourceError(f"{self.cfg.name}: response of {declared} bytes exceeds cap of {cap} bytes")
        chunks, size = [], 0
        for chunk in resp.iter_content(_CHUNK):
            size += len(chunk)
            if size > cap:
                raise SourceError(f"{self.cfg.name}: response exceeds cap of {cap} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter (half fixed, half random) so retries spread out."""
        ceiling = min(self.cfg.backoff_max, self.cfg.backoff * (2**attempt))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def count_cached_answer(self) -> None:
        """Count, in the current search's requests, a question its connector answered from its
        own cache: the profile's ``requests`` is what the debtor's search asked, so it does not
        depend on which debtor, thread or worker asked first (a resumed batch, three workers
        and one process give the same profile). ``total_requests``, the network's, does not
        move."""
        self._stats().requests += 1

    def _count(self, stats: CallStats) -> None:
        stats.requests += 1
        with self._lock:
            self.total_requests += 1


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class HttpClient:
    """Hands out one SourceClient per source, all on the shared session."""

    def __init__(
        self,
        concurrency: int = 8,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session = session or shared_session(concurrency)
        self._clock = clock
        self._sleep = sleep
        self._clients: dict[str, SourceClient] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config) -> HttpClient:
        return cls(concurrency=config.concurrency)

    def source(self, cfg: SourceConfig) -> SourceClient:
        """The client of that source (one per name, so limits and breaker are shared)."""
        with self._lock:
            if cfg.name not in self._clients:
                self._clients[cfg.name] = SourceClient(cfg, self.session, self._clock, self._sleep)
            return self._clients[cfg.name]

    def request_counts(self) -> dict[str, int]:
        """Requests sent so far per source (retries included)."""
        with self._lock:
            return {name: c.total_requests for name, c in self._clients.items()}
