"""Judgements, watch lists, webhooks, accounts, keys and tenancy, stored answers, batches and
change events read back the same on both engines (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

from skiptrace.store import (
    Store,
    accounts,
    changes,
    idempotency,
    judgements,
    service_batches,
    tenancy,
    watch,
    webhooks,
)

from .populate import NOW, fill


def test_every_table_reads_back(store: Store, tmp_path: Path) -> None:
    made = fill(store, str(tmp_path))
    conn = store.db.conn
    key = tenancy.check_token(conn, str(made["token"]))
    assert key is not None and key.agency == "agence-rabat" and key.role == "case_system"
    assert tenancy.owner(conn, "D2") == 1 and tenancy.owner(conn, "nobody") is None
    assert [k["name"] for k in tenancy.list_keys(conn, key.agency_id)] == ["case system"]
    assert tenancy.agency_audit(conn, 1, "D1", 10)[0]["action"] == "enrich"
    account = accounts.login(conn, "amina", "correct horse battery")
    assert account is not None and account.agency == "agence-rabat"
    assert accounts.login(conn, "amina", "wrong") is None
    opened = accounts.session(conn, str(made["session"]))
    assert opened is not None and opened.account.username == "amina"
    [judged] = judgements.of_debtor(conn, "D1")
    assert (judged.verdict, judged.note) == ("accept", "vu")
    assert judgements.stored_judgements(conn)("D1")[("land_registry", "TF-1")] == judged
    assert list(judgements.of_debtors(conn, ["D1", "D2"])) == [("D1", "land_registry", "TF-1")]
    stored = idempotency.find(conn, key.id, "k-1")
    assert stored is not None and stored.body == b'{"ok": true}' and stored.status == 201
    batch = service_batches.get(conn, "B1")
    assert batch is not None and batch["state"] == "queued" and batch["total"] == 2
    [entry] = watch.due(conn, NOW)
    assert entry.debtor_id == "D1" and entry.every_days == 30
    assert watch.baseline(conn, "D1") == {"debtor_id": "D1"}
    [event] = changes.page(conn, key.agency_id, after_id=0, since=None,
                           types=frozenset({"new_asset"}), limit=10)
    assert event["evidence"] == {"a": 1} and event["id"] == made["events"][0]
    assert changes.page(conn, key.agency_id, after_id=0, since=None,
                        types=frozenset({"moved"}), limit=10) == []
    [delivery] = webhooks.due(conn, NOW, 10)
    webhooks.attempted(conn, delivery["id"], state="delivered", now=NOW, next_attempt=None,
                       status=204, error=None)
    [logged] = webhooks.log(conn, key.agency_id)
    assert logged["state"] == "delivered" and logged["attempts"] == 1
    assert webhooks.hook(conn, int(made["hook"]))["allow_private"] == 0
    assert store.get_profile("D1") == {"debtor_id": "D1", "segment": "recoverable"}
    assert store.verify_audit()["ok"]


def test_forget_reaches_every_table(store: Store, tmp_path: Path) -> None:
    fill(store, str(tmp_path))
    store.forget("D1", "amina", "fin de mandat")
    conn = store.db.conn
    assert judgements.of_debtor(conn, "D1") == [] and watch.baseline(conn, "D1") is None
    assert watch.entries(conn) == [] and webhooks.log(conn) == []
    assert idempotency.find(conn, 1, "k-1") is None
    assert store.registered_files() == []
    assert store.verify_audit()["ok"]


def test_json_extract_answers_as_sqlites(store: Store, tmp_path: Path) -> None:
    """The review queue and the service read JSON fields in SQL (json_extract): on PostgreSQL
    the helper answers as SQLite's, a string or a number as such, a list or an object as JSON
    text, a missing field or JSON null as NULL."""
    fill(store, str(tmp_path))
    row = store.db.execute(
        "SELECT json_extract(json, '$.record.kind'), json_extract(json, '$.probability'),"
        " json_extract(json, '$.party'), json_extract(json, '$.nothing.here')"
        " FROM matches WHERE debtor_id = 'D1'").fetchone()
    assert (row[0], row[1], row[3]) == ("land_title", 0.93, None)
    assert json.loads(row[2]) == {"index": 0}
