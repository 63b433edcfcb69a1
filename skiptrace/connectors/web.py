"""The bridge to the Scrapy web sources: one crawl in a child process for many debtors.

``crawl(queries, sources, settings)`` starts ``python -m spiders.crawl``, writes the debtor
queries to it as JSON Lines and yields a ``WebResult`` per (debtor, source) as soon as the
crawl says that pair is finished (docs/decisions/0001). It never raises for a source's
failure: a child that dies, hangs or overruns the deadline is killed, and every pair it left
unfinished comes back ``failed`` (or ``partial`` when some records had arrived) with the reason.
"""

from __future__ import annotations

import json
import logging
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any

from skiptrace.model import Debtor, Record, SourceState, SourceStatus

log = logging.getLogger(__name__)
WEB_SOURCES: tuple[str, ...] = ("company_register", "phone_directory", "legal_notices")
_QUERY_KEYS = ("debtor_id", "kind", "name", "names", "last_name", "cin", "ice", "rc", "tribunal",
               "city", "city_name", "addresses", "phones", "name_variants", "pivot", "because",
               "sources", "exact_name")


@dataclass(frozen=True)
class WebResult:
    """What one web source said about one debtor (``debtor_id`` None in a harvest)."""

    debtor_id: str | None
    source: str
    records: list[Record]
    status: SourceStatus


@dataclass
class CrawlReport:
    """What a finished crawl tells beyond results: Scrapy stats per source, why it ended."""

    stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    failure: str | None = None


def crawl(queries: Iterable[tuple[str, Any]], sources: list[str],
          settings: dict[str, Any] | None = None,
          report: CrawlReport | None = None) -> Iterator[WebResult]:
    """Yield one WebResult per (debtor, web source), each as soon as it is complete.

    ``queries``: (debtor_id, query) pairs, the query a DebtorQuery, a Debtor or a dict.
    ``settings``: ``{"config": Config}`` and/or plain options (docs/spiders.md), optionally
    ``timeout`` (seconds for the whole crawl) and ``stall_timeout`` (seconds without output).
    """
    settings = settings or {}
    known = [s for s in sources if s in WEB_SOURCES]
    asked = OpenQueries(sources)
    lines = (_query_line(debtor_id, query, asked) for debtor_id, query in queries)
    report = report if report is not None else CrawlReport()
    if known:
        # the crawl may sit idle between a batch's last first-round answer and its next pivot
        # query: silence is a stall only while some query is waiting for its answer
        def busy() -> bool:
            return asked.waiting()

        # a crawl that ends (killed, crashed) while the caller's stream is still open closes
        # it: the writer stops waiting for queries nobody will answer, and later ones are refused
        on_end = getattr(queries, "close", None)
        for event in run_crawl(known, crawl_options(known, settings), lines, settings, report,
                               busy=busy, on_end=on_end if callable(on_end) else None):
            yield from asked.event(event)
    else:
        for _ in lines:
            pass
    yield from asked.left(report.failure or "the crawl ended without answering")


class OpenQueries:
    """The bridge's memory of a crawl: only the queries it has sent and not yet seen finished
    on every web source, with the records of their unfinished pairs. A finished query is
    forgotten, so a crawl of 10^5 debtors holds what is in flight, not every id it was asked
    (issue 17, docs/decisions/0006). Written by the writer thread (``ask``), read and emptied
    by the reading one (``event``), hence the lock."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.sources = tuple(sources)
        self.web = tuple(s for s in self.sources if s in WEB_SOURCES)
        # query id -> web source -> its records so far; a source answered is no longer a key
        self._open: dict[str | None, dict[str, list[Record]]] = {}
        self._lock = threading.Lock()

    def ask(self, debtor_id: str) -> None:
        """A query is about to be written to the child: its pairs are open until answered."""
        with self._lock:
            self._open.setdefault(debtor_id, {s: [] for s in self.web})

    def __len__(self) -> int:
        with self._lock:
            return len(self._open)

    def waiting(self) -> bool:
        """Whether some query still waits for an answer."""
        with self._lock:
            return bool(self._open)

    def event(self, event: dict[str, Any]) -> list[WebResult]:
        """File one event of the child; a pair's result once its status came (and, with the
        query's last web answer, its non-web sources refused). Events of a pair that is not
        open (answered already, never asked) are dropped."""
        debtor_id, source = event.get("debtor_id"), str(event.get("source", ""))
        with self._lock:
            pairs = self._open.get(debtor_id)
            if pairs is None or source not in pairs:
                return []
            if "record" in event:
                pairs[source].append(Record.from_dict(event["record"]))
                return []
            if "status" not in event:
                return []
            records = distinct(pairs.pop(source))
            last = not pairs
            if last:
                del self._open[debtor_id]
        status = SourceStatus.from_dict(event["status"])
        results = [WebResult(debtor_id, source, records, replace(status, records=len(records)))]
        if last:
            results += [unfinished(debtor_id, other, [], f"{other} is not a web source")
                        for other in self.sources if other not in self.web]
        return results

    def left(self, reason: str) -> Iterator[WebResult]:
        """Every pair still open when the crawl ended, failed with ``reason`` (partial with
        the records it had), in the order the queries were asked."""
        with self._lock:
            remaining, self._open = self._open, {}
        for debtor_id, pairs in remaining.items():
            for source in self.sources:
                if source in pairs:
                    yield unfinished(debtor_id, source, pairs[source], reason)
                elif source not in self.web:
                    yield unfinished(debtor_id, source, [], f"{source} is not a web source")


class QueryStream:
    """Queries for a crawl that is already running: its first ones, then whatever is
    ``submit``-ted (a debtor's pivot, issue 13) until ``close``. Iterating it is what the
    crawl bridge's writer thread does; it blocks between submissions."""

    def __init__(self, first: Iterable[tuple[str, Any]] = ()) -> None:
        self._first = first
        self._later: queue.Queue[tuple[str, Any] | None] = queue.Queue()
        self._closed = threading.Event()

    def submit(self, task_id: str, query: Any) -> bool:
        """Queue one more query; False once closed (the crawl will not see it)."""
        if self._closed.is_set():
            return False
        self._later.put((task_id, query))
        return True

    @property
    def closed(self) -> bool:
        """Whether ``submit`` refuses (closed by the caller, or by the crawl that ended)."""
        return self._closed.is_set()

    def close(self) -> None:
        """No more queries: the crawl ends once it has answered those it has."""
        if not self._closed.is_set():
            self._closed.set()
            self._later.put(None)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        yield from self._first
        yield from iter(self._later.get, None)


def distinct(records: list[Record]) -> list[Record]:
    """One record per record id, in record-id order. A listing reached by two searches (name,
    then surname) arrives twice with two search URLs, in whatever order the crawl ran them:
    keeping the smallest URL makes the provenance, and so the profile, the same on every run."""
    best: dict[str, Record] = {}
    for record in records:
        kept = best.get(record.record_id)
        if kept is None or (record.provenance.url or "") < (kept.provenance.url or ""):
            best[record.record_id] = record
    return [best[key] for key in sorted(best)]


def unfinished(debtor_id: str | None, source: str, records: list[Record],
               reason: str) -> WebResult:
    """A pair the crawl did not finish: partial if records had arrived, else failed."""
    state: SourceState = "partial" if records else "failed"
    status = SourceStatus(source, state, reason=reason, records=len(records))
    return WebResult(debtor_id, source, records, status)


def _query_line(debtor_id: str, query: Any, asked: OpenQueries) -> str:
    line = json.dumps(query_dict(debtor_id, query), ensure_ascii=False)
    asked.ask(debtor_id)
    return line


def query_dict(debtor_id: str, query: Any) -> dict[str, Any]:
    """The JSON a spider reads: ``name`` plus identifiers, from a DebtorQuery, Debtor or dict."""
    if isinstance(query, Debtor):
        from skiptrace.connectors.query import DebtorQuery

        query = DebtorQuery.from_debtor(query)
    data = dict(query) if isinstance(query, dict) else {
        k: getattr(query, k) for k in _QUERY_KEYS if hasattr(query, k)}
    names = list(data.get("names") or [])
    data["names"] = names
    data["phones"] = list(data.get("phones") or [])
    data["addresses"] = list(data.get("addresses") or [])
    # [name, reason] pairs: given-name spellings computed here, from matching's tables (the
    # crawl child may not import matching)
    data["name_variants"] = [list(v) for v in data.get("name_variants") or []]
    data["sources"] = list(data.get("sources") or [])
    because = data.get("because") or {}
    data["because"] = dict(because) if isinstance(because, (dict, tuple, list)) else {}
    data.setdefault("name", names[0] if names else None)
    data["debtor_id"] = debtor_id
    # the city as journals print it (Casablanca for "Casablanca Anfa", Tanger for "Tangiers"),
    # from matching's city table here, as the variants above
    data.setdefault("city_name", _city_name(data.get("city")))
    return {k: data.get(k) for k in _QUERY_KEYS}


def _city_name(city: str | None) -> str | None:
    """The French name of the city a portfolio wrote, or None for a place we do not know."""
    from matching.cities import city_display, normalize_city  # lazy: matching loads its tables

    key = normalize_city(city) if city else None
    return city_display(key) if key else None


def crawl_options(sources: list[str], settings: dict[str, Any]) -> dict[str, Any]:
    """Options for ``spiders.crawl``: the config's sections, then plain overrides."""
    from spiders.options import OPTIONS

    config = settings.get("config")
    if config is None and not settings.get("base_url"):
        from skiptrace.config import load_config

        config = load_config()
    default = {k: v for k, v in settings.items() if k in OPTIONS}
    per_source: dict[str, dict[str, Any]] = {}
    for name in sources:  # the config's section < top-level options < this source's options
        section = config.sources.get(name) if config is not None else None
        options = _from_section(section) if section is not None else {}
        options.update(default)
        options.update({k: v for k, v in (settings.get("sources", {}).get(name) or {}).items()
                        if k in OPTIONS})
        per_source[name] = options
    return {"default": default, "sources": per_source}


def _from_section(section: Any) -> dict[str, Any]:
    from spiders.options import OPTIONS

    options = {"base_url": section.base_url, "user_agent": section.user_agent,
               "rate_limit": section.rate_limit, "retries": section.retries,
               "download_timeout": section.connect_timeout + section.read_timeout,
               "max_pages": section.max_pages, "max_results": section.max_results}
    options.update({k: v for k, v in (section.options or {}).items() if k in OPTIONS})
    return {k: v for k, v in options.items() if v not in (None, "")}


def run_crawl(sources: list[str], options: dict[str, Any], lines: Iterable[str],
              settings: dict[str, Any], report: CrawlReport,
              harvest: bool = False,
              busy: Callable[[], bool] | None = None,
              on_end: Callable[[], None] | None = None) -> Iterator[dict[str, Any]]:
    """Run the child and yield its JSON events; fill ``report`` when it ends (never raises)."""
    timeout = settings.get("timeout")
    stall = float(settings.get("stall_timeout") or _default_stall(options))
    command = [sys.executable, "-m", "spiders.crawl", "--sources", ",".join(sources),
               "--options", json.dumps(options)] + (["--harvest"] if harvest else [])
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1,
                             preexec_fn=_die_with_parent)
    stdin, stdout, stderr = child.stdin, child.stdout, child.stderr
    if stdin is None or stdout is None or stderr is None:  # Popen gives all three for PIPE
        child.kill()
        raise RuntimeError("the crawl child was started without its pipes")
    events: queue.Queue[str | None] = queue.Queue()
    errors: deque[str] = deque(maxlen=20)
    threads = [threading.Thread(target=_write, args=(stdin, lines), daemon=True),
               threading.Thread(target=_read, args=(stdout, events.put, True), daemon=True),
               threading.Thread(target=_read, args=(stderr, errors.append), daemon=True)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + float(timeout) if timeout else None
    try:
        yield from _events(events, deadline, stall, report, busy)
    finally:
        if child.poll() is None:
            child.kill()
        code = child.wait()
        if on_end is not None:
            on_end()  # an open query stream: no more queries for a crawl that is gone
        threads[0].join()  # every query consumed, so every debtor id is known
        threads[2].join(timeout=1)
        if report.failure is None and code != 0:
            tail = " | ".join(line.strip() for line in list(errors)[-3:] if line.strip())
            report.failure = f"crawler exited with code {code}: {tail}"[:500]
        if report.failure:
            log.warning("web crawl: %s", report.failure)


def _events(events: queue.Queue[str | None], deadline: float | None, stall: float,
            report: CrawlReport,
            busy: Callable[[], bool] | None = None) -> Iterator[dict[str, Any]]:
    while True:
        wait = stall if deadline is None else min(stall, deadline - time.monotonic())
        try:
            line = events.get(timeout=max(wait, 0.0))
        except queue.Empty:
            over = deadline is not None and time.monotonic() >= deadline
            if not over and busy is not None and not busy():
                continue  # idle, every query answered: waiting for more is not a stall
            report.failure = ("crawl timed out" if over else
                              f"crawl stalled: no answer for {stall:.0f} s") + " (killed)"
            return
        if line is None:
            return
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            # its length only: a record line names people and carries their identifiers
            log.warning("web crawl: unreadable line from the crawler (%d characters)", len(line))
            continue
        if "stats" in event:
            report.stats = event["stats"]
        else:
            yield event


def _default_stall(options: dict[str, Any]) -> float:
    """Long enough for the slowest request with all its retries, plus margin."""
    worst = 0.0
    for opts in options.get("sources", {}).values():
        merged = {**options.get("default", {}), **opts}
        per_try = float(merged.get("download_timeout") or 15)
        worst = max(worst, per_try * (int(merged.get("retries") or 2) + 1))
    return worst + 10.0


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to kill it when its parent dies, so a killed batch
    leaves no orphan crawl behind to race the resumed run (no-op elsewhere). SIGKILL, not
    SIGTERM: Scrapy takes SIGTERM as "finish in-flight requests first", which can take minutes,
    and nobody is left to read what it would finish."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _write(stdin: IO[str], lines: Iterable[str]) -> None:
    """Feed the queries; if the child is gone, still consume them so every id is counted."""
    remaining = iter(lines)
    try:
        for line in remaining:
            stdin.write(line + "\n")
        stdin.close()
    except (OSError, ValueError):  # broken pipe: the reader reports why the child died
        for _ in remaining:
            pass


def _read(stream: IO[str], put: Callable[[Any], None], mark_end: bool = False) -> None:
    try:
        for line in stream:
            put(line)
    except (OSError, ValueError):
        pass
    if mark_end:
        put(None)
