"""Judgements, accounts and sessions in the store (migration 10): the last judgement per
candidate, every one in the audit chain (the note by its hash only), forget reaching them, and
the accounts' password hashes, lock-out and sessions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from skiptrace.model import Debtor
from skiptrace.store import Store, accounts, judgements
from skiptrace.store.database import side_files

SECRET_NOTE = "QUARZYLOBB is the debtor's cousin"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "store.db") as s:
        s.upsert_debtors([Debtor("D1", "person", "EL ALAOUI Mohamed"),
                          Debtor("D2", "person", "BENNANI Karim")])
        yield s


def judge(store: Store, debtor_id: str, verdict: str, note: str = "",
          record_id: str = "PD-1") -> None:
    with store.atomic():
        judgements.record(store.db.conn, judgements.new(
            debtor_id, "phone_directory", record_id, verdict, note, "inv-7", "web:1"),
            "dossier 42")


def test_the_last_judgement_per_candidate_is_kept_and_each_is_audited(store: Store) -> None:
    judge(store, "D1", "unsure", "to check")
    judge(store, "D1", "reject", SECRET_NOTE)
    kept = judgements.of_debtor(store.db.conn, "D1")
    assert [(j.verdict, j.note, j.judged_by, j.via) for j in kept] == [
        ("reject", SECRET_NOTE, "inv-7", "web:1")]
    rows = [e for e in store.audit_entries() if e["action"] == "judgement"]
    assert [r["details"]["verdict"] for r in rows] == ["unsure", "reject"]
    assert rows[-1]["details"]["note_sha256"] == hashlib.sha256(SECRET_NOTE.encode()).hexdigest()
    assert rows[-1]["operator"] == "inv-7" and rows[-1]["purpose"] == "dossier 42"
    assert all("QUARZYLOBB" not in str(r) for r in store.audit_entries())
    assert store.verify_audit()["ok"]


@pytest.mark.parametrize("verdict,note,source,record_id", [
    ("maybe", "", "phone_directory", "PD-1"),
    ("accept", "x" * (judgements.NOTE_MAX + 1), "phone_directory", "PD-1"),
    ("accept", "", "", "PD-1"),
    ("accept", "", "phone_directory", " "),
])
def test_a_bad_judgement_is_refused_and_nothing_is_written(
        store: Store, verdict: str, note: str, source: str, record_id: str) -> None:
    with pytest.raises(ValueError), store.atomic():
        judgements.record(store.db.conn, judgements.Judgement(
            "D1", source, record_id, verdict, note, "inv", "api:1", "2026-12-06T00:00:00"), "p")
    assert judgements.of_debtor(store.db.conn, "D1") == []
    assert not [e for e in store.audit_entries() if e["action"] == "judgement"]


def test_forget_erases_the_judgements_and_their_notes(store: Store, tmp_path: Path) -> None:
    judge(store, "D1", "reject", SECRET_NOTE)
    judge(store, "D2", "accept", "other person")
    result = store.forget("D1", "dpo", "fin de mandat")
    assert result.counts["judgements"] == 1
    assert judgements.of_debtor(store.db.conn, "D1") == []
    assert len(judgements.of_debtor(store.db.conn, "D2")) == 1
    db = tmp_path / "store.db"
    raw = db.read_bytes() + b"".join(p.read_bytes() for p in side_files(db) if p.exists())
    assert b"QUARZYLOBB" not in raw


def test_forget_reaches_judgements_of_an_id_with_no_debtor_row(store: Store) -> None:
    judge(store, "D-GONE", "reject", SECRET_NOTE)  # a case system judged before any lookup
    store.forget("D-GONE", "dpo", "fin de mandat")
    assert judgements.of_debtor(store.db.conn, "D-GONE") == []


def make_account(store: Store, name: str = "amina") -> accounts.Account:
    with store.atomic():
        return accounts.create(store.db.conn, name, "correct horse battery", "investigator",
                               "alpha")


def login(store: Store, password: str, name: str = "amina") -> accounts.Account | None:
    with store.atomic():
        return accounts.login(store.db.conn, name, password)


def test_passwords_are_argon2_hashes_and_only_the_right_one_logs_in(
        store: Store, tmp_path: Path) -> None:
    made = make_account(store)
    assert login(store, "correct horse battery") == made
    assert login(store, "wrong horse battery") is None
    assert login(store, "correct horse battery", name="nobody") is None
    stored = store.db.conn.execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert b"correct horse battery" not in (tmp_path / "store.db").read_bytes()


def test_five_failures_lock_the_account_even_for_the_right_password(store: Store) -> None:
    make_account(store)
    for _ in range(accounts.MAX_FAILURES):
        assert login(store, "guess guess guess") is None
    assert login(store, "correct horse battery") is None  # locked
    store.db.conn.execute("UPDATE accounts SET locked_until = '2000-01-01T00:00:00+00:00'")
    assert login(store, "correct horse battery") is not None  # the lock ran out


def test_a_short_password_or_a_taken_name_is_refused(store: Store) -> None:
    make_account(store)
    with pytest.raises(ValueError, match="12 characters"), store.atomic():
        accounts.create(store.db.conn, "karim", "short", "investigator", "alpha")
    with pytest.raises(ValueError, match="taken"), store.atomic():
        accounts.create(store.db.conn, "amina", "another long password", "admin", "alpha")


def test_sessions_keep_only_a_hash_of_the_cookie_and_end_with_the_account(
        store: Store) -> None:
    account = make_account(store)
    with store.atomic():
        token, csrf = accounts.open_session(store.db.conn, account, "dossier 42")
    found = accounts.session(store.db.conn, token)
    assert found is not None and found.csrf == csrf and found.purpose == "dossier 42"
    assert found.account == account
    assert token not in str(store.db.conn.execute("SELECT * FROM web_sessions").fetchall())
    assert accounts.session(store.db.conn, token + "x") is None
    with store.atomic():
        accounts.disable(store.db.conn, "amina")
    assert accounts.session(store.db.conn, token) is None
    assert login(store, "correct horse battery") is None
