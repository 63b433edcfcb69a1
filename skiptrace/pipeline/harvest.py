"""Harvest: crawl a whole web directory into the store, so lookups and batches match locally.

``harvest("company_register", store, settings)`` walks ``/company_register/browse?page=N`` and
every detail page in one crawl (the same child process and JSON Lines stream as lookups,
docs/decisions/0001) and saves the records in batches as they arrive. Run again, it upserts:
the store keeps first_seen / last_seen, so a re-harvest tells what is new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from skiptrace.connectors.web import CrawlReport, crawl_options, run_crawl
from skiptrace.errors import ConfigError
from skiptrace.model import Record

HARVESTABLE: tuple[str, ...] = ("company_register",)
BATCH = 200


class RecordSink(Protocol):
    def save_records(self, items: list[Record]) -> int: ...


@dataclass
class HarvestResult:
    """What a harvest did: result pages read, records saved, requests that failed."""

    source: str
    pages: int = 0  # result-list pages read
    records: int = 0
    detail_pages: int = 0
    errors: int = 0
    status: str = "ok"
    reason: str | None = None
    layout_changed: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def harvest(source: str = "company_register", store: RecordSink | None = None,
            settings: Any = None, progress: Callable[[int], None] | None = None
            ) -> HarvestResult:
    """Crawl ``source`` entirely into ``store``; ``progress(records_saved)`` after each batch.

    ``settings`` is a skiptrace Config or a dict of crawl options (docs/spiders.md); a failing
    site makes a ``failed``/``partial`` result with the reason, never an exception.
    """
    if source not in HARVESTABLE:
        raise ConfigError(f"{source} cannot be harvested; harvestable: {', '.join(HARVESTABLE)}")
    if store is None:
        raise ConfigError("harvest needs a store to save records into")
    options = settings if isinstance(settings, dict) else {"config": settings}
    if options.get("config") is None:
        options = {k: v for k, v in options.items() if k != "config"}
    result = HarvestResult(source)
    report = CrawlReport()
    batch: list[Record] = []
    events = run_crawl([source], crawl_options([source], options), [], options, report,
                       harvest=True)
    for event in events:
        if "record" in event:
            batch.append(Record.from_dict(event["record"]))
            if len(batch) >= BATCH:
                result.records += _flush(store, batch, progress, result.records)
        elif "status" in event:
            result.status = event["status"]["status"]
            result.reason = event["status"].get("reason")
    result.records += _flush(store, batch, progress, result.records)
    _summarize(result, report)
    return result


def _flush(store: RecordSink, batch: list[Record], progress: Callable[[int], None] | None,
           done: int) -> int:
    if not batch:
        return 0
    saved = store.save_records(list(batch))
    batch.clear()
    if progress is not None:
        progress(done + saved)
    return saved


def _summarize(result: HarvestResult, report: CrawlReport) -> None:
    stats = report.stats.get(result.source, {})
    prefix = f"skiptrace/{result.source}/"
    result.stats = stats
    result.pages = int(stats.get(prefix + "pages/parse_results", 0))
    result.detail_pages = int(stats.get(prefix + "pages/parse_company", 0))
    result.layout_changed = int(stats.get(prefix + "layout_changed", 0))
    result.errors = int(stats.get(prefix + "request_failed", 0)) + result.layout_changed
    if report.failure:
        result.status = "partial" if result.records else "failed"
        result.reason = report.failure
