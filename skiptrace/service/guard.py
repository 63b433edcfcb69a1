"""Around every call: the body size limit, then (once the answer is sent) the audit row.

A pure ASGI middleware, so that a streamed answer (batch results) is audited once it has been
sent, with its status. The body is read here, at most the limit (a Content-Length above it is
refused before reading), and handed to the application as one message.

Every call made with a valid key, operator and purpose is written to the audit log (action
``api``: method, route, status, key, agency; the debtor or batch it concerned), refused ones
included (403, 404, 429). Calls refused before a key and purpose were known (400, 401, 413) have
nobody to name and are not: the access log counts them. ``GET /v1/health`` names nobody.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from skiptrace.service.settings import ServiceSettings

log = logging.getLogger(__name__)
_TOO_LARGE = (b'{"error":{"code":"too_large","message":"request body too large"}}')


class Guard:
    def __init__(self, app: ASGIApp, settings: ServiceSettings) -> None:
        self.app = app
        self.settings = settings

    def limit(self, path: str) -> int:
        return self.settings.max_body if path.startswith("/v1/batches") else self.settings.max_json

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope.get("path", ""))
        body = await _read(scope, receive, limit)
        if body is None:
            await _refuse(send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: the disconnect, when it comes

        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, replay, watch)
        finally:
            await self._audit(scope, status)

    async def _audit(self, scope: Scope, status: int) -> None:
        state: dict[str, Any] = scope.get("state") or {}  # what the routes left on the request
        who = state.get("caller")
        service = getattr(getattr(scope.get("app"), "state", None), "service", None)
        if who is None or service is None:
            return
        route = getattr(scope.get("route"), "path", None) or scope.get("path", "")
        details = {"method": scope.get("method"), "route": route, "status": status,
                   "key_id": who.key.id, "agency_id": who.agency_id}
        if state.get("batch_id"):
            details["batch_id"] = state["batch_id"]
        try:
            await run_in_threadpool(service.store.audit, who.operator, who.purpose, "api",
                                    state.get("debtor_id"), None, details)
        except Exception:  # an audit failure is loud in the log; the answer has gone already
            log.exception("could not write the audit row of a call")


async def _read(scope: Scope, receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None when it is over ``limit`` bytes."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                if int(value) > limit:
                    return None
            except ValueError:
                return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _refuse(send: Send) -> None:
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(_TOO_LARGE)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": _TOO_LARGE})
