"""One service process's long-lived parts: the warm lookups, the key check, the rate limits,
the idempotency store and the batch runner, made at start and closed at the end."""

from __future__ import annotations

from skiptrace.context import resolve_db
from skiptrace.monitor.scheduler import MonitorLoop
from skiptrace.service import monitor_task
from skiptrace.service.batches import BatchRunner
from skiptrace.service.idempotency import Idempotency
from skiptrace.service.ratelimit import TokenBuckets
from skiptrace.service.settings import ServiceSettings
from skiptrace.service.warm import Warm
from skiptrace.store import Store, tenancy
from skiptrace.store import idempotency as kept


class Service:
    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.db = resolve_db(settings.db)
        self.warm = Warm(self.db, settings.config, web=settings.warm,
                         timeout=settings.web_timeout)
        self.store: Store = self.warm.store
        self.buckets = TokenBuckets(settings.rate, settings.burst, limits=self.warm.config.limits)
        self.idempotency = Idempotency(self.store)
        with self.store.atomic():  # answers past their 24 hours, kept while nobody posted
            kept.expire(self.store.db.conn)
        self.runner: BatchRunner | None = None
        if settings.run_batches:
            self.runner = BatchRunner(self.store, self.warm.config,
                                      web_timeout=settings.web_timeout)
            self.runner.start()
        self.monitor: MonitorLoop | None = None
        if settings.monitor_every:
            self.monitor = monitor_task.start(self.store, self.warm.config,
                                              settings.monitor_every, settings.web_timeout)

    def check_token(self, token: str) -> tenancy.ApiKey | None:
        return tenancy.check_token(self.store.db.conn, token)

    def wake_batches(self) -> None:
        if self.runner is not None:
            self.runner.wake()

    def close(self) -> None:
        """No new batch starts; a running one is left to end with the process (its state stays
        ``running`` and its checkpoints in the store: the next start resumes it), so the store
        it writes through stays open."""
        busy = False
        if self.monitor is not None:
            busy = not self.monitor.stop()
        if self.runner is not None:
            self.runner.stop()
            busy = busy or self.runner.current is not None
        self.warm.close(keep_store=busy)


__all__ = ["Service"]
