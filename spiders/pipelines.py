"""Item pipelines, one job each: validate → normalize → stamp provenance → dedupe → complete
the (debtor, source) status → emit.

Status items (the end of a (debtor, source) task) pass through untouched until ``EmitPipeline``,
which writes records and statuses as JSON Lines in the order they arrive.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from skiptrace.model import utcnow
from spiders.items import RecordItem, StatusItem
from spiders.parsing import clean_text

_INT_FIELDS = frozenset({"shares", "total_shares"})


class _RecordPipeline:
    """Base: only ``RecordItem`` goes through ``process_record``; the spider comes from the
    crawler (recent Scrapy no longer passes it to ``process_item``)."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _RecordPipeline:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, RecordItem):
            if spider is None and self.crawler is not None:
                spider = self.crawler.spider
            return self.process_record(item, spider)
        return item

    def process_record(self, item: RecordItem, spider: Spider | None) -> RecordItem:
        raise NotImplementedError


class ValidatePipeline(_RecordPipeline):
    """Drop what cannot be a record (no id, no kind); mark missing expected fields partial."""

    def process_record(self, item: RecordItem, spider: Spider | None) -> RecordItem:
        if not item.record_id or not item.kind:
            raise DropItem(f"{item.source}: item without record id or kind at {item.url}")
        expected_for = getattr(spider, "expected_for", None)
        expected = (expected_for(item.kind, item.fields) if expected_for is not None else
                    getattr(spider, "expected_fields", {}).get(item.kind, ()))
        for name in expected:
            if item.fields.get(name) in (None, "", []):
                item.warn(f"missing field: {name}")
                if spider is not None and spider.crawler is not None and spider.crawler.stats:
                    spider.crawler.stats.inc_value(f"skiptrace/{item.source}/field/{name}/missing")
        return item


class NormalizePipeline(_RecordPipeline):
    """Whitespace cleaned everywhere, empty values removed, share counts as integers."""

    def process_record(self, item: RecordItem, spider: Spider | None) -> RecordItem:
        item.fields = _normalize(item.fields)
        return item


def _normalize(value: Any, key: str = "") -> Any:
    if isinstance(value, str):
        text = clean_text(value)
        if key in _INT_FIELDS and text is not None and text.replace(" ", "").isdigit():
            return int(text.replace(" ", ""))
        return text
    if isinstance(value, dict):
        cleaned = {k: _normalize(v, k) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "")}
    if isinstance(value, list):
        return [v for v in (_normalize(x, key) for x in value) if v not in (None, "", {})]
    return value


class ProvenancePipeline(_RecordPipeline):
    """Stamp the retrieval time: every record leaves the spider with its full provenance."""

    def process_record(self, item: RecordItem, spider: Spider | None) -> RecordItem:
        if item.retrieved_at is None:
            item.retrieved_at = utcnow()
        return item


class DedupePipeline:
    """One record per (debtor, source, record id, URL): a company found by name and by ICE is one
    detail page. The same listing reached through two search URLs passes twice; the bridge keeps
    the smallest URL (skiptrace.connectors.web.distinct), so provenance does not depend on which
    search the crawl happened to run first. What was seen is kept per (debtor, source) and
    dropped with the pair's status (nothing of it comes after), so a crawl of 10^5 debtors holds
    only its open pairs (issue 17, docs/decisions/0006)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str | None, str], set[tuple[str | None, str | None]]] = {}

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, StatusItem):
            self._seen.pop((item.debtor_id, item.source), None)
        elif isinstance(item, RecordItem):
            seen = self._seen.setdefault((item.debtor_id, item.source), set())
            key = (item.record_id, item.url)
            if key in seen:
                raise DropItem(f"duplicate {item.source}:{item.record_id}")
            seen.add(key)
        return item


class StatusPipeline:
    """Complete each (debtor, source) status with what was emitted for it: the record count,
    and ``partial`` (with the missing fields) when an ``ok`` task returned partial records."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str | None, str], list[int]] = {}
        self._missing: dict[tuple[str | None, str], set[str]] = {}

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, RecordItem):
            key = (item.debtor_id, item.source)
            counts = self._counts.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += item.partial
            self._missing.setdefault(key, set()).update(
                w.removeprefix("missing field: ") for w in item.warnings)
        elif isinstance(item, StatusItem):
            key = (item.debtor_id, item.source)
            total, partial = self._counts.pop(key, [0, 0])
            missing = sorted(self._missing.pop(key, set()))
            status = replace(item.status, records=total)
            if partial and status.status == "ok":
                status = replace(status, status="partial", reason=(
                    f"{partial} of {total} records partial: {', '.join(missing)[:200]}"))
            item.status = status
        return item


class EmitPipeline:
    """Write records and statuses as JSON Lines (``SKIPTRACE_OUTPUT``: "-" is stdout)."""

    def __init__(self, output: str) -> None:
        self._output = output
        self._stream: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EmitPipeline:
        return cls(crawler.settings.get("SKIPTRACE_OUTPUT", "-"))

    def open_spider(self, spider: Spider | None = None) -> None:
        if self._output == "-":
            self._stream = sys.stdout
        else:
            # records hold personal data: the file is private to its owner
            fd = os.open(self._output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self._stream = open(fd, "a", encoding="utf-8")  # noqa: SIM115

    def close_spider(self, spider: Spider | None = None) -> None:
        if self._stream is not None and self._stream is not sys.stdout:
            self._stream.close()

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, RecordItem):
            line = {"debtor_id": item.debtor_id, "source": item.source,
                    "record": item.to_record().to_dict()}
        elif isinstance(item, StatusItem):
            line = {"debtor_id": item.debtor_id, "source": item.source,
                    "status": item.status.to_dict()}
        else:
            return item
        self.write(line)
        return item

    def write(self, line: dict[str, Any]) -> None:
        if self._stream is None:
            raise RuntimeError("EmitPipeline.write before open_spider")
        self._stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._stream.flush()
