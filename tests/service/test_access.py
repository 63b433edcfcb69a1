"""Who may do what, over real HTTP: keys, roles, agencies, operator and purpose, the audit log.

One service for the module (tests/service/conftest.py): agencies ``alpha`` and ``beta``, a key
of every role in each, the session's sandbox as every source.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from skiptrace.intake.lookupquery import debtor_from_options
from skiptrace.profile.schema import validate as validate_profile
from skiptrace.service.views import CONTACT_KEYS
from skiptrace.store import tenancy
from tests.service.conftest import ROLES, Served

PERSON = {"name": "EL IDRISSI Omar", "cin": "G068390", "city": "Kénitra"}


@pytest.fixture(scope="module")
def looked_up(served: Served) -> dict[str, Any]:
    """A debtor of agency alpha, looked up by its supervisor (the whole profile)."""
    with served.client("supervisor") as client:
        answer = client.post("/v1/lookups", json=PERSON)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def lookup_rows(served: Served) -> list[dict[str, Any]]:
    with served.store() as store:
        return [e for e in store.audit_entries() if e["action"] == "lookup"]


def test_a_supervisor_gets_the_whole_profile_valid_against_the_contract(
        looked_up: dict[str, Any]) -> None:
    validate_profile(looked_up)
    assert looked_up["debtor_id"].startswith("lookup-")
    # our ids are opaque and random: nothing of the CIN, not even a hash of it, in a URL
    assert re.fullmatch(r"lookup-[0-9a-f]{16}", looked_up["debtor_id"])
    assert "assets" in looked_up and "view" not in looked_up


def test_an_investigator_gets_the_contacts_view_without_assets(
        served: Served, looked_up: dict[str, Any]) -> None:
    with served.client("investigator") as client:
        fresh = client.post("/v1/lookups", json=PERSON).json()
        stored = client.get(f"/v1/debtors/{looked_up['debtor_id']}/profile").json()
        report = client.get(f"/v1/debtors/{looked_up['debtor_id']}/profile",
                            params={"format": "html"})
    for view in (fresh, stored):
        assert view["view"] == "contacts"
        assert set(view) == {*CONTACT_KEYS, "view", "withheld"}
        assert {"assets", "enforcement", "graph", "companies"} <= set(view["withheld"])
    assert fresh["debtor_id"] == looked_up["debtor_id"]  # the stored debtor was found again
    assert report.status_code == 403 and report.json()["error"]["code"] == "forbidden"


def test_without_operator_or_purpose_nothing_is_looked_up(served: Served) -> None:
    before = len(lookup_rows(served))
    someone = {"name": "BENNANI Karim", "cin": "ZZ999999", "city": "Rabat"}
    with served.client("supervisor", who=False) as client:
        no_one = client.post("/v1/lookups", json=someone)
        no_why = client.post("/v1/lookups", json=someone, headers={"X-Operator": "inv-7"})
        blank = client.post("/v1/lookups", json=someone,
                            headers={"X-Operator": "inv-7", "X-Purpose": ""})
    for answer in (no_one, no_why, blank):
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["code"] == "operator_and_purpose_required"
    assert len(lookup_rows(served)) == before
    with served.store() as store:
        assert not [d for d in store.iter_debtors() if d.name == "BENNANI Karim"]


def test_no_key_or_a_wrong_one_is_401(served: Served) -> None:
    import httpx

    with httpx.Client(base_url=served.url, headers={"X-Operator": "a", "X-Purpose": "b"}) as c:
        assert c.get("/v1/keys").status_code == 401
        wrong = served.tokens[("alpha", "admin")][:-2] + "xx"
        assert c.get("/v1/keys", headers={"Authorization": f"Bearer {wrong}"}).status_code == 401
        assert c.get("/v1/keys", headers={"Authorization": "Bearer st_999_abc"}).status_code == 401


# route → the right it needs (auth.RIGHTS): what each role may and may not do
ROUTES = {
    "lookup": ("POST", "/v1/lookups", {"json": {"debtor_id": "DEB-none"}}),
    "debtor": ("GET", "/v1/debtors/DEB-none", {}),
    "batch": ("GET", "/v1/batches/b-none", {}),
    "audit": ("GET", "/v1/audit", {}),
    "keys": ("GET", "/v1/keys", {}),
}
MAY = {
    "investigator": {"lookup", "debtor"},
    "case_system": {"debtor", "batch"},
    "supervisor": {"lookup", "debtor", "batch", "audit"},
    "admin": {"lookup", "debtor", "batch", "audit", "keys"},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_what_the_matrix_says_and_nothing_else(served: Served, role: str
                                                                ) -> None:
    with served.client(role) as client:
        for right, (method, path, extra) in ROUTES.items():
            status = client.request(method, path, **extra).status_code
            if right in MAY[role]:  # allowed: past the role check (404 for these ids, or 200)
                assert status in (200, 404), (role, right, status)
            else:
                assert status == 403, (role, right, status)


def test_another_agencys_debtor_is_404_not_403(served: Served,
                                                looked_up: dict[str, Any]) -> None:
    debtor_id = looked_up["debtor_id"]
    with served.client("admin", agency="beta") as client:
        answers = [client.get(f"/v1/debtors/{debtor_id}"),
                   client.get(f"/v1/debtors/{debtor_id}/profile"),
                   client.get("/v1/audit", params={"debtor_id": debtor_id}),
                   client.post("/v1/lookups", json={"debtor_id": debtor_id})]
        unknown = client.get("/v1/debtors/DEB-never-stored")
    for answer in answers:
        assert answer.status_code == 404, answer.text
        assert answer.json() == unknown.json()  # the same answer as for nobody
    with served.client("supervisor") as alpha:  # beta's probes are not in alpha's audit view
        rows = alpha.get("/v1/audit", params={"debtor_id": debtor_id, "limit": 1000}).json()
    beta_key = int(served.tokens[("beta", "admin")].split("_")[1])
    assert rows and not [r for r in rows if r["details"].get("key_id") == beta_key]
    with served.client("admin") as client:  # alpha's own admin sees it
        assert client.get(f"/v1/debtors/{debtor_id}").status_code == 200


def test_a_lookup_in_another_agency_makes_its_own_debtor(served: Served,
                                                         looked_up: dict[str, Any]) -> None:
    with served.client("supervisor", agency="beta") as client:
        theirs = client.post("/v1/lookups", json=PERSON).json()
    assert theirs["debtor_id"] != looked_up["debtor_id"]
    with served.store() as store:
        conn = store.db.conn
        assert tenancy.owner(conn, theirs["debtor_id"]) != tenancy.owner(
            conn, looked_up["debtor_id"])


def test_every_call_is_in_the_audit_log_with_who_and_why(served: Served,
                                                         looked_up: dict[str, Any]) -> None:
    debtor_id = looked_up["debtor_id"]
    import httpx

    headers = {"Authorization": f"Bearer {served.tokens[('alpha', 'supervisor')]}",
               "X-Operator": b"sup-3", "X-Purpose": "contrôle 12".encode()}  # UTF-8 bytes
    with httpx.Client(base_url=served.url, headers=headers) as c:
        assert c.get(f"/v1/debtors/{debtor_id}").status_code == 200
        assert c.get("/v1/keys").status_code == 403
        rows = c.get("/v1/audit", params={"debtor_id": debtor_id}).json()
    with served.store() as store:
        mine = [e for e in store.audit_entries() if e["operator"] == "sup-3"]
        assert store.verify_audit()["ok"]
    routes = [(e["details"]["route"], e["details"]["status"]) for e in mine]
    assert ("/v1/debtors/{debtor_id}", 200) in routes and ("/v1/keys", 403) in routes
    assert all(e["purpose"] == "contrôle 12" and e["action"] == "api" for e in mine)
    assert any(r["action"] == "lookup" for r in rows)  # the supervisor reads the lookups


def test_a_replayed_key_creation_makes_no_second_key_and_keeps_no_token(served: Served) -> None:
    with served.client("admin", **{"Idempotency-Key": "new-key-1"}) as admin:
        made = admin.post("/v1/keys", json={"name": "crm", "role": "case_system"})
        again = admin.post("/v1/keys", json={"name": "crm", "role": "case_system"})
    assert made.status_code == again.status_code == 201
    assert again.json() == {**made.json(), "token": None}  # the same key, its token not kept
    raw = served.db.read_bytes() + served.db.with_name("store.db-wal").read_bytes()
    assert made.json()["token"].encode() not in raw


def test_a_revoked_key_is_refused_at_once(served: Served) -> None:
    with served.client("admin") as admin:
        made = admin.post("/v1/keys", json={"name": "temp", "role": "investigator"})
        assert made.status_code == 201
        token = made.json()["token"]
        listed = admin.get("/v1/keys").json()
        assert all("token" not in k and "hash" not in str(k) for k in listed)
        assert {k["agency"] for k in listed} == {"alpha"}
        import httpx

        headers = {"Authorization": f"Bearer {token}", "X-Operator": "a", "X-Purpose": "b"}
        with httpx.Client(base_url=served.url, headers=headers) as temp:
            assert temp.get("/v1/debtors/DEB-none").status_code == 404
            assert admin.post(f"/v1/keys/{made.json()['id']}/revoke").status_code == 204
            assert temp.get("/v1/debtors/DEB-none").status_code == 401
    with served.client("admin", agency="beta") as other:  # not beta's key to revoke
        assert other.post(f"/v1/keys/{made.json()['id']}/revoke").status_code == 404


def test_health_needs_no_key_and_names_no_one(served: Served) -> None:
    import httpx

    answer = httpx.get(served.url + "/v1/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["warm_crawl"] is True


def test_the_stored_profile_in_each_format(served: Served, looked_up: dict[str, Any]) -> None:
    path = f"/v1/debtors/{looked_up['debtor_id']}/profile"
    with served.client("case_system") as client:
        as_json = client.get(path)
        html = client.get(path, params={"format": "html"})
        graphml = client.get(path, params={"format": "graphml"})
        odd = client.get(path, params={"format": "pdf"})
    assert as_json.json()["debtor_id"] == looked_up["debtor_id"]
    assert html.headers["content-type"].startswith("text/html")
    assert "<html" in html.text and "EL IDRISSI" in html.text
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    assert "<graphml" in graphml.text
    assert odd.status_code == 422 and odd.json()["error"]["fields"] == ["query.format"]


def test_another_agencys_portfolio_debtor_does_not_hide_your_own_copy(served: Served) -> None:
    """resolve() prefers a portfolio debtor to lookup copies: filtered by agency only after it,
    alpha's portfolio debtor hid beta's own copy and every beta lookup made a new debtor."""
    person = {"name": "BERRADA Hamid", "cin": "EE400004", "city": "Rabat"}
    portfolio = debtor_from_options(**person)
    with served.store() as store:
        with store.atomic():
            alpha = tenancy.agency_id(store.db.conn, "alpha")
            assert alpha is not None
            tenancy.claim(store.db.conn, ["DEB-ALPHA-1"], alpha)
        store.upsert_debtors([replace(portfolio, debtor_id="DEB-ALPHA-1")])
    with served.client("investigator", agency="beta") as client:
        first = client.post("/v1/lookups", json=person).json()["debtor_id"]
        second = client.post("/v1/lookups", json=person).json()["debtor_id"]
    assert first == second != "DEB-ALPHA-1"
