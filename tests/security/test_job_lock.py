"""Issue 10 item 7: one writing job per store and per output file, held as a row in the store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.errors import SkiptraceError
from skiptrace.store import WRITER_LOCK, Store, StoreBusy, output_lock_name


def _plant(store: Store, name: str, pid: int, host: str) -> None:
    store.db.execute(
        "INSERT INTO locks(name, token, host, pid, started_at, job_id) VALUES"
        " (?, 'old', ?, ?, '2026-11-01T09:00:00+00:00', 'J-old')", (name, host, pid))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_second_store_on_the_same_file_is_refused_with_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store.open(db) as first, Store.open(db) as second:
        with first.acquire_lock(WRITER_LOCK, "J1"):
            with pytest.raises(StoreBusy) as caught, second.acquire_lock(WRITER_LOCK, "J2"):
                pass
            message = str(caught.value)
            assert isinstance(caught.value, SkiptraceError)
            assert "the store is busy" in message and "job J1" in message
            assert f"pid {os.getpid()}" in message and socket.gethostname() in message
            assert "skiptrace unlock writer" in message
        with second.acquire_lock(WRITER_LOCK, "J2"):  # released on exit: the next one gets it
            assert first.lock_holder(WRITER_LOCK).job_id == "J2"
        assert first.lock_holder(WRITER_LOCK) is None


def test_the_lock_is_released_when_the_job_raises(store_path: Path) -> None:
    with Store.open(store_path) as store:
        with pytest.raises(RuntimeError), store.acquire_lock(WRITER_LOCK, "J1"):
            raise RuntimeError("the batch died")
        assert store.lock_holder(WRITER_LOCK) is None


def test_output_locks_are_per_file(tmp_path: Path) -> None:
    with (Store.open(tmp_path / "s.db") as a, Store.open(tmp_path / "s.db") as b,
          a.acquire_lock(output_lock_name(tmp_path / "out.jsonl"), "J1")):
        with b.acquire_lock(output_lock_name(tmp_path / "other.jsonl"), "J2"):
            pass
        with (pytest.raises(StoreBusy, match=r"out\.jsonl is busy: job J1"),
              b.acquire_lock(output_lock_name(tmp_path / "." / "out.jsonl"), "J2")):
            pass


def test_a_lock_of_a_dead_process_here_is_taken_over(store_path: Path) -> None:
    pid = _dead_pid()
    with Store.open(store_path) as store:
        _plant(store, WRITER_LOCK, pid, socket.gethostname())
        with store.acquire_lock(WRITER_LOCK, "J2"):
            holder = store.lock_holder(WRITER_LOCK)
            assert (holder.pid, holder.job_id) == (os.getpid(), "J2")
        assert store.lock_holder(WRITER_LOCK) is None


def test_a_live_or_foreign_holder_is_never_taken_over(store_path: Path) -> None:
    parent = os.getppid()  # alive (and maybe not ours to signal: PermissionError is alive too)
    with Store.open(store_path) as store:
        _plant(store, WRITER_LOCK, parent, socket.gethostname())
        with pytest.raises(StoreBusy, match=f"pid {parent}"), store.acquire_lock(WRITER_LOCK):
            pass
        store.db.execute("DELETE FROM locks")
        _plant(store, WRITER_LOCK, _dead_pid(), "another-host")
        with pytest.raises(StoreBusy, match="on host another-host"), store.acquire_lock(
                WRITER_LOCK):
            pass
        assert store.lock_holder(WRITER_LOCK).job_id == "J-old"


def test_init_pid_1_counts_as_alive(store_path: Path) -> None:
    with Store.open(store_path) as store:
        _plant(store, WRITER_LOCK, 1, socket.gethostname())
        with pytest.raises(StoreBusy), store.acquire_lock(WRITER_LOCK):
            pass


def test_unlock_releases_a_foreign_lock(store_path: Path) -> None:
    with Store.open(store_path) as store:
        _plant(store, WRITER_LOCK, 4242, "another-host")
    result = CliRunner().invoke(cli, ["unlock", WRITER_LOCK, "--db", str(store_path)])
    assert result.exit_code == 0 and "released writer" in result.output
    with Store.open(store_path) as store:
        assert store.lock_holder(WRITER_LOCK) is None


def test_forget_waits_for_no_batch(tmp_path: Path) -> None:
    """forget rewrites output files: never while a job holds the store."""
    db = tmp_path / "s.db"
    with Store.open(db) as batch, Store.open(db) as other:
        from skiptrace.model import Debtor

        other.upsert_debtors([Debtor("D1", "person", "EL ALAOUI Mohamed")])
        with batch.acquire_lock(WRITER_LOCK, "J1"), pytest.raises(StoreBusy):
            other.forget("D1", "dpo", "fin de mandat")
        assert other.get_debtor("D1") is not None


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"
