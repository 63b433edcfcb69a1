"""A store with rows in every table, written through the store's own modules: what the
other-tables test reads back on both engines and what `store migrate` must carry over."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.store import (
    Store,
    accounts,
    changes,
    idempotency,
    judgements,
    outputs,
    service_batches,
    tenancy,
    watch,
    webhooks,
)

from .conftest import make_record, match_of, person

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def fill(store: Store, folder: str) -> dict[str, object]:
    """Rows in every table; returns what the caller checks (a key token, ids)."""
    conn = store.db.conn
    store.upsert_debtors([person("D1", "EL ALAOUI Mohamed", "BK100001"),
                          person("D2", "BENNANI Fatima-Zahra", "A200002", city="Rabat")])
    record = make_record("land_registry", "TF-1", "land_title", title_number="TF 12/C",
                         city="Casablanca", owners=[{"name": "EL ALAOUI Mohamed",
                                                     "cin": "BK100001"}])
    store.save_records([record])
    store.start_job("J1", "portfolio.csv", {"sources": ["land_registry"]})
    match = match_of("D1", record)
    store.checkpoint("J1", "D1", "ok", {"debtor_id": "D1", "segment": "recoverable"}, [match],
                     audit={"operator": "amina", "purpose": "recouvrement", "target": "cin:BK1"})
    store.register_file("report", f"{folder}/D1.html", "J1", "D1")
    with store.atomic():
        key, token = tenancy.create_key(conn, "case system", "case_system", "agence-rabat")
        agency = key.agency_id
        tenancy.claim(conn, ["D2"], 1)
        account = accounts.create(conn, "amina", "correct horse battery", "supervisor",
                                  "agence-rabat")
        session_token, _ = accounts.open_session(conn, account, "contrôle")
        judgements.record(conn, judgements.new("D1", "land_registry", "TF-1", "accept", "vu",
                                               "amina", "web:1"), "revue")
        idempotency.save(conn, key.id, "k-1", idempotency.Stored(
            "/v1/lookups", "h", 201, "application/json", b'{"ok": true}'), "D1")
        service_batches.add(conn, "B1", agency_id=agency, key_id=key.id, job_id="J1",
                            fmt="csv", folder=folder, total=2, operator="amina",
                            purpose="recouvrement")
        watch.add(conn, agency, ["D1"], 30, "amina", NOW)
        watch.set_baseline(conn, "D1", {"debtor_id": "D1"}, NOW)
        hook = webhooks.add(conn, agency, "https://hooks.example.ma/x", "s3cret", False, NOW)
        events = changes.add(conn, agency, "D1", "run-1", NOW.isoformat(),
                             [{"type": "new_asset", "key": "land:TF-1", "evidence": {"a": 1}}])
        webhooks.queue(conn, agency, "D1", events, NOW)
    return {"token": token, "agency": agency, "session": session_token, "hook": hook,
            "events": events, "outputs": outputs.registered(conn)}
