"""The output file holds each checkpointed debtor exactly once, whatever a kill left behind."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from skiptrace.pipeline.outputfile import OutputWriter, dumps_profile, reconcile


def profile(debtor_id: str) -> dict:
    return {"debtor_id": debtor_id, "schema_version": "1", "x": [3, 1]}


def ids(path: Path) -> list[str]:
    return [json.loads(line)["debtor_id"] for line in path.read_text().splitlines()]


def test_torn_line_duplicates_and_uncheckpointed_lines_are_repaired(tmp_path: Path) -> None:
    out = tmp_path / "profiles.jsonl"
    out.write_text(
        dumps_profile(profile("D1"))
        + "\n"
        + dumps_profile(profile("D1"))  # written twice
        + "\n"
        + dumps_profile(profile("D9"))  # never checkpointed
        + "\n"
        + dumps_profile(profile("D2"))[:15]  # torn by the kill
    )
    stored = {"D1": profile("D1"), "D2": profile("D2"), "D3": profile("D3")}
    appended = reconcile(out, {"D1", "D2", "D3"}, stored.get)
    assert appended == 2
    assert ids(out) == ["D1", "D2", "D3"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_clean_file_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "profiles.jsonl"
    with OutputWriter(out) as writer:
        writer.write(profile("D1"))
    before = out.stat().st_ino
    assert reconcile(out, {"D1"}, lambda _id: None) == 0
    assert out.stat().st_ino == before  # not rewritten
    assert ids(out) == ["D1"]


def test_refresh_with_no_checkpoints_empties_the_file(tmp_path: Path) -> None:
    out = tmp_path / "profiles.jsonl"
    out.write_text(dumps_profile(profile("D1")) + "\n")
    reconcile(out, set(), lambda _id: None)
    assert out.read_text() == ""


def test_equal_profiles_give_equal_lines() -> None:
    a = {"b": 1, "a": {"y": 2, "x": 1}, "debtor_id": "D"}
    b = {"debtor_id": "D", "a": {"x": 1, "y": 2}, "b": 1}
    assert dumps_profile(a) == dumps_profile(b)
