"""The review queue and judgements for case systems: ``/v1/review`` and ``/v1/judgements``.

The same rules as every other route (docs/api.md): an API key, X-Operator and X-Purpose, the
caller's agency only (another agency's debtor is 404), one ``api`` audit row per call, and
POSTs idempotent by ``Idempotency-Key``. A judgement also writes its own ``judgement`` audit row
(who, why, verdict, the note's hash) and is honoured by every later run (docs/review.md).
Investigators see and judge contact candidates only; asset candidates need a role that sees
assets (review/queue.py).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from skiptrace.review import queue
from skiptrace.review.decide import UnknownCandidate, candidate_kind, decide
from skiptrace.review.stake import CONTACT_KINDS
from skiptrace.service.auth import ASSETS, DEBTOR, Caller, allowed
from skiptrace.service.errors import ERRORS, ApiError, documented, not_found
from skiptrace.service.idempotency import Answer
from skiptrace.service.runtime import Service
from skiptrace.store import judgements as stored
from skiptrace.store import tenancy
from skiptrace.store.judgements import NOTE_MAX

IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", pattern=r"^[\x21-\x7e]{1,200}$",
    description="the same key and body give the first answer again (printable ASCII)")]


class JudgementIn(BaseModel):
    """A person's decision on one candidate record of one debtor, named by the record's source
    and the source's own id (it holds when the record is fetched again)."""

    model_config = ConfigDict(extra="forbid")
    debtor_id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=100, examples=["phone_directory"])
    record_id: str = Field(min_length=1, max_length=200, examples=["PD-679972035"])
    verdict: Literal["accept", "reject", "unsure"]
    note: str = Field(default="", max_length=NOTE_MAX)


class JudgementOut(BaseModel):
    debtor_id: str
    source: str
    record_id: str
    verdict: Literal["accept", "reject", "unsure"]
    note: str
    judged_by: str
    via: str
    judged_at: str


class ItemJudgement(BaseModel):
    verdict: Literal["accept", "reject", "unsure"]
    note: str
    judged_by: str
    judged_at: str


class ReviewItem(BaseModel):
    item: str = Field(description="the item's opaque id (the review page's URLs)")
    kind: Literal["uncertain", "household", "successor"]
    debtor_id: str
    debtor_name: str
    source: str
    record_id: str
    record_kind: str
    candidate: str
    probability: float
    debt: float | None
    asset_value: float | None
    stake: float = Field(description="the debt plus the asset's value (mid, MAD): the order")
    judgement: ItemJudgement | None = Field(description="an unsure judgement and its note")


class ReviewBand(BaseModel):
    low: float
    high: float


class ReviewQueue(BaseModel):
    band: ReviewBand
    total: int
    items: list[ReviewItem]


def band(service: Service) -> queue.Band:
    config = service.warm.config
    return queue.Band(config.review_low, config.review_high)


def sees(who_may_assets: bool) -> frozenset[str] | None:
    """The record kinds a role may judge (None: all)."""
    return None if who_may_assets else CONTACT_KINDS


def routes(app: FastAPI) -> None:
    @app.get("/v1/review", response_model=ReviewQueue, tags=["review"], responses=ERRORS)
    def review(request: Request, who: Annotated[Caller, Depends(allowed(DEBTOR))],
               limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
        """What waits for a person in your agency, most at stake first (docs/review.md)."""
        service: Service = request.app.state.service
        items = queue.build(service.store.db.conn, who.agency_id, band(service),
                            assets=who.may(ASSETS))
        return {"band": {"low": band(service).low, "high": band(service).high},
                "total": len(items), "items": [i.to_dict() for i in items[:limit]]}

    @app.post("/v1/judgements", status_code=201, response_model=JudgementOut, tags=["review"],
              responses={404: documented("no such debtor in your agency, or no such "
                                         "candidate of it"), **ERRORS})
    def judge(request: Request, body: JudgementIn,
              who: Annotated[Caller, Depends(allowed(DEBTOR))],
              idempotency_key: IdempotencyKey = None) -> Response:
        """Accept, reject or mark unsure one candidate of a debtor: stored, audited, and
        honoured by every later run (a rejected record is never attached to that debtor
        again; an accepted one is certain)."""
        service: Service = request.app.state.service
        request.state.debtor_id = body.debtor_id

        def run() -> Answer:
            store = service.store
            if tenancy.owner(store.db.conn, body.debtor_id) != who.agency_id:
                raise not_found()
            try:
                made = decide(store, body.debtor_id, body.source, body.record_id, body.verdict,
                              body.note, by=who.operator, purpose=who.purpose,
                              via=f"api:{who.key.id}", sees=sees(who.may(ASSETS)))
            except UnknownCandidate as exc:
                raise not_found("candidate") from exc
            except ValueError as exc:
                raise ApiError(422, "invalid_request", str(exc), fields=["body"]) from exc
            return Answer(201, "application/json", _json(made.to_dict()),
                          debtor_id=body.debtor_id)

        answer = service.idempotency.run(who.key.id, idempotency_key, "POST /v1/judgements",
                                         "application/json", body.model_dump_json().encode(),
                                         run)
        headers = {"Idempotent-Replayed": "true"} if answer.replayed else {}
        return Response(answer.body, answer.status, headers=headers,
                        media_type=answer.media_type)

    @app.get("/v1/debtors/{debtor_id}/judgements", response_model=list[JudgementOut],
             tags=["review"], responses={404: documented("no such debtor in your agency"),
                                         **ERRORS})
    def judgements(request: Request, debtor_id: str,
                   who: Annotated[Caller, Depends(allowed(DEBTOR))]) -> list[dict[str, Any]]:
        """The judgements on a debtor's candidates (the last per candidate; the audit log has
        every one)."""
        service: Service = request.app.state.service
        request.state.debtor_id = debtor_id
        if tenancy.owner(service.store.db.conn, debtor_id) != who.agency_id:
            raise not_found()
        kinds = sees(who.may(ASSETS))
        conn = service.store.db.conn
        out = []
        for j in stored.of_debtor(conn, debtor_id):
            if kinds is None or candidate_kind(conn, debtor_id, j.source, j.record_id) in kinds:
                out.append(j.to_dict())
        return out


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


__all__ = ["JudgementIn", "band", "routes", "sees"]
