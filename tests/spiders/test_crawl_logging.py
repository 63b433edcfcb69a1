"""The crawl child makes no log record under its level (issue 17: every response and item was
formatted and masked, then dropped by Scrapy's handler)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from spiders.crawl import quiet_below


@pytest.fixture
def levels() -> Iterator[None]:
    kept = {name: logging.getLogger(name).level for name in ("", "scrapy")}
    yield
    for name, level in kept.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("levels")
def test_records_under_the_lowest_crawler_level_are_never_made() -> None:
    logging.getLogger("scrapy").setLevel(logging.DEBUG)  # what Scrapy's DEFAULT_LOGGING sets
    logging.getLogger().setLevel(logging.NOTSET)  # what its root handler install sets
    made: list[str] = []
    factory = logging.getLogRecordFactory()

    def counting(*args: object, **kwargs: object) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        made.append(record.getMessage())
        return record

    logging.setLogRecordFactory(counting)
    try:
        quiet_below(["WARNING", "INFO"])  # one source asked to log more: its INFO still logs
        logging.getLogger("scrapy.core.scraper").debug("Scraped from %s", "<200 …>")
        logging.getLogger("spiders.sources.x").debug("a spider's debug line")
        logging.getLogger("scrapy.core.engine").info("Spider opened")
        logging.getLogger("spiders.sources.x").warning("not following a link")
    finally:
        logging.setLogRecordFactory(factory)
    assert made == ["Spider opened", "not following a link"]
