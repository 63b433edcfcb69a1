"""Entry point of one crawl: ``python -m spiders.crawl --sources a,b --options JSON``.

Reads debtor queries as JSON Lines on stdin (one ``{"debtor_id", "kind", "name", "ice", "rc",
"city", ...}`` a line) as they come, until stdin closes (spiders/feed.py: the parent adds pivot
queries while the crawl runs), runs every requested source in ONE CrawlerProcess (one crawler per
source: its own download slots, throttle and settings), and streams JSON Lines on stdout:
``{"debtor_id", "source", "record"}`` per record, ``{"debtor_id", "source", "status"}`` when a
(debtor, source) is finished, and a last ``{"stats": {source: {...}}}``. With ``--harvest`` no
queries are read: the sources walk their whole directory. See docs/decisions/0001.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from twisted.python.failure import Failure

from skiptrace.memory import CRAWL_COLLECTOR_THRESHOLDS, tune_collector
from spiders import logsafe
from spiders.feed import QueryFeed
from spiders.options import scrapy_settings

_STAT_PREFIXES = ("skiptrace/", "downloader/request_count", "downloader/response_status_count",
                  "retry/", "item_scraped_count", "item_dropped_count", "elapsed_time_seconds",
                  "finish_reason", "log_count/ERROR")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m spiders.crawl", description=__doc__)
    parser.add_argument("--sources", required=True, help="comma-separated source names")
    parser.add_argument("--options", default="{}",
                        help='JSON {"default": {...}, "sources": {name: {...}}} or @file')
    parser.add_argument("--harvest", action="store_true", help="walk whole directories")
    parser.add_argument("--queries", type=Path, help="read queries from this file, not stdin")
    return parser.parse_args(argv)


def load_options(raw: str) -> dict[str, Any]:
    text = Path(raw[1:]).read_text("utf-8") if raw.startswith("@") else raw
    return json.loads(text)


def read_queries(args: argparse.Namespace) -> QueryFeed:
    """A file's queries at once; stdin's as they arrive."""
    if args.harvest:
        return QueryFeed.from_list([])
    if args.queries:
        with args.queries.open(encoding="utf-8") as stream:
            return QueryFeed.from_list(json.loads(line) for line in stream if line.strip())
    return QueryFeed.from_stream(sys.stdin)


def run(sources: list[str], options: dict[str, Any], queries: QueryFeed | list[dict[str, Any]],
        harvest: bool = False) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Run one crawl; return the skiptrace-relevant stats of each source and the failures
    of crawlers that could not run at all."""
    logsafe.install()
    default = options.get("default", {})
    per_source = options.get("sources", {})
    # The process's settings are merged into each crawler's where the crawler's priority is not
    # higher: give it only the logging, so per-source options are never overridden.
    process_settings = scrapy_settings({"log_level": default.get("log_level")})
    process = CrawlerProcess(process_settings)
    loader = SpiderLoader.from_settings(scrapy_settings(default))
    crawlers: dict[str, Crawler] = {}
    failures: list[str] = []
    feed = queries if isinstance(queries, QueryFeed) else QueryFeed.from_list(queries)
    for source in sources:
        settings = crawler_settings({**default, **per_source.get(source, {})}, harvest)
        # the first crawler installs the reactor (as CrawlerProcess does for its own)
        crawler = Crawler(loader.load(source), settings, init_reactor=not crawlers)
        crawlers[source] = crawler
        deferred = process.crawl(crawler, feed=feed, harvest=harvest)
        deferred.addErrback(_note_failure, failures, source)
    quiet_below([process_settings.get("LOG_LEVEL"),
                 *(c.settings.get("LOG_LEVEL") for c in crawlers.values())])
    process.start()
    return {source: _stats(crawler) for source, crawler in crawlers.items()}, failures


def crawler_settings(options: dict[str, Any], harvest: bool) -> Settings:
    """One source's crawler settings. A harvest walks each page once: no page of it is asked
    again, so none is kept to answer again (spiders/page_cache.py)."""
    settings = scrapy_settings(options)
    if harvest:
        settings.set("HTTPCACHE_ENABLED", False, priority="cmdline")
    return settings


def quiet_below(levels: list[str | int]) -> None:
    """Make records under the crawl's log level cost nothing: Scrapy sets its own loggers to
    DEBUG and the root to NOTSET, and filters only in its handler, so every response
    ("Crawled (200) <GET …>") and every item ("Scraped from …", with the whole record) was made
    into a log record, formatted and masked (logsafe), then dropped: 4 % of a crawl child's
    CPU (issue 17). Called once every crawler has installed its handler; the lowest of the
    crawlers' levels, so that a source asked to log more still does."""
    level = min(lvl if isinstance(lvl, int) else logging.getLevelName(str(lvl).upper())
                for lvl in levels)
    for name in ("", "scrapy"):
        logging.getLogger(name).setLevel(level)


def _note_failure(failure: Failure, failures: list[str], source: str) -> None:
    failures.append(f"{source}: {failure.getErrorMessage()}")


def _stats(crawler: Crawler) -> dict[str, Any]:
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in stats.items()
            if k.startswith(_STAT_PREFIXES)}


def main(argv: list[str] | None = None) -> int:
    # a crawl child's collections cost it 4-6 s of a 10^5 batch (decision 0061)
    tune_collector(CRAWL_COLLECTOR_THRESHOLDS)
    args = parse_args(argv)
    sources = [s for s in args.sources.split(",") if s]
    stats, failures = run(sources, load_options(args.options), read_queries(args),
                          harvest=args.harvest)
    sys.stdout.write(json.dumps({"stats": stats}) + "\n")
    sys.stdout.flush()
    for failure in failures:
        sys.stderr.write(f"crawler failed: {failure}\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
