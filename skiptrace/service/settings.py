"""What a service process is configured with (``skiptrace serve`` options), in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MiB = 1 << 20


@dataclass(frozen=True)
class ServiceSettings:
    """``rate``/``burst``: each key's token bucket (requests per second, and how many may come
    at once); ``max_body``: the largest request body (a portfolio upload), ``max_json``: the
    largest JSON body (a lookup); ``warm``: keep one crawl child for every lookup (off in tests
    that need no web source)."""

    db: Path
    config: Path | None = None
    rate: float = 5.0
    burst: int = 20
    max_body: int = 20 * MiB
    max_json: int = 64 * 1024
    warm: bool = True
    web_timeout: float = 120.0
    run_batches: bool = True  # False: batches are queued, never run (tests of the queue)
    #: the review page's cookies carry Secure (sent over HTTPS only); False only for tests over
    #: http on loopback (`skiptrace serve --insecure-cookies` refuses any other host)
    cookie_secure: bool = True
    monitor_every: float | None = None  # seconds between monitoring passes; None: none run


__all__ = ["MiB", "ServiceSettings"]
