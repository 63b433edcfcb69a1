"""Scrapy settings for skiptrace's web sources: polite by default.

Per-run values (base URL, user agent, limits) are not edited here: ``spiders.options`` turns
the skiptrace config of each source into overrides of these settings for its crawler.
"""

from __future__ import annotations

import os

BOT_NAME = "skiptrace"
SPIDER_MODULES = ["spiders.sources"]
NEWSPIDER_MODULE = "spiders.sources"

USER_AGENT = "skiptrace/0.1 (+https://github.com/skiptrace/skiptrace; CNSS debt recovery)"
ROBOTSTXT_OBEY = True

# Bounded concurrency; each source runs in its own crawler, so these are per source.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.0
AUTOTHROTTLE_MAX_DELAY = 10.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

# Items of one response processed one at a time, in the order the callback yields them: our
# pipelines are synchronous, and Scrapy's default (100 at once) started 100 asyncio tasks and
# queued 100 end markers for every response, a page of three rows included: on a live batch,
# 15-20 % of the register and directory's crawl child's CPU (decision 0057). A task's records
# go out with its status, in one callback's output (``SourceSpider._held``), so one at a time
# never lets a status overtake a record of its task.
CONCURRENT_ITEMS = 1

DOWNLOAD_TIMEOUT = 15
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

# Debtor-driven requests may repeat a URL for two debtors with the same name: each debtor needs
# its own answer, so requests are made with dont_filter and the spider dedupes per debtor.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening port of our own (Scrapy 2.19 opens one by default)
MEMUSAGE_ENABLED = False
# A page another debtor's search fetched minutes before is answered from the crawl child's
# memory (spiders/page_cache.py: never on disk, bounded, only whole pages answered 200): a
# batch's namesakes ask the same questions (issue 17: 12 % of the requests at 10^5)
HTTPCACHE_ENABLED = True
HTTPCACHE_STORAGE = "spiders.page_cache.MemoryCacheStorage"
HTTPCACHE_POLICY = "spiders.page_cache.CompletePagesPolicy"
HTTPCACHE_EXPIRATION_SECS = 900  # a page is answered again for 15 minutes at most
HTTPCACHE_MEMORY_PAGES = 1000  # pages kept per source (0: none)
HTTPCACHE_MEMORY_BYTES = 48 * 2**20  # bytes of pages kept per source
LOG_LEVEL = "WARNING"

# A page decides what it links to: only http(s) to the source's own origin is ever fetched.
# No handler for file:, data:, ftp:, s3: (a link to file:///etc/… must not read a local file),
# and every request, start, followed link or redirect, on the source's scheme, host and port
# (spiders/middlewares.py; Scrapy's offsite check ignores ports and schemes).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
# No Referer: it would hand the debtor's search URL to whichever page we go to next.
REFERER_ENABLED = False
REFERRER_POLICY = "no-referrer"

DOWNLOADER_MIDDLEWARES = {
    # before robots.txt (100) so that not even robots.txt is fetched from a refused host
    "spiders.middlewares.SameOriginMiddleware": 40,
    "spiders.middlewares.LoopbackOnlyMiddleware": 50,
    # Scrapy's own, at their places, without the Referer handling (and its warning)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "spiders.middlewares.NoRefererMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "spiders.middlewares.NoRefererRedirectMiddleware": 600,
}

ITEM_PIPELINES = {
    "spiders.pipelines.ValidatePipeline": 100,
    "spiders.pipelines.NormalizePipeline": 300,
    "spiders.pipelines.ProvenancePipeline": 400,
    "spiders.pipelines.DedupePipeline": 500,
    "spiders.pipelines.StatusPipeline": 800,
    "spiders.pipelines.EmitPipeline": 900,
}

# skiptrace's own settings
SKIPTRACE_BASE_URL = "http://127.0.0.1:8000"
SKIPTRACE_MAX_PAGES = 5  # result pages per query: a common name must not crawl forever
SKIPTRACE_MAX_RESULTS = 50  # a search stating more is narrowed or reported too broad (issue 17)
# results a search whose rows are judged before any follow-up may read
# (SourceSpider.max_filtered_results; within SKIPTRACE_MAX_PAGES pages)
SKIPTRACE_MAX_FILTERED_RESULTS = 150
# register traders on one list page who may be a person debtor but are registered in another
# city than the debtor's, past which none of them is followed (0 = no bound; decision 0059)
SKIPTRACE_MAX_NAMESAKES_ELSEWHERE = 10
SKIPTRACE_PAGE_SIZE = 0  # results per page asked with per_page=N (0: the site's own page size)
SKIPTRACE_MAX_SEARCHES = 4  # searches per debtor per source (the budget; 0 = no limit)
SKIPTRACE_HARVEST_MAX_PAGES = 0  # 0 = no bound for a harvest's browse pages
SKIPTRACE_LOOPBACK_ONLY = os.environ.get("SKIPTRACE_LOOPBACK_ONLY", "") not in ("", "0")
SKIPTRACE_OUTPUT = "-"  # where EmitPipeline writes JSON Lines: "-" = stdout, or a file path

FEED_EXPORT_ENCODING = "utf-8"
