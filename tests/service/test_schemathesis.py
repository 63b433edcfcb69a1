"""The OpenAPI document fuzzed with schemathesis: no 5xx, and every answer (status, content
type, headers, body) matches what the document says.

Bounded and deterministic: ``MAX_EXAMPLES`` per operation, ``derandomize`` (the same examples
on every run), no example database. The service is the module's own, with an admin key of
agency alpha (every right), batches queued but never run (the fuzzed portfolios would only
cost time), and the session's sandbox behind lookups.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from skiptrace.model import Debtor
from skiptrace.service.app import create_app
from skiptrace.service.settings import ServiceSettings
from skiptrace.store import tenancy
from tests.service.conftest import WHO, Served

MAX_EXAMPLES = 12
EXAMPLE = "DEB-0000001"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def fuzzed(serve_module: Callable[..., Served]) -> Served:
    """With the document's example debtor (DEB-0000001) stored and profiled for alpha, so that
    the examples reach stored data, not only 404s."""
    served = serve_module(run_batches=False)
    with served.store() as store:
        store.upsert_debtors([Debtor(debtor_id=EXAMPLE, kind="person", name="ENNACIRI Btissam",
                                     city="Fès")])
        with store.atomic():
            store.db.conn.execute("UPDATE debtor_agencies SET agency_id = ? WHERE debtor_id = ?",
                                  (tenancy.agency_id(store.db.conn, "alpha"), EXAMPLE))
    with served.client("admin") as client:
        assert client.post("/v1/lookups", json={"debtor_id": EXAMPLE}).status_code == 200
    return served


def document() -> dict[str, Any]:
    """The document the app serves at /openapi.json (made without starting it)."""
    return dict(create_app(ServiceSettings(db=Path("unused.db"))).openapi())


schema = schemathesis.openapi.from_dict(document())


@schemathesis.serializer("application/x-ndjson")
def _json_lines(_ctx: Any, value: Any) -> bytes:
    """A JSON Lines upload as the fuzzer makes one: its generated text, as UTF-8."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_document(case: Any, fuzzed: Served) -> None:
    token = fuzzed.tokens[("alpha", "admin")]
    # who and why fixed (a blank one is refused first: tests/service/test_access.py)
    headers = {"Authorization": f"Bearer {token}", **WHO}
    case.call_and_validate(base_url=fuzzed.url, headers=headers, checks=CHECKS, timeout=60)


def test_the_document_carries_the_profile_contract(fuzzed: Served) -> None:
    served = httpx.get(fuzzed.url + "/openapi.json").json()
    assert served == document()
    schemas = served["components"]["schemas"]
    assert {"Profile", "ContactsProfile", "Profile_asset", "ErrorBody"} <= set(schemas)
    assert "assets" not in schemas["ContactsProfile"]["properties"]
    assert set(served["paths"]) >= {"/v1/lookups", "/v1/batches", "/v1/health",
                                      "/v1/debtors/{debtor_id}/profile"}
    # no identifier travels in a URL: the only path parameters are our own opaque ids
    params = {p["name"] for item in served["paths"].values() for op in item.values()
              for p in op.get("parameters", []) if p["in"] in ("path", "query")}
    # (the change feed's since, a time, and cursor, an opaque id of our making: issue 20)
    assert params <= {"debtor_id", "batch_id", "key_id", "format", "limit", "since", "cursor"}
