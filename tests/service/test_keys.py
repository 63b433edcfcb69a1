"""API keys in the store and through ``skiptrace keys``; migration 9 on an older store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.model import Debtor
from skiptrace.store import Store, tenancy
from skiptrace.store.database import open_database
from skiptrace.store.debtors import upsert_debtors
from skiptrace.store.migrations import migrate


def test_only_a_hash_of_the_token_is_kept_and_it_checks_out(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store, store.atomic():
        key, token = tenancy.create_key(store.db.conn, "crm", "case_system", "alpha")
    raw = (tmp_path / "s.db").read_bytes()
    assert token.encode() not in raw and token.split("_", 2)[2].encode() not in raw  # the secret
    with Store.open(tmp_path / "s.db") as store:
        conn = store.db.conn
        assert tenancy.check_token(conn, token) == key
        assert tenancy.check_token(conn, token + "x") is None
        assert tenancy.check_token(conn, token.replace(f"st_{key.id}_", "st_99_")) is None
        assert tenancy.check_token(conn, "not-a-token") is None
        with store.atomic():
            assert tenancy.revoke_key(conn, key.id)
            assert not tenancy.revoke_key(conn, key.id)
        assert tenancy.check_token(conn, token) is None


def test_keys_commands_create_list_revoke_and_audit(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    made = runner.invoke(cli, ["keys", "create", "--role", "investigator", "--agency", "alpha",
                               "--name", "inv-7", "--db", db, "--json",
                               "--operator", "admin-1", "--purpose", "onboarding"])
    assert made.exit_code == 0, made.output
    key = json.loads(made.output)
    assert key["token"].startswith(f"st_{key['id']}_") and key["role"] == "investigator"
    listed = runner.invoke(cli, ["keys", "list", "--db", db, "--json"])
    assert key["token"] not in listed.output
    assert json.loads(listed.output)[0]["agency"] == "alpha"
    revoked = runner.invoke(cli, ["keys", "revoke", str(key["id"]), "--db", db])
    assert revoked.exit_code == 0 and f"clé {key['id']} révoquée" in revoked.output  # French
    again = runner.invoke(cli, ["keys", "revoke", str(key["id"]), "--db", db])
    assert again.exit_code == 1
    bad = runner.invoke(cli, ["keys", "create", "--role", "root", "--agency", "a", "--name", "n",
                              "--db", db])
    assert bad.exit_code == 2
    with Store.open(db) as store:
        actions = [(e["action"], e["operator"]) for e in store.audit_entries()]
    assert ("key_create", "admin-1") in actions and ("key_revoke", actions[-1][1]) in actions


def test_an_older_store_gets_one_default_agency_for_its_debtors(tmp_path: Path) -> None:
    db = open_database(tmp_path / "old.db")
    conn: sqlite3.Connection = db.conn
    migrate(conn, target=8)
    conn.execute("BEGIN")
    upsert_debtors(conn, [Debtor(debtor_id="D-1", kind="person", name="ALAMI Said")])
    conn.execute("COMMIT")
    conn.close()
    with Store.open(tmp_path / "old.db") as store:  # migrates to 9
        conn = store.db.conn
        assert tenancy.owner(conn, "D-1") == tenancy.DEFAULT_AGENCY
        assert tenancy.agency_id(conn, "default") == tenancy.DEFAULT_AGENCY
        store.upsert_debtors([Debtor(debtor_id="D-2", kind="person", name="CLI written")])
        assert tenancy.owner(conn, "D-2") == tenancy.DEFAULT_AGENCY  # unclaimed: default
        with store.atomic():
            beta = tenancy.agency_id(conn, "beta", create=True)
            assert beta is not None and beta != tenancy.DEFAULT_AGENCY
            assert tenancy.claim(conn, ["D-3", "D-1"], beta) == ["D-1"]  # D-1 is not beta's
        store.upsert_debtors([Debtor(debtor_id="D-3", kind="person", name="claimed first")])
        assert tenancy.owner(conn, "D-3") == beta


def test_stored_answers_expire_after_a_day(tmp_path: Path) -> None:
    from skiptrace.store import idempotency

    answer = idempotency.Stored("POST /v1/lookups", "h", 200, "application/json", b"{}")
    with Store.open(tmp_path / "s.db") as store, store.atomic():
        conn = store.db.conn
        idempotency.save(conn, 1, "old", answer, None)
        idempotency.save(conn, 1, "new", answer, None)
        conn.execute("UPDATE idempotency SET created_at = '2000-01-01T00:00:00+00:00' "
                     "WHERE idem_key = 'old'")
        assert idempotency.find(conn, 1, "old") is None  # past its day: never replayed
        assert idempotency.expire(conn) == 1  # and deleted (the service does it at start)
        assert idempotency.find(conn, 1, "new") == answer
