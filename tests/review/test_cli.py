"""`skiptrace accounts` (the review page's local accounts) and `serve --insecure-cookies`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.store import Store, accounts


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output


def test_accounts_are_made_listed_repassworded_and_disabled(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    code, out = run("accounts", "create", "amina", "--role", "investigator", "--agency",
                    "alpha", "--password-stdin", "--db", db, "--json",
                    stdin="a long enough password\n")
    assert code == 0, out
    assert json.loads(out) == {"id": 1, "username": "amina", "role": "investigator",
                               "agency": "alpha"}
    code, out = run("accounts", "create", "karim", "--role", "admin", "--agency", "alpha",
                    "--password-stdin", "--db", db, stdin="short\n")
    assert code == 1 and "12" in out
    assert run("accounts", "password", "amina", "--password-stdin", "--db", db,
               stdin="another long password\n")[0] == 0
    with Store.open(db) as store, store.atomic():
        assert accounts.login(store.db.conn, "amina", "a long enough password") is None
        assert accounts.login(store.db.conn, "amina", "another long password") is not None
    code, out = run("accounts", "list", "--db", db, "--json")
    assert [row["username"] for row in json.loads(out)] == ["amina"]
    assert "password" not in out
    assert run("accounts", "disable", "amina", "--db", db)[0] == 0
    assert run("accounts", "disable", "amina", "--db", db)[0] == 1
    with Store.open(db) as store:
        actions = [e["action"] for e in store.audit_entries()]
    assert actions == ["account_create", "account_password", "account_disable",
                       "account_disable"]


def test_insecure_cookies_are_refused_off_loopback(tmp_path: Path) -> None:
    code, out = run("serve", "--host", "0.0.0.0", "--insecure-cookies", "--db",
                    str(tmp_path / "store.db"))
    assert code == 2 and "127.0.0.1" in out
