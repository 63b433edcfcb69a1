"""Monitoring over HTTP (issue 20, docs/api.md "Monitoring"): the agency's watch list and its
change feed. Webhooks are not here: a URL never comes from a request (docs/security.md); an
admin registers them on the host (``skiptrace webhooks add``).

Rights: the watch list is portfolio management, like batches (``batch``: case system,
supervisor, admin); the feed is read with ``debtor``, and an investigator's feed keeps only
address and phone events (the contacts view: no assets, companies or segments).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from pydantic import BaseModel, Field

from skiptrace.monitor import diff, feed
from skiptrace.monitor.schedule import DEFAULT_SCHEDULE, period_days
from skiptrace.service.auth import ASSETS, BATCH, DEBTOR, Caller, allowed
from skiptrace.service.errors import ERRORS, ApiError, documented, not_found
from skiptrace.store import tenancy, watch


class WatchIn(BaseModel):
    debtor_ids: list[str] = Field(min_length=1, max_length=10_000,
                                  description="debtor ids of your agency")
    schedule: str = Field(DEFAULT_SCHEDULE, max_length=20,
                          description="daily, weekly, monthly, quarterly or N days ('14d')")


class WatchAdded(BaseModel):
    added: int
    updated: int
    every_days: int


class WatchEntry(BaseModel):
    debtor_id: str
    every_days: int
    portfolio: str | None
    added_at: str
    next_due: str
    last_run: str | None
    last_outcome: str | None = Field(description="compared, first, deferred (a source failed: "
                                                 "nothing compared) or unknown")


class ChangeEvent(BaseModel):
    id: int
    debtor_id: str
    type: str = Field(description="one of " + ", ".join(diff.TYPES))
    key: str
    evidence: dict[str, Any]
    detected_at: str
    run_id: str


class ChangesPage(BaseModel):
    events: list[ChangeEvent]
    next_cursor: str = Field(description="opaque: send it back as cursor for what follows")
    has_more: bool


def routes(app: FastAPI) -> None:
    @app.get("/v1/watch", response_model=list[WatchEntry], tags=["monitoring"],
             responses=ERRORS)
    def watch_list(request: Request,
                   who: Annotated[Caller, Depends(allowed(BATCH))]) -> list[dict[str, Any]]:
        """Your agency's watch list: each debtor's period, next due time and last outcome."""
        store = request.app.state.service.store
        return [e.to_dict() for e in watch.entries(store.db.conn, who.agency_id)]

    @app.post("/v1/watch", response_model=WatchAdded, tags=["monitoring"], responses={
        404: documented("a debtor id unknown to your agency (nothing added)"),
        **ERRORS})
    def watch_add(request: Request, body: WatchIn,
                  who: Annotated[Caller, Depends(allowed(BATCH))]) -> dict[str, Any]:
        """Watch debtors of your agency (ids in the body): due at once, then on the schedule."""
        try:
            every = period_days(body.schedule)
        except ValueError as exc:
            raise ApiError(422, "invalid_request", str(exc), fields=["body.schedule"]) from exc
        store = request.app.state.service.store
        ids = list(dict.fromkeys(body.debtor_ids))
        with store.atomic():
            if any(tenancy.owner(store.db.conn, i) != who.agency_id for i in ids):
                raise not_found()
            added, updated = watch.add(store.db.conn, who.agency_id, ids, every,
                                       who.operator,
                                       datetime.now(UTC))
        return {"added": added, "updated": updated, "every_days": every}

    @app.delete("/v1/watch/{debtor_id}", status_code=204, tags=["monitoring"], responses={
        404: documented("not on your agency's watch list"), **ERRORS})
    def watch_remove(request: Request, debtor_id: Annotated[str, Path(max_length=200)],
                     who: Annotated[Caller, Depends(allowed(BATCH))]) -> Response:
        """Stop watching a debtor (its events stay until it is forgotten)."""
        store = request.app.state.service.store
        request.state.debtor_id = debtor_id
        with store.atomic():
            if not watch.remove(store.db.conn, who.agency_id, [debtor_id]):
                raise not_found("watched debtor")
        return Response(status_code=204)

    @app.get("/v1/changes", response_model=ChangesPage, tags=["monitoring"], responses={
        422: documented("since is not an ISO time, or the cursor is not one we gave"),
        **{k: v for k, v in ERRORS.items() if k != 422}})
    def changes(request: Request, who: Annotated[Caller, Depends(allowed(DEBTOR))],
                since: Annotated[str | None, Query(max_length=40, description=(
                    "events detected at or after this ISO time"))] = None,
                cursor: Annotated[str | None, Query(max_length=64, description=(
                    "the next_cursor of the page before"))] = None,
                limit: Annotated[int, Query(ge=1, le=feed.MAX_LIMIT)] = 100) -> dict[str, Any]:
        """Your agency's change events, oldest first, a page at a time (docs/monitoring.md)."""
        store = request.app.state.service.store
        types = None if who.may(ASSETS) else diff.CONTACT_TYPES
        try:
            return feed.page(store, who.agency_id, since=since, cursor=cursor, limit=limit,
                             types=types)
        except ValueError as exc:  # BadCursor too
            raise ApiError(422, "invalid_request", "since is an ISO time; cursor is a "
                           "next_cursor this service gave", fields=["query"]) from exc


__all__ = ["routes"]
