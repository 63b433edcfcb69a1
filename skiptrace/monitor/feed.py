"""The change feed: an agency's events in the order they were found, page by page.

A page ends with ``next_cursor``, an opaque string: give it back as ``cursor`` for the events
after that page (none is missed or repeated, whatever is detected meanwhile: event ids only
grow). Clients must not parse it; today it carries the last event id, base64url-encoded with a
version prefix, so that its form can change without breaking anyone who treats it as opaque.
``since`` (an ISO time) keeps only events detected at or after it.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from skiptrace.store import Store
from skiptrace.store import changes as change_store

CURSOR_PREFIX = "c1."
MAX_LIMIT = 1000
PUBLIC = ("id", "debtor_id", "type", "key", "evidence", "detected_at", "run_id")


class BadCursor(ValueError):
    """A cursor this service did not make."""


def encode(after_id: int) -> str:
    raw = f"after:{after_id}".encode("ascii")
    return CURSOR_PREFIX + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not cursor.startswith(CURSOR_PREFIX) or len(cursor) > 64:
        raise BadCursor("the cursor is not one this service gave")
    text = cursor[len(CURSOR_PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        kind, _, number = raw.partition(":")
        after = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("the cursor is not one this service gave") from exc
    if kind != "after" or after < 0:
        raise BadCursor("the cursor is not one this service gave")
    return after


def since_text(since: str | datetime | None) -> str | None:
    """``since`` as the store compares it (ISO, UTC, to the second); ValueError if unreadable."""
    if since is None or since == "":
        return None
    when = since if isinstance(since, datetime) else datetime.fromisoformat(since)
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


def public_event(event: dict[str, Any]) -> dict[str, Any]:
    """An event as clients see it (no agency id: a key sees its own agency's only)."""
    return {name: event[name] for name in PUBLIC}


def page(store: Store, agency_id: int, *, since: str | datetime | None = None,
         cursor: str | None = None, limit: int = 100,
         types: frozenset[str] | None = None) -> dict[str, Any]:
    """One page of the agency's events: ``events``, ``next_cursor``, ``has_more``."""
    after = decode(cursor)
    limit = max(1, min(limit, MAX_LIMIT))
    rows = change_store.page(store.db.conn, agency_id, after_id=after, since=since_text(since),
                             types=types, limit=limit + 1)
    events = [public_event(e) for e in rows[:limit]]
    last = events[-1]["id"] if events else after
    return {"events": events, "next_cursor": encode(last), "has_more": len(rows) > limit}


__all__ = ["MAX_LIMIT", "BadCursor", "decode", "encode", "page", "public_event", "since_text"]
