"""Who calls, in which role, for which agency, and why: settled before any route runs.

Every route depends on :func:`caller` (through :func:`allowed`): the API key (``Authorization:
Bearer st_…``), then the operator and purpose headers (law 09-08: refused without them, before
anything is looked up), then the key's rate limit, then the role's right to the route. The caller
is left on the request for the audit middleware, which writes one audit row per call.

The roles matrix (docs/api.md): DOMAIN.md 8.2 asks to "restrict who sees asset data"; an
investigator locates and contacts debtors, so their profiles are the contacts view (no assets,
values, enforcement, companies or graph); the case system, supervisors and admins get the whole
profile, the contract of schema/profile.schema.json.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from skiptrace.service.errors import ApiError
from skiptrace.store import tenancy

LOOKUP, DEBTOR, BATCH, AUDIT, KEYS, ASSETS = "lookup", "debtor", "batch", "audit", "keys", "assets"
RIGHTS: dict[str, frozenset[str]] = {
    "investigator": frozenset({LOOKUP, DEBTOR}),
    "case_system": frozenset({BATCH, DEBTOR, ASSETS}),
    "supervisor": frozenset({LOOKUP, DEBTOR, BATCH, ASSETS, AUDIT}),
    "admin": frozenset({LOOKUP, DEBTOR, BATCH, ASSETS, AUDIT, KEYS}),
}
_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
bearer = HTTPBearer(auto_error=False, description="an API key made by `skiptrace keys create`")


@dataclass(frozen=True)
class Caller:
    key: tenancy.ApiKey
    operator: str
    purpose: str

    def may(self, right: str) -> bool:
        return right in RIGHTS.get(self.key.role, frozenset())

    @property
    def agency_id(self) -> int:
        return self.key.agency_id


def _utf8(value: str) -> str:
    """A header as its sender wrote it: HTTP hands over bytes (latin-1 to Starlette), and a
    French purpose comes as UTF-8 ("contrôle" is not "contrÃ´le" in the audit log)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _who(value: str | None, header: str) -> str:
    text = _utf8(value or "").strip()
    if not text or not _TEXT.match(text):
        raise ApiError(400, "operator_and_purpose_required",
                       f"every call names who asks and why (law 09-08): send {header} "
                       "(1-200 printable characters)")
    return text


def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    x_operator: Annotated[str, Header(description="who asks: the person or system operator")],
    x_purpose: Annotated[str, Header(description="why: the file or mandate, e.g. 'dossier "
                                                 "CNSS 2026-0042'")],
) -> Caller:
    service = request.app.state.service
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "unauthenticated", "send an API key: Authorization: Bearer st_…",
                       headers={"WWW-Authenticate": "Bearer"})
    key = service.check_token(credentials.credentials)
    if key is None:
        raise ApiError(401, "unauthenticated", "unknown or revoked API key",
                       headers={"WWW-Authenticate": "Bearer"})
    who = Caller(key, _who(x_operator, "X-Operator"), _who(x_purpose, "X-Purpose"))
    request.state.caller = who
    wait = service.buckets.take(key.id)
    if wait:
        raise ApiError(429, "rate_limited", "too many requests for this key",
                       headers={"Retry-After": str(max(1, round(wait + 0.5)))})
    return who


def allowed(right: str) -> Callable[..., Caller]:
    """A dependency: the caller, if their role has ``right`` (else 403)."""
    def check(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if not who.may(right):
            raise ApiError(403, "forbidden", f"the role {who.key.role} may not do this")
        return who
    return check


__all__ = ["ASSETS", "AUDIT", "BATCH", "DEBTOR", "KEYS", "LOOKUP", "RIGHTS", "Caller", "allowed",
           "caller"]
