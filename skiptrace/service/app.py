"""The FastAPI application: routes under ``/v1``, errors, and the guard around every call.

Handlers are plain ``def`` (FastAPI runs them on its thread pool): the store and the enrichment
are blocking. Uploads are read by an ``async`` handler (the body) and stored on the pool too.
docs/api.md documents every route, role and error; tests/service checks them over real HTTP.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from skiptrace.service import batches, lookups, monitoring, openapi, review_api, review_web
from skiptrace.service.auth import ASSETS, AUDIT, BATCH, DEBTOR, KEYS, LOOKUP, Caller, allowed
from skiptrace.service.errors import ERRORS, ApiError, documented, not_found
from skiptrace.service.guard import Guard
from skiptrace.service.idempotency import Answer
from skiptrace.service.runtime import Service
from skiptrace.service.settings import ServiceSettings
from skiptrace.service.views import MEDIA, for_role, rendered
from skiptrace.store import tenancy

VERSION = "1"
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", pattern=r"^[\x21-\x7e]{1,200}$",
    description="the same key and body give the first answer again (printable ASCII)")]
DebtorId = Annotated[str, Path(max_length=200, description="a debtor id of your agency (ours or "
                               "your portfolio's)",
                               openapi_examples={"portfolio": {"value": "DEB-0000001"}})]
_PROFILE_JSON = {"oneOf": [openapi.ref(openapi.PROFILE), openapi.ref(openapi.CONTACTS)]}


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    warm_crawl: bool
    batch_running: bool


class DebtorOut(BaseModel):
    debtor_id: str
    debtor: dict[str, Any] = Field(description="the debtor as stored (the portfolio's row)")
    status: str | None = Field(description="the last enrichment: done, partial or failed")
    profiled_at: str | None


class Progress(BaseModel):
    total: int
    processed: int


class Counts(BaseModel):
    done: int
    partial: int
    failed: int
    rejected: int


class BatchOut(BaseModel):
    batch_id: str
    state: Literal["queued", "running", "done", "failed"]
    format: Literal["csv", "jsonl"]
    created_at: str
    started_at: str | None
    finished_at: str | None
    error: str | None
    progress: Progress
    counts: Counts


class AuditEntry(BaseModel):
    id: int
    at: str
    operator: str
    purpose: str
    action: str
    debtor_id: str | None
    target: str | None
    details: dict[str, Any]


class KeyOut(BaseModel):
    id: int
    name: str
    role: str
    agency: str
    created_at: str
    revoked_at: str | None


class NewKey(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: Literal["investigator", "case_system", "supervisor", "admin"]


class NewKeyOut(BaseModel):
    id: int
    name: str
    role: str
    agency: str
    token: str | None = Field(description="shown this once: only its hash is kept (null when "
                                          "an Idempotency-Key replays the answer)")


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _answer(answer: Answer) -> Response:
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else {}
    return Response(answer.body, answer.status, headers=headers, media_type=answer.media_type)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def create_app(settings: ServiceSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await run_in_threadpool(Service, settings)
        app.state.service = service
        try:
            yield
        finally:
            await run_in_threadpool(service.close)

    app = FastAPI(title="skiptrace", version=VERSION, lifespan=lifespan,
                  description="Skip-tracing and asset discovery for CNSS debt collection "
                              "(docs/api.md).")
    app.add_middleware(Guard, settings=settings)
    _handlers(app)
    _routes(app)

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi.extend(get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes))
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # where, never what: the input may be a CIN or a name
        where = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()]
        if any(w in ("header.x-operator", "header.x-purpose") for w in where):
            error = ApiError(400, "operator_and_purpose_required", "every call names who asks "
                             "and why (law 09-08): send X-Operator and X-Purpose")
        elif "header.Idempotency-Key" in where:
            error = ApiError(400, "bad_idempotency_key",
                             "Idempotency-Key: 1-200 printable ASCII characters")
        else:
            error = ApiError(422, "invalid_request", "the request does not validate",
                             fields=where)
        return JSONResponse(error.body(), error.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        body = {"error": {"code": code, "message": str(exc.detail)}}
        return JSONResponse(body, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crashed(_request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse({"error": {"code": "internal", "message": "internal error (logged)"}},
                            500)


def _routes(app: FastAPI) -> None:
    _lookup_routes(app)
    _batch_routes(app)
    _admin_routes(app)
    review_api.routes(app)  # the review queue and judgements (docs/review.md)
    review_web.routes(app)  # the review page under /review (docs/review.md)
    monitoring.routes(app)  # the watch list and the change feed (docs/monitoring.md)


def _lookup_routes(app: FastAPI) -> None:
    @app.get("/v1/health", response_model=Health, tags=["service"])
    def health(request: Request) -> Health:
        """Whether the service is up (no key, no personal data: for load balancers)."""
        service = _service(request)
        return Health(status="ok", version=VERSION, warm_crawl=service.warm.crawl is not None,
                      batch_running=service.runner is not None
                      and service.runner.current is not None)

    @app.post("/v1/lookups", tags=["lookups"], responses={
        200: {"description": "the profile (contacts view for investigators)",
              "content": {"application/json": {"schema": _PROFILE_JSON}}},
        404: documented("debtor_id unknown to your agency"),
        409: documented("several stored debtors match: look one up by id"),
        503: documented("no source answered"),
        **ERRORS})
    def lookup(request: Request, body: lookups.LookupRequest,
               who: Annotated[Caller, Depends(allowed(LOOKUP))],
               idempotency_key: IdempotencyKey = None) -> Response:
        """One debtor now, through every source: matched, profiled, stored."""
        service = _service(request)

        def run() -> Answer:
            profile = lookups.lookup(service.warm, body, who)
            return Answer(200, "application/json", _json(for_role(profile, who.may(ASSETS))),
                          debtor_id=profile["debtor_id"])

        answer = service.idempotency.run(who.key.id, idempotency_key, "POST /v1/lookups",
                                         "application/json",
                                         body.model_dump_json().encode(), run)
        request.state.debtor_id = answer.debtor_id or json.loads(answer.body).get("debtor_id")
        return _answer(answer)

    @app.get("/v1/debtors/{debtor_id}", response_model=DebtorOut, tags=["debtors"],
             responses={404: documented("no such debtor in your agency"),
                        **ERRORS})
    def debtor(request: Request, debtor_id: DebtorId,
               who: Annotated[Caller, Depends(allowed(DEBTOR))]) -> DebtorOut:
        """A debtor of your agency as stored, and the state of its last enrichment."""
        store = _service(request).store
        request.state.debtor_id = debtor_id
        found = store.get_debtor(debtor_id)
        if found is None or tenancy.owner(store.db.conn, debtor_id) != who.agency_id:
            raise not_found()
        profile = store.get_profile(debtor_id)
        status = None if profile is None else ("partial" if profile.get("partial") else "done")
        return DebtorOut(debtor_id=debtor_id, debtor=found.to_dict(), status=status,
                         profiled_at=profile.get("generated_at") if profile else None)

    @app.get("/v1/debtors/{debtor_id}/profile", tags=["debtors"], responses={
        200: {"description": "the stored profile",
              "content": {"application/json": {"schema": _PROFILE_JSON},
                          "text/html": {"schema": {"type": "string"}},
                          "application/graphml+xml": {"schema": {"type": "string"}}}},
        404: documented("no such debtor in your agency, or no profile yet"),
        **ERRORS})
    def profile(request: Request, debtor_id: DebtorId,
                who: Annotated[Caller, Depends(allowed(DEBTOR))],
                format: Literal["json", "html", "graphml"] = "json") -> Response:  # noqa: A002
        """The stored profile: JSON (the contract; contacts view for investigators), or the
        HTML report or GraphML graph (both show assets: not for investigators)."""
        store = _service(request).store
        request.state.debtor_id = debtor_id
        if tenancy.owner(store.db.conn, debtor_id) != who.agency_id:
            raise not_found()
        stored = store.get_profile(debtor_id)
        if stored is None:
            raise not_found("profile")
        if format == "json":
            return Response(_json(for_role(stored, who.may(ASSETS))), media_type=MEDIA["json"])
        if not who.may(ASSETS):
            raise ApiError(403, "forbidden", "the report and the graph show assets: ask for "
                           "format=json (the contacts view)")
        return Response(rendered(stored, format), media_type=MEDIA[format])


def _upload_format(request: Request, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return "jsonl" if kind in ("application/x-ndjson", "application/jsonl",
                               "application/json-lines") else "csv"


def _batch_routes(app: FastAPI) -> None:
    upload = {"requestBody": {"required": True, "content": {
        "text/csv": {"schema": {"type": "string", "minLength": 1}},
        "application/x-ndjson": {"schema": {"type": "string", "minLength": 1}}}}}

    @app.post("/v1/batches", status_code=202, response_model=BatchOut, tags=["batches"],
              openapi_extra=upload, responses={
                  409: documented("ids held by another agency"), **ERRORS})
    async def create_batch(request: Request, who: Annotated[Caller, Depends(allowed(BATCH))],
                           idempotency_key: IdempotencyKey = None,
                           format: Literal["csv", "jsonl"] | None = None) -> Response:  # noqa: A002
        """Upload a portfolio (CSV or JSON Lines, docs/portfolio.md) as the body: a batch job,
        queued; follow it with GET /v1/batches/{batch_id}."""
        service = _service(request)
        body = await request.body()
        fmt = _upload_format(request, format)

        def run() -> Answer:
            data = batches.accept(service.store, service.db, body, fmt, who)
            service.wake_batches()
            return Answer(202, "application/json", _json(data))

        answer = await run_in_threadpool(
            service.idempotency.run, who.key.id, idempotency_key, "POST /v1/batches", fmt,
            body, run)
        request.state.batch_id = json.loads(answer.body).get("batch_id")
        return _answer(answer)

    @app.get("/v1/batches/{batch_id}", response_model=BatchOut, tags=["batches"],
             responses={404: documented("no such batch in your agency"),
                        **ERRORS})
    def batch(request: Request, batch_id: str,
              who: Annotated[Caller, Depends(allowed(BATCH))]) -> dict[str, Any]:
        """State, progress and counts of a batch."""
        store = _service(request).store
        request.state.batch_id = batch_id
        return batches.public(batches.owned(store, batch_id, who), store)

    @app.get("/v1/batches/{batch_id}/results", tags=["batches"], responses={
        200: {"description": "one profile a line (as far as the batch has gone), or the "
                             "portfolio with skiptrace's columns appended (when done)",
              "content": {"application/x-ndjson": {"schema": {"type": "string"}},
                          "text/csv": {"schema": {"type": "string"}}}},
        404: documented("no such batch in your agency"),
        409: documented("format=csv before the batch is done"),
        **ERRORS})
    def results(request: Request, batch_id: str,
                who: Annotated[Caller, Depends(allowed(BATCH))],
                format: Literal["jsonl", "csv"] = "jsonl") -> StreamingResponse:  # noqa: A002
        """The batch's profiles as JSON Lines, streamed; ``format=csv``: the appended CSV
        (formula-neutralised, docs/security.md)."""
        store = _service(request).store
        request.state.batch_id = batch_id
        found = batches.owned(store, batch_id, who)
        folder = batches.folder_of(found)
        if format == "csv":
            if found["state"] != "done":
                raise ApiError(409, "not_done", "the appended CSV is written when the batch "
                               "is done: ask for format=jsonl meanwhile")
            return StreamingResponse(batches.stream_file(folder / batches.RESULTS_CSV),
                                     media_type="text/csv; charset=utf-8")
        return StreamingResponse(_whole_lines(batches.stream_file(folder / batches.PROFILES)),
                                 media_type="application/x-ndjson")


def _whole_lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Only complete lines: a line being appended while the batch runs waits for next time."""
    rest = b""
    for chunk in chunks:
        rest += chunk
        cut = rest.rfind(b"\n") + 1
        if cut:
            yield rest[:cut]
            rest = rest[cut:]


def _admin_routes(app: FastAPI) -> None:
    @app.get("/v1/audit", response_model=list[AuditEntry], tags=["audit"],
             responses={404: documented("no such debtor in your agency"),
                        **ERRORS})
    def audit(request: Request, who: Annotated[Caller, Depends(allowed(AUDIT))],
              debtor_id: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
        """Who looked up whom, when and why: your agency's debtors and keys."""
        store = _service(request).store
        if debtor_id is not None:
            request.state.debtor_id = debtor_id
            if tenancy.owner(store.db.conn, debtor_id) != who.agency_id:
                raise not_found()
        return tenancy.agency_audit(store.db.conn, who.agency_id, debtor_id, limit)

    @app.get("/v1/keys", response_model=list[KeyOut], tags=["keys"], responses=ERRORS)
    def keys(request: Request,
             who: Annotated[Caller, Depends(allowed(KEYS))]) -> list[dict[str, Any]]:
        """Your agency's keys (never a token or a hash)."""
        return tenancy.list_keys(_service(request).store.db.conn, who.agency_id)

    @app.post("/v1/keys", status_code=201, response_model=NewKeyOut, tags=["keys"],
              responses=ERRORS)
    def create_key(request: Request, body: NewKey,
                   who: Annotated[Caller, Depends(allowed(KEYS))],
                   idempotency_key: IdempotencyKey = None) -> Response:
        """A new key of your agency; its token is in this answer only."""
        service = _service(request)

        def run() -> Answer:
            with service.store.atomic():
                key, token = tenancy.create_key(service.store.db.conn, body.name, body.role,
                                                who.key.agency)
            data = {"id": key.id, "name": key.name, "role": key.role, "agency": key.agency}
            return Answer(201, "application/json", _json({**data, "token": token}),
                          kept=_json({**data, "token": None}))

        return _answer(service.idempotency.run(who.key.id, idempotency_key, "POST /v1/keys",
                                               "application/json",
                                               body.model_dump_json().encode(), run))

    @app.post("/v1/keys/{key_id}/revoke", status_code=204, tags=["keys"], responses={
        404: documented("no such key in your agency"), **ERRORS})
    def revoke_key(request: Request, key_id: int,
                   who: Annotated[Caller, Depends(allowed(KEYS))],
                   idempotency_key: IdempotencyKey = None) -> Response:
        """Revoke a key of your agency (at once: its next call is refused). Idempotent by
        nature: revoking a revoked key answers 204 again."""
        store = _service(request).store
        mine = {k["id"] for k in tenancy.list_keys(store.db.conn, who.agency_id)}
        if key_id not in mine:
            raise not_found("key")
        with store.atomic():
            tenancy.revoke_key(store.db.conn, key_id)
        return Response(status_code=204)


__all__ = ["VERSION", "create_app"]
