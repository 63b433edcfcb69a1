"""Reading and erasing commands on a --db that holds no store fail and create nothing: on
1701b9c `forget --db typo.db D` created an empty store and reported success on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli

WHO = ["--operator", "dpo", "--purpose", "erasure request"]


@pytest.mark.parametrize("command", [
    ["forget", "D-1", "--yes", *WHO],
    ["purge", "--before", "2026-01-01", "--yes", *WHO],
    ["profile", "D-1"],
    ["audit"],
    ["audit", "verify"],
])
def test_a_store_that_does_not_exist_is_an_error_not_a_new_store(
    tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "typo.db"
    result = CliRunner().invoke(cli, [*command, "--db", str(typo)])
    assert result.exit_code == 1, result.output
    assert "no store at" in result.output
    assert not typo.exists()
