"""The service's one error shape: ``{"error": {"code", "message"}}`` with the HTTP status.

A code is a stable word a case system can branch on; the message is for the person reading the
log. Messages never carry an identifier, a name or a path.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: list[str] | None = None
    candidates: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    """What every refusal and failure answers (docs/api.md, "Errors")."""

    error: ErrorDetail


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


def not_found(what: str = "debtor") -> ApiError:
    """Unknown, or another agency's: the same answer, so a key learns nothing of other agencies."""
    return ApiError(404, "not_found", f"no such {what}")


def documented(description: str) -> dict[str, Any]:
    """An error answer of one route, for the OpenAPI document."""
    return {"model": ErrorBody, "description": description}


#: the error statuses every route may answer, for the OpenAPI document
ERRORS: dict[int | str, dict[str, Any]] = {
    status: documented(text) for status, text in (
        (400, "operator or purpose missing, or a bad header (Idempotency-Key)"),
        (401, "no API key, or an unknown or revoked one"),
        (403, "the key's role may not do this"),
        (413, "request body too large"),
        (422, "the request does not validate, or an Idempotency-Key reused for another request"),
        (429, "rate limit: wait Retry-After seconds"),
    )
}


__all__ = ["ERRORS", "ApiError", "ErrorBody", "ErrorDetail", "documented", "not_found"]
