"""``POST /v1/lookups``: one debtor now, through the warm service (warm.py).

The order of ``skiptrace lookup`` (lookup/command.py), without its terminal: the stored debtor
the request designates, among the caller's agency's debtors only (several: 409 with the list,
nothing looked up); otherwise a new ``lookup-…`` debtor of that agency, with a random id; claimed for the agency
before anything is written; enriched; stored with its checkpoint and audit row in one
transaction. An enrichment that reached no network source is audited and answered 503, never
stored as a result.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from skiptrace.errors import ConfigError
from skiptrace.intake.lookupquery import debtor_from_options
from skiptrace.lookup.reach import reached_nothing
from skiptrace.lookup.resolve import LOOKUP_PREFIX, Candidate, by_identifier, by_name
from skiptrace.model import Debtor
from skiptrace.service.auth import Caller
from skiptrace.service.errors import ApiError, not_found
from skiptrace.service.warm import Warm
from skiptrace.store import tenancy

Short = Annotated[str | None, Field(max_length=200)]


class LookupRequest(BaseModel):
    """Whom to look up: a stored debtor by ``debtor_id``, or what is known of them (at least a
    name, CIN, ICE, RC or phone). Identifiers travel here, in the body, never in a URL."""

    model_config = ConfigDict(extra="forbid")
    debtor_id: Annotated[str | None, Field(max_length=200, description="a debtor of your agency")] = None
    name: Short = None
    kind: Literal["person", "company"] | None = None
    cin: Short = None
    ice: Short = None
    rc: Short = None
    tribunal: Short = None
    phone: Short = None
    city: Short = None
    address: Short = None
    birth_date: Annotated[str | None, Field(
        pattern=r"^(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})$",
        description="YYYY-MM-DD or DD/MM/YYYY")] = None


def _typed(request: LookupRequest) -> Debtor:
    fields = request.model_dump(exclude={"debtor_id"})
    if not any((fields.get(k) or "").strip() for k in ("name", "cin", "ice", "rc", "phone")):
        raise ApiError(422, "invalid_request", "say whom to look up: debtor_id, name, cin, ice, "
                       "rc or phone", fields=["body"])
    try:
        typed = debtor_from_options(**fields)
    except (ConfigError, ValueError) as exc:  # a date that matches the pattern yet is no date
        raise ApiError(422, "invalid_request", "birth_date is not a date",
                       fields=["body.birth_date"]) from exc
    # A new debtor's id goes in URLs: random, so it says nothing. The CLI's ``lookup-<hash>``
    # of the typed values could be brute-forced back to a CIN by whoever knows the name (a CIN
    # is ~10^9 values); the stored debtor is found again by resolve(), not by its id.
    return replace(typed, debtor_id=f"{LOOKUP_PREFIX}{secrets.token_hex(8)}")


def designated(warm: Warm, request: LookupRequest, who: Caller) -> Debtor:
    """The debtor to look up (ApiError 404 / 409 / 422 otherwise)."""
    conn = warm.store.db.conn
    if request.debtor_id is not None:
        debtor = warm.store.get_debtor(request.debtor_id)
        if debtor is None or tenancy.owner(conn, request.debtor_id) != who.agency_id:
            raise not_found()
        return debtor
    typed = _typed(request)

    def mine(candidates: list[Candidate]) -> list[Candidate]:
        return [c for c in candidates if tenancy.owner(conn, c.debtor.debtor_id) == who.agency_id]

    # resolve()'s order, on the agency's debtors only: filtering after it would let another
    # agency's portfolio debtor hide this agency's own lookup copy of the same person
    found = mine(by_identifier(warm.store, typed)) or mine(by_name(warm.store, typed))
    found = [c for c in found if not c.debtor.debtor_id.startswith(LOOKUP_PREFIX)] or found
    if len(found) > 1:
        raise ApiError(409, "ambiguous", f"{len(found)} stored debtors match: look one up by "
                       "debtor_id", candidates=[{"debtor_id": c.debtor.debtor_id,
                                                 "why": c.why} for c in found])
    return found[0].debtor if found else typed


def lookup(warm: Warm, request: LookupRequest, who: Caller) -> dict[str, Any]:
    """The debtor's fresh profile (stored); raises ApiError for what the caller must fix."""
    debtor = designated(warm, request, who)
    store = warm.store
    with store.atomic():
        if tenancy.claim(store.db.conn, [debtor.debtor_id], who.agency_id):
            raise not_found()  # an id another agency holds: as if it did not exist
    enriched = warm.enrich(debtor)
    if reached_nothing(enriched.statuses, warm.remote):
        store.audit(who.operator, who.purpose, "lookup", debtor_id=debtor.debtor_id,
                    target=debtor.audit_target(), details={"status": "unreachable"})
        raise ApiError(503, "unreachable", "no source answered: check the sources' network and "
                       "configuration (skiptrace sources check)")
    with store.atomic():
        store.upsert_debtors([debtor])
        store.checkpoint("lookups", debtor.debtor_id, enriched.status, enriched.profile,
                         enriched.stored_matches())
        store.audit(who.operator, who.purpose, "lookup", debtor_id=debtor.debtor_id,
                    target=debtor.audit_target(), details={"status": enriched.status})
    return enriched.profile


__all__ = ["LookupRequest", "designated", "lookup"]
