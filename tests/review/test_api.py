"""The review queue and judgements through the API, over real HTTP (tests/review/conftest.py):
the queue's band, order and isolation, judgements stored, audited and idempotent like the other
POSTs, refused for another agency or without a purpose, and honoured by the next lookup."""

from __future__ import annotations

from typing import Any

import httpx

from skiptrace.review.stake import CONTACT_KINDS
from tests.service.conftest import Served

PHONE = ("DEB-0000046", "phone_directory", "PD-679972035")  # a listing under a brand, 0.6


def queue(served: Served, role: str = "supervisor", agency: str = "alpha") -> dict[str, Any]:
    with served.client(role, agency) as client:
        answer = client.get("/v1/review")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def keyed(item: dict[str, Any]) -> tuple[str, str, str]:
    return item["debtor_id"], item["source"], item["record_id"]


def judgement(candidate: tuple[str, str, str], verdict: str, note: str = "") -> dict[str, Any]:
    debtor_id, source, record_id = candidate
    return {"debtor_id": debtor_id, "source": source, "record_id": record_id,
            "verdict": verdict, "note": note}


def links(served: Served, debtor_id: str) -> dict[tuple[str, str], float]:
    with served.client("supervisor") as client:
        profile = client.post("/v1/lookups", json={"debtor_id": debtor_id})
    assert profile.status_code == 200, profile.text
    return {(x["source"], x["record_id"]): x["probability"] for x in profile.json()["links"]}


def test_the_queue_holds_the_band_most_at_stake_first_for_its_agency_only(
        reviewed: Served) -> None:
    found = queue(reviewed)
    assert found["band"] == {"low": 0.2, "high": 0.9}
    items = found["items"]
    assert {"uncertain", "household"} <= {i["kind"] for i in items}
    for item in items:
        assert item["kind"] == "successor" or 0.2 <= item["probability"] < 0.9
        assert item["source"] != "geocoder"
        assert item["stake"] == (item["debt"] or 0) + (item["asset_value"] or 0)
    stakes = [i["stake"] for i in items]
    assert stakes == sorted(stakes, reverse=True) and stakes[0] > 0
    assert PHONE in {keyed(i) for i in items}
    assert queue(reviewed, agency="beta")["items"] == []


def test_an_investigator_sees_contact_candidates_only(reviewed: Served) -> None:
    everything = queue(reviewed)["items"]
    theirs = queue(reviewed, "investigator")["items"]
    assert any(i["record_kind"] not in CONTACT_KINDS for i in everything)
    assert theirs and all(i["record_kind"] in CONTACT_KINDS and i["kind"] != "successor"
                          for i in theirs)
    land = next(i for i in everything if i["record_kind"] == "land_title")
    with reviewed.client("investigator") as client:
        refused = client.post("/v1/judgements", json=judgement(keyed(land), "accept"))
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_a_judgement_is_stored_audited_idempotent_and_leaves_the_queue(
        reviewed: Served) -> None:
    body = judgement(PHONE, "reject", "ce n'est pas le débiteur")
    with reviewed.client("case_system", **{"Idempotency-Key": "judge-1"}) as client:
        first = client.post("/v1/judgements", json=body)
        again = client.post("/v1/judgements", json=body)
        other = client.post("/v1/judgements", json={**body, "verdict": "accept"})
    assert first.status_code == 201, first.text
    assert first.json()["verdict"] == "reject" and first.json()["judged_by"] == "inv-7"
    assert first.json()["via"].startswith("api:")
    assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert PHONE not in {keyed(i) for i in queue(reviewed)["items"]}
    with reviewed.store() as store:
        rows = [e for e in store.audit_entries(debtor_id=PHONE[0])
                if e["action"] == "judgement"]
        assert store.verify_audit()["ok"]
    assert len(rows) == 1 and rows[0]["details"]["verdict"] == "reject"
    assert rows[0]["purpose"] == "dossier CNSS 2026-0042"
    with reviewed.client("supervisor") as client:
        listed = client.get(f"/v1/debtors/{PHONE[0]}/judgements").json()
    assert [(j["record_id"], j["verdict"], j["note"]) for j in listed] == [
        (PHONE[2], "reject", "ce n'est pas le débiteur")]
    # the next run never attaches it
    assert PHONE[1:] not in links(reviewed, PHONE[0])


def test_another_agency_or_no_purpose_changes_nothing(reviewed: Served) -> None:
    target = queue(reviewed)["items"][0]
    with reviewed.client("admin", "beta") as client:
        theirs = client.post("/v1/judgements", json=judgement(keyed(target), "reject"))
        unknown = client.post("/v1/judgements", json=judgement(("DEB-nobody", "a", "b"),
                                                               "reject"))
        listed = client.get(f"/v1/debtors/{target['debtor_id']}/judgements")
    assert theirs.status_code == unknown.status_code == listed.status_code == 404
    assert theirs.json() == unknown.json()
    with reviewed.client("supervisor", who=False, **{"X-Operator": "inv-7"}) as client:
        no_purpose = client.post("/v1/judgements", json=judgement(keyed(target), "reject"))
    assert no_purpose.status_code == 400
    with reviewed.client("supervisor") as client:
        made_up = client.post("/v1/judgements", json=judgement(
            (target["debtor_id"], "phone_directory", "PD-0"), "reject"))
        bad = client.post("/v1/judgements", json={**judgement(keyed(target), "maybe")})
    assert made_up.status_code == 404 and made_up.json()["error"]["message"] == (
        "no such candidate")
    assert bad.status_code == 422
    assert keyed(target) in {keyed(i) for i in queue(reviewed)["items"]}


def test_unsure_stays_queued_with_its_note_and_accept_makes_the_record_certain(
        reviewed: Served) -> None:
    items = queue(reviewed)["items"]
    household = next(i for i in items if i["kind"] == "household")
    land = next(i for i in items if i["record_kind"] == "land_title")
    with reviewed.client("supervisor") as client:
        for item, verdict, note in ((household, "unsure", "voir le voisin"),
                                    (land, "accept", "")):
            answer = client.post("/v1/judgements", json=judgement(keyed(item), verdict, note))
            assert answer.status_code == 201, answer.text
    after = {keyed(i): i for i in queue(reviewed)["items"]}
    assert after[keyed(household)]["judgement"]["note"] == "voir le voisin"
    assert keyed(land) not in after
    assert links(reviewed, land["debtor_id"])[keyed(land)[1:]] == 1.0


def test_the_openapi_document_lists_the_review_routes(reviewed: Served) -> None:
    document = httpx.get(reviewed.url + "/openapi.json").json()
    assert {"/v1/review", "/v1/judgements", "/v1/debtors/{debtor_id}/judgements"} <= set(
        document["paths"])
