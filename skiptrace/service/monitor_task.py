"""The service's scheduled monitoring: a pass on the service's own store connection (as its
batches run, service/batches.py ``shared_runtime``), then the webhook retries due."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from skiptrace.config import Config
from skiptrace.monitor import webhooks
from skiptrace.monitor.run import PassOptions, monitor_pass
from skiptrace.monitor.scheduler import MonitorLoop
from skiptrace.service.batches import shared_runtime
from skiptrace.store import Store, StoreBusy

log = logging.getLogger(__name__)
OPERATOR = "skiptrace-service"
PURPOSE = "suivi programmé des dossiers (monitoring)"


def scheduled_pass(store: Store, config: Config, web_timeout: float) -> dict[str, Any]:
    """One tick: the pass (skipped while a batch holds the store), then due webhook retries."""
    now = datetime.now(UTC).replace(microsecond=0)
    options = PassOptions(operator=config.operator or OPERATOR, purpose=PURPOSE, now=now,
                          web_timeout=web_timeout, concurrency=config.concurrency)
    try:
        with shared_runtime(store, config) as rt:
            return monitor_pass(rt, options).to_dict()
    except StoreBusy as exc:
        log.info("monitoring pass skipped: %s", exc)
        return {"skipped": "store busy", "deliveries": webhooks.deliver_due(store, now).to_dict()}


def start(store: Store, config: Config, every: float, web_timeout: float) -> MonitorLoop:
    loop = MonitorLoop(lambda: scheduled_pass(store, config, web_timeout), every)
    loop.start()
    return loop


__all__ = ["scheduled_pass", "start"]
