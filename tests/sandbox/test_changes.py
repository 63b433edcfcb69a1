"""Change sets (skiptrace/sandbox/changes.py): the world some months later, deterministic, the
original world untouched, every change where the answer key says."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.sandbox import generate_world
from skiptrace.sandbox.changes import CHANGES, NoCandidate, change_world


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "index.sqlite"}


def _records(world: Path, source: str) -> dict[str, dict]:
    lines = (world / "sources" / f"{source}.jsonl").read_text().splitlines()
    return {json.loads(line)["record_id"]: json.loads(line) for line in lines}


def test_a_change_set_is_deterministic_and_leaves_the_world_alone(sandbox_world: Path,
                                                                  tmp_path: Path) -> None:
    before = _digest(sandbox_world)
    key = change_world(sandbox_world, tmp_path / "a", seed=3)
    assert _digest(sandbox_world) == before
    change_world(sandbox_world, tmp_path / "b", seed=3)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    other = change_world(sandbox_world, tmp_path / "c", seed=4)
    assert [c["change"] for c in key["changes"]] == list(CHANGES)
    assert [c["change"] for c in other["changes"]] == list(CHANGES)
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o600, path


def test_each_change_is_in_the_records(sandbox_world: Path, tmp_path: Path) -> None:
    later = tmp_path / "later"
    key = {c["change"]: c for c in change_world(sandbox_world, later)["changes"]}
    truth = {json.loads(line)["debtor_id"]: json.loads(line)
             for line in (sandbox_world / "truth.jsonl").read_text().splitlines()}
    land, land_before = _records(later, "land_registry"), _records(sandbox_world, "land_registry")
    [new_title] = key["new_title"]["records"]
    assert new_title not in land_before
    cin = truth[key["new_title"]["debtor_id"]]["identifiers"]["cin"]
    assert [o["cin"] for o in land[new_title]["owners"]] == [cin]
    [seized] = key["seizure"]["records"]
    assert land[seized]["charges"][:-1] == land_before[seized]["charges"]
    assert land[seized]["charges"][-1]["type"] == "saisie_conservatoire"
    [listing] = key["move"]["records"]
    assert (_records(later, "phone_directory")[listing]["address"]
            != _records(sandbox_world, "phone_directory")[listing]["address"])
    register = _records(later, "company_register")
    [closed] = key["closure"]["records"]
    assert register[closed]["status"] == "radiée"
    successor_id, notice_id = key["successor"]["records"]
    successor = register[successor_id]
    assert successor["status"] == "active" and successor["managers"] == register[closed]["managers"]
    assert successor["phones"] == register[closed]["phones"]
    assert int(successor["ice"]) % 97 == 0
    notice = _records(later, "legal_notices")[notice_id]
    assert successor["managers"][0]["cin"] in notice["text"] and successor["rc_number"] in (
        notice["text"])
    unchanged = set(_records(sandbox_world, "vehicle_registry"))
    assert set(_records(later, "vehicle_registry")) == unchanged


def test_a_change_set_needs_a_new_folder_and_a_big_enough_world(sandbox_world: Path,
                                                                tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(FileExistsError):
        change_world(sandbox_world, tmp_path / "full")
    tiny = generate_world(1, 2, tmp_path / "tiny")
    with pytest.raises(NoCandidate):
        change_world(tiny, tmp_path / "tiny-later")
    result = CliRunner().invoke(cli, ["sandbox", "change", "--world", str(tiny), "--out",
                                      str(tmp_path / "t2")])
    assert result.exit_code == 1 and "too small" in result.output
