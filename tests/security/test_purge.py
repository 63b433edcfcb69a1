"""Retention (issue 10, "Also"): purge forgets every debtor inactive since a date, or of a job,
with forget's guarantees, audited without identifiers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.model import Debtor, Identifier, set_clock
from skiptrace.store import Store

OLD, RECENT = datetime(2025, 3, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC)


def debtor(debtor_id: str, name: str, cin: str) -> Debtor:
    return Debtor(debtor_id, "person", name, identifiers=(Identifier("cin", cin),),
                  phones=("0661000" + debtor_id[-3:].rjust(3, "0"),))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """D-001 and D-002 last touched in March 2025 (job J-2025); D-003 imported then but
    checkpointed in September 2026 (job J-2026); D-004 new in 2026; out.jsonl holds them all."""
    path = tmp_path / "store.db"
    out = tmp_path / "out.jsonl"
    try:
        with Store.open(path) as store:
            set_clock(OLD)
            store.upsert_debtors([debtor("D-001", "QWXAVIER Karim", "QQ100001"),
                                  debtor("D-002", "QWYBELLA Nadia", "QQ100002"),
                                  debtor("D-003", "QWZORRO Hamid", "QQ100003")])
            for debtor_id in ("D-001", "D-002"):
                store.checkpoint("J-2025", debtor_id, "ok", {"debtor_id": debtor_id}, [])
            set_clock(RECENT)
            store.checkpoint("J-2026", "D-003", "ok", {"debtor_id": "D-003"}, [])
            store.upsert_debtors([debtor("D-004", "QWALTER Sara", "QQ100004")])
            store.checkpoint("J-2026", "D-004", "ok", {"debtor_id": "D-004"}, [])
            out.write_text("".join(json.dumps({"debtor_id": f"D-00{i}", "cin": f"QQ10000{i}"})
                                   + "\n" for i in range(1, 5)))
            store.register_file("profiles_jsonl", out)
    finally:
        set_clock(None)
    yield path


def _purge(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["purge", "--db", str(db), "--json", *args])
    return result.exit_code, result.output


def _ids(db: Path) -> set[str]:
    with Store.open(db) as store:
        return {d.debtor_id for d in store.iter_debtors()}


def test_dry_run_counts_and_changes_nothing(db: Path) -> None:
    code, output = _purge(db, "--before", "2026-01-01", "--dry-run")
    assert code == 0 and json.loads(output) == {"would_forget": 2}
    assert _ids(db) == {"D-001", "D-002", "D-003", "D-004"}
    with Store.open(db) as store:
        assert store.audit_entries() == []


def test_purge_before_a_date_forgets_the_inactive_everywhere(db: Path) -> None:
    code, output = _purge(db, "--before", "2026-01-01", "--yes", "--operator", "dpo",
                          "--purpose", "retention: mandate 2025 ended")
    assert code == 0, output
    result = json.loads(output)
    assert result["debtor_ids"] == ["D-001", "D-002"]
    assert result["counts"]["debtors"] == 2 and result["counts"]["job_items"] == 2
    assert _ids(db) == {"D-003", "D-004"}  # D-003's checkpoint is recent: it stays
    lines = (db.parent / "out.jsonl").read_text().splitlines()
    assert [json.loads(line)["debtor_id"] for line in lines] == ["D-003", "D-004"]
    raw = b"".join(p.read_bytes() for p in db.parent.glob("store.db*"))
    assert b"QQ100001" not in raw and b"qwxavier" not in raw and b"QWXAVIER" not in raw
    with Store.open(db) as store:
        entries = store.audit_entries()
        assert [(e["action"], e["debtor_id"]) for e in entries] == [
            ("forget", "D-001"), ("forget", "D-002"), ("purge", None)]
        assert entries[-1]["details"]["forgotten"] == 2
        assert entries[-1]["details"]["before"] == "2026-01-01T00:00:00+00:00"
        assert "QQ10000" not in json.dumps(entries) and "QWXAVIER" not in json.dumps(entries)
        assert store.verify_audit()["ok"]


def test_purge_of_a_job(db: Path) -> None:
    code, output = _purge(db, "--job", "J-2026", "--yes", "--operator", "dpo",
                          "--purpose", "retention")
    assert code == 0, output
    assert json.loads(output)["debtor_ids"] == ["D-003", "D-004"]
    assert _ids(db) == {"D-001", "D-002"}
    code, output = _purge(db, "--job", "J-2025", "--before", "2024-01-01", "--dry-run")
    assert json.loads(output) == {"would_forget": 0}


def test_purge_needs_a_who_a_why_and_a_selection(db: Path) -> None:
    code, output = _purge(db, "--before", "2026-01-01", "--yes")
    assert code != 0 and "--operator and --purpose" in output
    code, output = _purge(db, "--yes", "--operator", "dpo", "--purpose", "retention")
    assert code != 0 and "--before DATE and/or --job" in output
    assert _ids(db) == {"D-001", "D-002", "D-003", "D-004"}
