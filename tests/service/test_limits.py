"""Rate limits, body size limits and Idempotency-Key, over real HTTP.

The rate test has a service of its own with a bucket of 2 that refills once in ~17 minutes, so
the third call is refused whatever the machine's speed. The idempotency tests use the module's
generous service.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skiptrace.store import idempotency
from tests.service.conftest import Served

PERSON = {"name": "ENNACIRI Btissam Nadia", "cin": "CC114986", "city": "Fès"}


@pytest.fixture(scope="module")
def tight(serve_module: Callable[..., Served]) -> Served:
    return serve_module(rate=0.001, burst=2, max_json=1024, max_body=4096, warm=False,
                        run_batches=False)


def test_a_key_past_its_bucket_gets_429_with_retry_after(tight: Served) -> None:
    with tight.client("admin") as client:
        first, second, third = (client.get("/v1/keys") for _ in range(3))
    with tight.client("admin", agency="beta") as other:  # another key has its own bucket
        fresh = other.get("/v1/keys")
    assert (first.status_code, second.status_code, fresh.status_code) == (200, 200, 200)
    assert third.status_code == 429 and third.json()["error"]["code"] == "rate_limited"
    assert int(third.headers["Retry-After"]) >= 1
    with tight.store() as store:  # a refused call is audited too, with its status
        statuses = [e["details"].get("status") for e in store.audit_entries()
                    if e["action"] == "api"]
    assert 429 in statuses


def test_a_body_over_the_limit_is_413_before_anything_runs(tight: Served) -> None:
    big_json = {"name": "X" * 2000}
    with tight.client("case_system") as client:
        lookup = client.post("/v1/lookups", json=big_json)
        upload = client.post("/v1/batches", content=b"id;nom\n" + b"D-1;X\n" * 1000,
                             headers={"Content-Type": "text/csv"})

        def chunks() -> object:  # no Content-Length: counted as it comes
            for _ in range(10):
                yield b"D-1;X\n" * 100

        streamed = client.post("/v1/batches", content=chunks(),
                               headers={"Content-Type": "text/csv"})
    for answer in (lookup, upload, streamed):
        assert answer.status_code == 413, answer.text
        assert answer.json()["error"]["code"] == "too_large"
    assert not list((tight.db.parent / "service-batches").glob("*/portfolio.*"))


def test_the_same_key_and_body_give_the_first_answer_once(served: Served) -> None:
    with served.client("supervisor", **{"Idempotency-Key": "lookup-0001"}) as client:
        first = client.post("/v1/lookups", json=PERSON)
        again = client.post("/v1/lookups", json=PERSON)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content  # byte for byte, generated_at included
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in first.headers
    with served.store() as store:
        lookups = [e for e in store.audit_entries()
                   if e["action"] == "lookup" and e["debtor_id"] == first.json()["debtor_id"]]
    assert len(lookups) == 1  # looked up once


def test_the_same_key_with_another_body_is_422(served: Served) -> None:
    with served.client("supervisor", **{"Idempotency-Key": "lookup-0002"}) as client:
        assert client.post("/v1/lookups", json=PERSON).status_code == 200
        other = client.post("/v1/lookups", json={**PERSON, "city": "Rabat"})
        bad = client.post("/v1/lookups", json=PERSON, headers={"Idempotency-Key": "a b"})
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_idempotency_key"


def test_keys_are_per_api_key_and_uploads_are_idempotent_too(served: Served) -> None:
    portfolio = (b"id_debiteur;type;nom;prenom;cin;ville\n"
                 b"IDEM-1;personne;ALAMI;Said;JM300003;Rabat\n")
    headers = {"Idempotency-Key": "upload-1", "Content-Type": "text/csv"}
    with served.client("case_system") as client:
        first = client.post("/v1/batches", content=portfolio, headers=headers)
        again = client.post("/v1/batches", content=portfolio, headers=headers)
    with served.client("supervisor") as other_key:  # same Idempotency-Key, another API key
        separate = other_key.post("/v1/batches", content=portfolio, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.json()["batch_id"] == first.json()["batch_id"]
    assert separate.status_code == 202 and separate.json()["batch_id"] != first.json()["batch_id"]
    for batch in (first, separate):  # the batches hold the store's writer lock while they run
        assert served.service.runner.wait(batch.json()["batch_id"], 120)


def test_stored_answers_go_with_the_forgotten_debtor(served: Served) -> None:
    with served.client("supervisor", **{"Idempotency-Key": "lookup-0003"}) as client:
        profile = client.post("/v1/lookups", json={"name": "EL ALAOUI Mohamed",
                                                   "cin": "BK100001", "city": "Casablanca"})
    debtor_id = profile.json()["debtor_id"]
    with served.store() as store:
        conn = store.db.conn
        key_id = int(served.tokens[("alpha", "supervisor")].split("_")[1])
        assert idempotency.find(conn, key_id, "lookup-0003") is not None
        store.forget(debtor_id, "dpo", "erasure request")
        assert idempotency.find(conn, key_id, "lookup-0003") is None
        assert conn.execute("SELECT count(*) FROM debtor_agencies WHERE debtor_id = ?",
                            (debtor_id,)).fetchone()[0] == 0


def test_a_queued_batch_has_no_csv_yet_and_its_json_lines_are_empty(tight: Served) -> None:
    portfolio = b"id_debiteur;type;nom;prenom;cin;ville\nQ-1;personne;ALAMI;Said;JM300003;Rabat\n"
    # two calls per key at most here (the bucket of 2), so two keys of the agency
    with tight.client("case_system") as client, tight.client("supervisor") as supervisor:
        made = client.post("/v1/batches", content=portfolio, headers={"Content-Type": "text/csv"})
        batch_id = made.json()["batch_id"]
        csv_answer = client.get(f"/v1/batches/{batch_id}/results", params={"format": "csv"})
        lines = supervisor.get(f"/v1/batches/{batch_id}/results")
    assert made.status_code == 202 and made.json()["state"] == "queued"
    assert csv_answer.status_code == 409 and csv_answer.json()["error"]["code"] == "not_done"
    assert lines.status_code == 200 and lines.text == ""
