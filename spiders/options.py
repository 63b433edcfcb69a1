"""Per-source run options (plain JSON, from skiptrace's config) → Scrapy settings.

The bridge (skiptrace/connectors/web.py) speaks skiptrace's vocabulary; this module is the one
place that knows which Scrapy setting each option becomes, so that spiders/settings.py stays
the polite default and a run only overrides what its config says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # keep this module cheap to import for the bridge (no Scrapy at import)
    from scrapy.settings import Settings

# option → (Scrapy setting, converter)
_MAPPING: dict[str, tuple[str, type]] = {
    "base_url": ("SKIPTRACE_BASE_URL", str),
    "user_agent": ("USER_AGENT", str),
    "concurrency": ("CONCURRENT_REQUESTS", int),
    "download_timeout": ("DOWNLOAD_TIMEOUT", float),
    "retries": ("RETRY_TIMES", int),
    "max_pages": ("SKIPTRACE_MAX_PAGES", int),
    "max_results": ("SKIPTRACE_MAX_RESULTS", int),
    "max_filtered_results": ("SKIPTRACE_MAX_FILTERED_RESULTS", int),
    "max_namesakes_elsewhere": ("SKIPTRACE_MAX_NAMESAKES_ELSEWHERE", int),
    "page_size": ("SKIPTRACE_PAGE_SIZE", int),
    "harvest_max_pages": ("SKIPTRACE_HARVEST_MAX_PAGES", int),
    "max_searches": ("SKIPTRACE_MAX_SEARCHES", int),
    "page_cache": ("HTTPCACHE_MEMORY_PAGES", int),
    "page_cache_seconds": ("HTTPCACHE_EXPIRATION_SECS", int),
    "autothrottle": ("AUTOTHROTTLE_ENABLED", bool),
    "autothrottle_target": ("AUTOTHROTTLE_TARGET_CONCURRENCY", float),
    "obey_robots": ("ROBOTSTXT_OBEY", bool),
    "log_level": ("LOG_LEVEL", str),
    "output": ("SKIPTRACE_OUTPUT", str),
}
OPTIONS: tuple[str, ...] = (*_MAPPING, "rate_limit")


def scrapy_settings(options: dict[str, Any]) -> Settings:
    """The project settings with one source's options applied (unknown keys are refused)."""
    from scrapy.settings import Settings

    unknown = set(options) - set(OPTIONS)
    if unknown:
        raise ValueError(f"unknown crawl options: {', '.join(sorted(unknown))}")
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    for key, value in options.items():
        if value is None or key == "rate_limit":
            continue
        name, convert = _MAPPING[key]
        settings.set(name, convert(value), priority="cmdline")
    if options.get("concurrency"):
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", int(options["concurrency"]),
                     priority="cmdline")
    rate = options.get("rate_limit")
    if rate:
        # Scrapy's delay is per download slot: one request per delay, at most `rate` a second.
        settings.set("DOWNLOAD_DELAY", 1.0 / float(rate), priority="cmdline")
        settings.set("RANDOMIZE_DOWNLOAD_DELAY", False, priority="cmdline")
    return settings
