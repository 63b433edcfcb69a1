"""The database and everything SQLite writes beside it are private (0600)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from skiptrace.paths import default_config_path, default_db_path
from skiptrace.privacy import private_dir, private_open
from skiptrace.store import Store
from skiptrace.store.database import side_files

from .conftest import person


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_db_wal_and_shm_are_0600_under_a_loose_umask(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "data" / "skiptrace.db"
    with Store.open(path) as store:
        store.upsert_debtors([person("D1", "EL ALAOUI Mohamed", "BK100001")])
        wal, shm, _ = side_files(path)
        assert wal.exists() and shm.exists()
        assert mode(path) == 0o600
        assert mode(wal) == 0o600
        assert mode(shm) == 0o600
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert mode(path.parent) == 0o700


def test_existing_loose_db_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch()
    os.chmod(path, 0o644)
    Store.open(path).close()
    assert mode(path) == 0o600


def test_private_open_creates_and_tightens(tmp_path: Path, loose_umask: None) -> None:
    target = tmp_path / "rejects.csv"
    with private_open(target) as f:
        f.write("line;reason;raw\n")
    assert mode(target) == 0o600
    os.chmod(target, 0o666)
    with private_open(target, "a") as f:
        f.write("2;bad;x\n")
    assert mode(target) == 0o600
    assert target.read_text().splitlines() == ["line;reason;raw", "2;bad;x"]


def test_private_open_refuses_read_mode(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        private_open(tmp_path / "x", "r")


def test_private_dir(tmp_path: Path, loose_umask: None) -> None:
    assert mode(private_dir(tmp_path / "a" / "b")) == 0o700


def test_default_paths_follow_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SKIPTRACE_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("SKIPTRACE_CONFIG", str(tmp_path / "c.yaml"))
    assert default_db_path() == tmp_path / "x.db"
    assert default_config_path() == tmp_path / "c.yaml"
    monkeypatch.delenv("SKIPTRACE_DB")
    monkeypatch.delenv("SKIPTRACE_CONFIG")
    assert default_db_path().name == "skiptrace.db"
    assert "skiptrace" in str(default_db_path().parent)
    assert default_config_path() is None
