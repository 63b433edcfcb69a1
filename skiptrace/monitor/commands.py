"""The work behind ``skiptrace watch``, ``monitor``, ``changes`` and ``webhooks`` (cli.py).

Every command names an agency (``--agency``, default ``default``: the agency that owns what the
CLI writes, store/tenancy.py) and is audited with the operator and purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from skiptrace.context import require_purpose, resolve_db
from skiptrace.errors import ConfigError
from skiptrace.monitor import feed, webhooks
from skiptrace.monitor.run import PassOptions, PassResult, monitor_pass
from skiptrace.monitor.schedule import period_days
from skiptrace.pipeline.runtime import open_runtime
from skiptrace.store import Store, tenancy, watch
from skiptrace.store import webhooks as hook_store

DEFAULT_AGENCY = "default"


def _agency(store: Store, name: str) -> int:
    found = tenancy.agency_id(store.db.conn, name)
    if found is None:
        raise ConfigError(f"no agency {name!r} in this store (skiptrace keys list shows them)")
    return found


def _job_debtors(store: Store, job_id: str) -> list[str]:
    statuses = store.item_statuses(job_id)
    if not statuses:
        raise ConfigError(f"no job {job_id!r} with debtors in this store")
    return sorted(statuses)


def watch_add(db: Path | None, *, agency: str, debtor_ids: list[str], job_id: str | None,
              schedule: str, operator: str, purpose: str, now: datetime) -> dict[str, Any]:
    """Watch debtors (and/or every debtor of a job: a whole portfolio) of the agency."""
    try:
        every = period_days(schedule)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    with Store.open(resolve_db(db)) as store, store.atomic():
        agency_id = _agency(store, agency)
        ids = list(dict.fromkeys([*debtor_ids, *(_job_debtors(store, job_id) if job_id else [])]))
        if not ids:
            raise ConfigError("name debtors to watch (ids, or --job for a whole portfolio)")
        foreign = [i for i in ids if tenancy.owner(store.db.conn, i) != agency_id]
        if foreign:
            raise ConfigError(f"{len(foreign)} of these debtors are not stored for agency "
                              f"{agency!r} (first: {foreign[0]})")
        added, updated = watch.add(store.db.conn, agency_id, ids, every, operator, now,
                                   portfolio=job_id)
        store.audit(operator, purpose, "watch_add", details={
            "agency_id": agency_id, "added": added, "updated": updated, "every_days": every,
            "job_id": job_id})
    return {"added": added, "updated": updated, "every_days": every}


def watch_remove(db: Path | None, *, agency: str, debtor_ids: list[str], operator: str,
                 purpose: str) -> int:
    with Store.open(resolve_db(db)) as store, store.atomic():
        agency_id = _agency(store, agency)
        removed = watch.remove(store.db.conn, agency_id, debtor_ids)
        store.audit(operator, purpose, "watch_remove",
                    details={"agency_id": agency_id, "removed": removed})
    return removed


def watch_list(db: Path | None, *, agency: str) -> list[dict[str, Any]]:
    with Store.open(resolve_db(db)) as store:
        return [e.to_dict() for e in watch.entries(store.db.conn, _agency(store, agency))]


def run(*, db: Path | None, config: Path | None, operator: str | None, purpose: str | None,
        options: PassOptions) -> PassResult:
    """One monitoring pass (``--sandbox`` is entered by the CLI around this); the operator and
    purpose default to the config's, as for ``enrich``."""
    with open_runtime(db=db, config_path=config) as rt:
        who, why = require_purpose(operator, purpose, rt.config)
        return monitor_pass(rt, replace(options, operator=who, purpose=why))


def changes(db: Path | None, *, agency: str, since: str | None, cursor: str | None,
            operator: str, purpose: str, page_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every event of the agency since ``since`` (or after ``cursor``), oldest first; the read
    is audited once with the count."""
    with Store.open(resolve_db(db)) as store:
        agency_id = _agency(store, agency)
        count = 0
        try:
            while True:
                page = feed.page(store, agency_id, since=since, cursor=cursor, limit=page_size)
                for event in page["events"]:
                    count += 1
                    yield event
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
        except (feed.BadCursor, ValueError) as exc:
            raise ConfigError(f"--since is an ISO date or time, --cursor one the feed gave "
                              f"({exc})") from exc
        finally:
            with store.atomic():
                store.audit(operator, purpose, "changes_read",
                            details={"agency_id": agency_id, "events": count, "since": since})


def webhook_add(db: Path | None, *, agency: str, url: str, allow_private: bool, operator: str,
                purpose: str, now: datetime) -> dict[str, Any]:
    """Register a receiver; its signing secret is returned this once."""
    try:
        webhooks.check_url(url, allow_private=allow_private)
    except webhooks.WebhookError as exc:
        raise ConfigError(str(exc)) from exc
    secret = webhooks.new_secret()
    with Store.open(resolve_db(db)) as store, store.atomic():
        agency_id = _agency(store, agency)
        hook_id = hook_store.add(store.db.conn, agency_id, url, secret, allow_private, now)
        store.audit(operator, purpose, "webhook_add", details={
            "webhook_id": hook_id, "agency_id": agency_id, "allow_private": allow_private})
    return {"id": hook_id, "agency": agency, "url": url, "secret": secret}


def webhook_list(db: Path | None) -> list[dict[str, Any]]:
    with Store.open(resolve_db(db)) as store:
        return [{k: v for k, v in hook.items() if k != "secret"}
                for hook in hook_store.hooks(store.db.conn)]


def webhook_remove(db: Path | None, webhook_id: int, *, operator: str, purpose: str,
                   now: datetime) -> bool:
    with Store.open(resolve_db(db)) as store, store.atomic():
        done = hook_store.remove(store.db.conn, webhook_id, now)
        store.audit(operator, purpose, "webhook_remove",
                    details={"webhook_id": webhook_id, "removed": done})
    return done


def webhook_log(db: Path | None, limit: int) -> list[dict[str, Any]]:
    with Store.open(resolve_db(db)) as store:
        return hook_store.log(store.db.conn, None, limit)


def deliver(db: Path | None, now: datetime) -> dict[str, int]:
    """Attempt the deliveries due now (retries between passes)."""
    with Store.open(resolve_db(db)) as store:
        return webhooks.deliver_due(store, now).to_dict()


__all__ = ["DEFAULT_AGENCY", "changes", "deliver", "run", "watch_add", "watch_list",
           "watch_remove", "webhook_add", "webhook_list", "webhook_log", "webhook_remove"]
