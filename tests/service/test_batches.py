"""Batches through the API: upload, state, results as JSON Lines and CSV, agencies, erasure.

The module's service runs the batches on its worker thread against the session's sandbox; a
test waits for a batch through the runner (same process), as a client would poll its state.
"""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from skiptrace.profile.schema import validate as validate_profile
from tests.service.conftest import Served

ROWS = 6
FORMULA = "=1+2"


def portfolio_csv(world: Path, rows: int, formula: bool = True) -> bytes:
    lines = (world / "portfolio.csv").read_text("utf-8").splitlines()
    head, body = lines[0], lines[1:rows + 1]
    if formula:  # an address a spreadsheet would evaluate
        cells = body[0].split(";")
        cells[head.split(";").index("adresse")] = FORMULA
        body[0] = ";".join(cells)
    return ("\n".join([head, *body]) + "\n").encode("utf-8")


def ids_of(data: bytes) -> list[str]:
    return [line.split(";")[0] for line in data.decode().splitlines()[1:]]


@pytest.fixture(scope="module")
def batch(served: Served, sandbox_world: Path) -> dict[str, Any]:
    """A finished batch of the world's first rows, uploaded by alpha's case system."""
    body = portfolio_csv(sandbox_world, ROWS)
    with served.client("case_system") as client:
        made = client.post("/v1/batches", content=body, headers={"Content-Type": "text/csv"})
    assert made.status_code == 202, made.text
    assert made.json()["state"] == "queued" and made.json()["progress"]["total"] == ROWS
    batch_id = made.json()["batch_id"]
    assert served.service.runner.wait(batch_id, 300)
    return {"id": batch_id, "body": body, "ids": ids_of(body)}


def test_a_batch_runs_to_done_with_its_counts(served: Served, batch: dict[str, Any]) -> None:
    with served.client("case_system") as client:
        state = client.get(f"/v1/batches/{batch['id']}").json()
    assert state["state"] == "done", state
    assert state["progress"] == {"total": ROWS, "processed": ROWS}
    counts = state["counts"]
    assert counts["done"] + counts["partial"] + counts["failed"] == ROWS
    assert counts["done"] >= 1


def test_results_stream_as_json_lines_one_profile_per_debtor(served: Served,
                                                             batch: dict[str, Any]) -> None:
    with served.client("case_system") as client:
        answer = client.get(f"/v1/batches/{batch['id']}/results")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    profiles = [json.loads(line) for line in answer.text.splitlines()]
    assert sorted(p["debtor_id"] for p in profiles) == sorted(batch["ids"])
    for profile in profiles:
        validate_profile(profile)


def test_the_appended_csv_is_formula_neutralised(served: Served, batch: dict[str, Any]) -> None:
    with served.client("case_system") as client:
        answer = client.get(f"/v1/batches/{batch['id']}/results", params={"format": "csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.text), delimiter=";"))
    assert [r[0] for r in rows[1:]] == batch["ids"]
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells


def test_the_upload_is_private_with_a_name_of_our_making(served: Served,
                                                         batch: dict[str, Any]) -> None:
    folder = served.db.parent / "service-batches" / batch["id"]
    upload = folder / "portfolio.csv"
    assert upload.read_bytes() == batch["body"]
    assert stat.S_IMODE(upload.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with served.store() as store:
        kinds = {Path(f["path"]).name: f["kind"] for f in store.registered_files()
                 if f["job_id"] == f"service-{batch['id']}"}
    assert kinds["portfolio.csv"] == "upload_csv"
    assert {"profiles.jsonl", "results.csv"} <= set(kinds)


def test_another_agency_sees_no_batch_and_cannot_take_its_ids(
        served: Served, batch: dict[str, Any]) -> None:
    with served.client("case_system", agency="beta") as other:
        status = other.get(f"/v1/batches/{batch['id']}")
        results = other.get(f"/v1/batches/{batch['id']}/results")
        unknown = other.get("/v1/batches/b-0000000000000000")
        taken = other.post("/v1/batches", content=batch["body"],
                           headers={"Content-Type": "text/csv"})
        debtor = other.get(f"/v1/debtors/{batch['ids'][1]}")
    assert status.status_code == results.status_code == debtor.status_code == 404
    assert status.json() == unknown.json()
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "ids_taken"
    folders = list((served.db.parent / "service-batches").iterdir())
    assert all((f / "portfolio.csv").exists() or (f / "portfolio.jsonl").exists()
               for f in folders)  # the refused upload left no file behind


def test_a_json_lines_portfolio_is_accepted(served: Served) -> None:
    rows = [{"id_debiteur": "JL-1", "type": "personne", "nom": "ALAMI", "prenom": "Said",
             "cin": "JM300003", "ville": "Rabat"},
            {"id_debiteur": "JL-2", "type": "societe", "raison_sociale": "NOUR TRADING SA",
             "ice": "000000202000075", "ville": "Casablanca"}]
    body = "".join(json.dumps(r) + "\n" for r in rows).encode()
    with served.client("case_system") as client:
        made = client.post("/v1/batches", content=body,
                           headers={"Content-Type": "application/x-ndjson"})
        assert made.status_code == 202, made.text
        assert made.json()["format"] == "jsonl" and made.json()["progress"]["total"] == 2
        assert served.service.runner.wait(made.json()["batch_id"], 300)
        lines = client.get(f"/v1/batches/{made.json()['batch_id']}/results").text.splitlines()
    assert sorted(json.loads(line)["debtor_id"] for line in lines) == ["JL-1", "JL-2"]
    upload = served.db.parent / "service-batches" / made.json()["batch_id"] / "portfolio.jsonl"
    with served.store() as store:  # forget reaches a JSON Lines upload too
        store.forget("JL-1", "dpo", "erasure request")
    kept = upload.read_text("utf-8")
    assert "JL-1" not in kept and "JM300003" not in kept and "JL-2" in kept


def test_bad_uploads_are_422_with_the_reason(served: Served) -> None:
    with served.client("case_system") as client:
        empty = client.post("/v1/batches", content=b"", headers={"Content-Type": "text/csv"})
        nothing = client.post("/v1/batches", content=b"id_debiteur;nom\n",
                              headers={"Content-Type": "text/csv"})
        # found by schemathesis's stateful phase: the intake's own refusal was a 500
        unreadable = client.post("/v1/batches", content=b"id_debiteur;n\rom\nD-1;X\n",
                                 headers={"Content-Type": "text/csv"})
        workbook = client.post("/v1/batches", content=b"PK\x03\x04" + b"\x00" * 64,
                               headers={"Content-Type": "text/csv"})
    assert empty.status_code == nothing.status_code == 422
    assert nothing.json()["error"]["code"] == "invalid_portfolio"
    for answer in (unreadable, workbook):
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == "invalid_portfolio"


def test_forget_and_purge_reach_the_upload_and_the_results(served: Served,
                                                           batch: dict[str, Any]) -> None:
    folder = served.db.parent / "service-batches" / batch["id"]
    gone = batch["ids"][2]
    with served.store() as store:
        store.forget(gone, "dpo", "erasure request")
    assert gone not in (folder / "portfolio.csv").read_text("utf-8")
    assert gone not in (folder / "profiles.jsonl").read_text("utf-8")
    assert gone not in (folder / "results.csv").read_text("utf-8")
    assert batch["ids"][3] in (folder / "portfolio.csv").read_text("utf-8")  # others stay
    with served.store() as store:
        store.purge("dpo", "end of mandate", job_id=f"service-{batch['id']}")
    for name in ("portfolio.csv", "profiles.jsonl", "results.csv"):
        text = (folder / name).read_text("utf-8")
        assert not any(debtor_id in text for debtor_id in batch["ids"]), name
    with served.client("case_system") as client:
        assert client.get(f"/v1/debtors/{batch['ids'][3]}").status_code == 404


def test_a_batch_polled_hard_while_it_runs_still_finishes(served: Served,
                                                          sandbox_world: Path) -> None:
    """Every poll writes an audit row while the batch checkpoints: on two SQLite connections a
    checkpoint failed with "database is locked" (a write from an older read snapshot); the
    service keeps one connection for both."""
    lines = (sandbox_world / "portfolio.csv").read_text("utf-8").splitlines()
    head, rows = lines[0], lines[1 + ROWS:1 + ROWS + 30]
    body = ("\n".join([head, *rows]) + "\n").encode()
    runner = served.service.runner
    polls = 0
    with served.client("case_system") as client:
        batch_id = client.post("/v1/batches", content=body,
                               headers={"Content-Type": "text/csv"}).json()["batch_id"]
        while not runner.wait(batch_id, 0):  # the load under test, as fast as it goes
            assert client.get(f"/v1/batches/{batch_id}").status_code == 200
            assert client.post("/v1/lookups", json={"debtor_id": "DEB-none"}).status_code == 403
            polls += 1
        state = client.get(f"/v1/batches/{batch_id}").json()
    assert state["state"] == "done", state["error"]
    assert state["progress"]["processed"] == len(rows) and polls > 5
