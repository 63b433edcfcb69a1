"""The CLI's small debts (issue 15): documented defaults, one-line config errors, --out for
every format, the demo naming its warnings file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from skiptrace.cli import cli
from skiptrace.demo import _name_row_files
from skiptrace.store import Store

BAD_CONFIGS = {
    "malformed.toml": b"[skiptrace\nx=",
    "sources_scalar.toml": b"sources = 3\n",
    "source_scalar.toml": b"[sources]\nland_registry = 3\n",
    "latin1.toml": b"\xff\xfe[skiptrace]\n",
}


@pytest.mark.parametrize("name", [*BAD_CONFIGS, "missing.toml"])
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_bad_config_is_one_line_and_a_failure(tmp_path: Path, name: str, where: str) -> None:
    path = tmp_path / name
    if name in BAD_CONFIGS:
        path.write_bytes(BAD_CONFIGS[name])
    args = (["sources", "--config", str(path), "check"] if where == "before"
            else ["sources", "check", "--config", str(path)])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and name in lines[0], lines


def test_sources_check_reads_the_store_of_skiptrace_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox_url: str
) -> None:
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", sandbox_url)
    monkeypatch.setenv("SKIPTRACE_DB", str(tmp_path / "env.db"))
    Store.open(tmp_path / "env.db").close()
    result = CliRunner().invoke(cli, ["sources", "check", "--json"])
    assert result.exit_code == 0, result.output
    health = {h["source"]: h for h in json.loads(result.stdout)}
    assert health["land_extract"]["detail"] == "no records imported yet"  # read from the store


@pytest.mark.integration
def test_every_profile_format_honours_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox_url: str
) -> None:
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", sandbox_url)
    db = str(tmp_path / "store.db")
    runner = CliRunner()
    looked = runner.invoke(cli, ["lookup", "--name", "EL ALAOUI Mohamed", "--city", "Casablanca",
                                 "--db", db, "--operator", "i", "--purpose", "p", "--json"])
    assert looked.exit_code == 0, looked.output
    debtor_id = json.loads(looked.stdout)["debtor_id"]
    for fmt in ("text", "json", "html", "graphml"):
        out = tmp_path / f"profile.{fmt}"
        result = runner.invoke(cli, ["profile", debtor_id, "--db", db, "--format", fmt,
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        written = out.read_text("utf-8")
        assert debtor_id in written or "EL ALAOUI" in written, fmt
        assert "\x1b[" not in written  # no terminal colour codes in a file
        assert written not in result.stdout  # the file, not the terminal


def test_the_demo_names_the_files_of_warned_and_rejected_rows(tmp_path: Path) -> None:
    console = Console(record=True, width=200)
    _name_row_files(console, {"warned": 4, "rejected": 1}, tmp_path)
    text = console.export_text()
    assert f"4 lignes avec avertissements : voir {tmp_path / 'warnings.csv'}" in text
    assert f"1 ligne rejetée : voir {tmp_path / 'rejects.csv'}" in text  # French singular
    quiet = Console(record=True)
    _name_row_files(quiet, {"warned": 0, "rejected": 0}, tmp_path)
    assert quiet.export_text() == ""
