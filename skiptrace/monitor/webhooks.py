"""Webhook delivery: each change event POSTed to the agency's registered URLs, signed, retried.

**Signature** (docs/monitoring.md "Verifying a delivery"): header
``Skiptrace-Signature: t=<unix seconds>,v1=<hex>`` where ``<hex>`` is
HMAC-SHA256(secret, ``"<t>." + body``) over the exact body bytes. A receiver recomputes it with
its secret, compares in constant time, and refuses a ``t`` more than five minutes from its own
clock (a replayed old delivery); :func:`verify` is that check.

**Where it goes** (docs/security.md "Webhooks"): only URLs an admin registered on the host with
``skiptrace webhooks add`` (never a URL from an API request); ``http``/``https`` only, no user,
no fragment; redirects are not followed (a 3xx is a failed attempt); unless the admin allowed it
for that webhook, a host that resolves to a loopback, private, link-local or reserved address is
refused at registration and again before every attempt (SSRF).

**Retries**: a delivery that fails (no answer, not 2xx, refused address) is tried again after
1, 2, 4 … minutes, :data:`MAX_ATTEMPTS` times in all, then marked failed; every attempt is in the
delivery log (store/webhooks.py).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests

from skiptrace.store import Store
from skiptrace.store import changes as change_store
from skiptrace.store import webhooks as hook_store

log = logging.getLogger(__name__)
HEADER = "Skiptrace-Signature"
TOLERANCE_SECONDS = 300
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
TIMEOUT = (3.0, 10.0)
MAX_URL = 2000
Poster = Callable[[str, bytes, dict[str, str]], int]


class WebhookError(ValueError):
    """A URL that may not receive webhooks, with why."""


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: float,
           tolerance: float = TOLERANCE_SECONDS) -> bool:
    """What a receiver does: the header parses, its time is within ``tolerance`` seconds of
    ``now``, and its v1 equals our HMAC of ``"<t>." + body`` (compared in constant time)."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL if it may receive webhooks, else WebhookError (scheme, host, user, fragment,
    length, and unless ``allow_private`` where its host resolves)."""
    if len(url) > MAX_URL:
        raise WebhookError(f"the URL is longer than {MAX_URL} characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError("a webhook URL is http:// or https:// with a host")
    if parts.username or parts.password or parts.fragment:
        raise WebhookError("a webhook URL carries no user, password or fragment")
    if not allow_private:
        refused = private_address(parts.hostname, parts.port or (443 if parts.scheme == "https"
                                                                  else 80))
        if refused:
            raise WebhookError(f"the host resolves to {refused}, a loopback, private, "
                               "link-local or reserved address: refused (--allow-private for "
                               "a receiver on your own network)")
    return url


def private_address(host: str, port: int) -> str | None:
    """The first non-public address ``host`` resolves to, or None (all public). A name that
    does not resolve is refused too."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return "nothing (it does not resolve)"
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            return str(address)
    return None


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """One attempt: the status code (redirects not followed)."""
    answer = requests.post(url, data=body, headers=headers, timeout=TIMEOUT,
                           allow_redirects=False)
    answer.close()
    return answer.status_code


def body_of(event: dict[str, Any], delivery_id: int) -> bytes:
    """What is POSTed: the event as the feed shows it, and the delivery's id (receivers
    de-duplicate on ``event.id``: a retried delivery may arrive twice)."""
    from skiptrace.monitor.feed import public_event

    return json.dumps({"delivery_id": delivery_id, "event": public_event(event)},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass
class Delivered:
    """What a delivery run did; ``postponed``: not attempted because their receiver had just
    failed (a receiver that hangs costs one timeout per run, not one per event)."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    postponed: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"delivered": self.delivered, "retrying": self.retrying, "failed": self.failed,
                "postponed": self.postponed}


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes."""
    return FIRST_RETRY * (2 ** max(0, attempts - 1))


def deliver_due(store: Store, now: datetime, *, send: Poster = post,
                limit: int = 1000) -> Delivered:
    """Attempt every delivery due at ``now`` once; record each attempt in the log."""
    result = Delivered()
    conn = store.db.conn
    failing: set[int] = set()  # a receiver that failed once is not tried again in this run
    for delivery in hook_store.due(conn, now, limit):
        if delivery["webhook_id"] in failing:
            result.postponed += 1
            continue
        hook = hook_store.hook(conn, delivery["webhook_id"])
        event = change_store.get(conn, delivery["event_id"])
        status, error = _attempt(hook, event, delivery["id"], now, send)
        attempts = delivery["attempts"] + 1
        if status is not None and 200 <= status < 300:
            state, later = "delivered", None
            result.delivered += 1
        elif attempts >= MAX_ATTEMPTS or hook is None or event is None:
            state, later = "failed", None
            result.failed += 1
        else:
            state, later = "pending", now + backoff(attempts)
            result.retrying += 1
            failing.add(delivery["webhook_id"])
        with store.atomic():
            hook_store.attempted(conn, delivery["id"], state=state, now=now, next_attempt=later,
                                 status=status, error=error)
    return result


def _attempt(hook: dict[str, Any] | None, event: dict[str, Any] | None, delivery_id: int,
             now: datetime, send: Poster) -> tuple[int | None, str | None]:
    if hook is None or hook["removed_at"] is not None:
        return None, "webhook removed"
    if event is None:
        return None, "event erased"
    try:
        check_url(hook["url"], allow_private=bool(hook["allow_private"]))
    except WebhookError as exc:
        return None, str(exc)[:200]
    body = body_of(event, delivery_id)
    timestamp = int(time.time())  # the real clock, whatever `now` the pass was given
    headers = {"Content-Type": "application/json", HEADER: sign(hook["secret"], timestamp, body),
               "User-Agent": "skiptrace-webhooks"}
    try:
        status = send(hook["url"], body, headers)
    except requests.RequestException as exc:
        log.warning("webhook %s: %s", hook["id"], type(exc).__name__)
        return None, type(exc).__name__
    return status, None if 200 <= status < 300 else f"HTTP {status}"


__all__ = ["HEADER", "MAX_ATTEMPTS", "Delivered", "WebhookError", "backoff", "body_of",
           "check_url", "deliver_due", "new_secret", "post", "private_address", "sign", "verify"]
