"""``skiptrace lookup``: one debtor now, as fast as a cold process allows.

The web sources run in a crawl child process (docs/decisions/0001) whose start-up (interpreter,
Scrapy, reactor) is the longest single wait of a lookup. So the crawl starts first, from what
is cheap to know (the debtor, the config), and the heavy part of this process (store, matching,
profile, renderers) is imported while the child starts: the two overlap instead of adding up.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from skiptrace.config import Config, load_config
from skiptrace.context import require_purpose, resolve_db, web_sources
from skiptrace.errors import ConfigError
from skiptrace.model import Debtor, Record, SourceStatus, set_clock
from skiptrace.sandbox.serving import sandbox_for  # cheap: the server loads only for a world


class WebPrefetch:
    """The crawl of one debtor's web sources, running in a thread from the moment it is made,
    and kept open for the debtor's pivot queries (linking/pivots.py) until ``close``."""

    TIMEOUT = 300.0  # the bridge bounds the crawl by its own stall deadline first

    def __init__(self, debtor: Debtor, sources: list[str], config: Config) -> None:
        from skiptrace.pipeline.webhub import WebHub  # light: the model only

        self.debtor_id = debtor.debtor_id
        self._hub = WebHub(sources, expected=[debtor.debtor_id])
        self._later: Any = None  # the crawl's QueryStream, once the thread made it
        self._ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(debtor, sources, config), daemon=True, name="web-prefetch"
        )
        self._thread.start()

    def _run(self, debtor: Debtor, sources: list[str], config: Config) -> None:
        # In the thread, so that the connectors package loads while the crawl child starts.
        from skiptrace.connectors.query import DebtorQuery
        from skiptrace.connectors.web import QueryStream, crawl

        try:
            self._later = QueryStream([(debtor.debtor_id, DebtorQuery.from_debtor(debtor))])
        finally:
            self._ready.set()
        results: Iterator[Any] = crawl(self._later, sources, {"config": config})
        self._hub.feed(results)

    def take(self, debtor: Debtor) -> tuple[list[Record], list[SourceStatus]]:
        """The prefetched results of the debtor's own query."""
        if debtor.debtor_id != self.debtor_id:
            raise ValueError("this prefetch is for another debtor")
        return self._hub.take(debtor.debtor_id, self.TIMEOUT)

    def pivot(self, task_id: str, query: Any) -> tuple[list[Record], list[SourceStatus]]:
        """A pivot query on the same crawl (no second child to start)."""
        self._ready.wait()
        if self._later is None or not self._later.submit(task_id, query):
            return [], [SourceStatus(s, "failed", reason="the crawl was already closed")
                        for s in self._hub.sources]
        return self._hub.take(task_id, self.TIMEOUT)

    def close(self) -> None:
        """No more queries: the crawl child ends."""
        self._ready.wait()
        if self._later is not None:
            self._later.close()

    def wait_ended(self, timeout: float) -> bool:
        """Wait for the crawl child to exit after ``close`` (so that no process outlives the
        lookup); True when it did within ``timeout`` seconds."""
        return self._hub.wait_ended(timeout)


def _debtor(debtor_id: str | None, db: Path | None, fields: dict[str, Any]) -> Debtor:
    # Lazy for start-up (module docstring): intake and the store load matching and sqlite.
    if not debtor_id:
        from skiptrace.intake.lookupquery import debtor_from_options

        return debtor_from_options(**fields)
    from skiptrace.store import Store

    with Store.open(resolve_db(db)) as store:
        debtor = store.get_debtor(debtor_id)
    if debtor is None:
        raise ConfigError(f"no debtor {debtor_id} in the store {resolve_db(db)}")
    return debtor


def lookup_command(
    *, debtor_id: str | None, fmt: str, out: Path | None, db: Path | None, config: Path | None,
    operator: str | None, purpose: str | None, as_of: datetime | None,
    sandbox_world: Path | None, **fields: Any,
) -> dict[str, Any]:
    """One debtor now: every source, matched, profiled, stored, shown."""
    set_clock(as_of)
    with sandbox_for(sandbox_world):
        cfg = load_config(config)
        who, why = require_purpose(operator, purpose, cfg)  # before any traffic about anyone
        debtor = _debtor(debtor_id, db, fields)
        sources = web_sources(cfg)
        prefetch = WebPrefetch(debtor, sources, cfg) if sources else None
        # The heavy imports, while the crawl child starts (module docstring).
        from skiptrace.app import show_profile
        from skiptrace.pipeline.batch import now_or
        from skiptrace.pipeline.enrich import Enricher
        from skiptrace.pipeline.runtime import open_runtime

        with open_runtime(db=db, config_path=config, concurrency=1) as rt:
            enricher = Enricher(rt.connectors, prefetch.take if prefetch else None,
                                as_of=now_or(as_of),
                                web_pivot=prefetch.pivot if prefetch else None)
            try:
                enriched = enricher.enrich(debtor)
            finally:
                enricher.close()
                if prefetch is not None:
                    prefetch.close()
            with rt.store.atomic():
                rt.store.upsert_debtors([debtor])
                rt.store.checkpoint("lookups", debtor.debtor_id, enriched.status,
                                    enriched.profile, enriched.stored_matches())
                rt.store.audit(who, why, "lookup", debtor_id=debtor.debtor_id,
                               details={"status": enriched.status})
                if out is not None:  # forget must reach this file too
                    rt.store.register_file("profile_export", out.resolve(), "lookups",
                                           debtor.debtor_id)
    show_profile(enriched.profile, fmt, out)
    if prefetch is not None:  # after the profile is shown: the closed crawl child is reaped
        prefetch.wait_ended(timeout=10.0)
    return enriched.profile


def explain_searches(profile: dict[str, Any]) -> str:
    """The profile's ``searches`` as a plain table (``lookup --explain``): what each source was
    asked, why, and how many results each search returned."""
    head = ("source", "key", "value", "reason", "results")
    rows = [tuple(str(s.get(k, "")) for k in head) for s in profile.get("searches") or ()]
    if not rows:
        return "searches: none reported"
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in (head, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "searches:\n" + "\n".join(lines)
