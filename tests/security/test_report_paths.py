"""Issue 10 item 1: a debtor id never chooses where a file is written.

On 1701b9c the report path was ``reports / f"{debtor_id}.html"``: ``../escaped`` wrote outside
the folder, an absolute id anywhere, ``a/b`` crashed the batch after the checkpoint, and a link
planted in the folder had its target overwritten and chmodded.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skiptrace.pipeline.reports import report_file_name
from skiptrace.privacy import replace_private
from tests.portfolios import first_rows

pytestmark = pytest.mark.integration
AS_OF = "2026-11-27T09:00:00+00:00"


@given(st.text(min_size=1, max_size=300))
def test_any_id_gives_one_safe_file_name(debtor_id: str) -> None:
    name = report_file_name(debtor_id)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and name.endswith(".html")
    assert name.isascii() and len(name) <= 120
    assert Path(name).name == name  # one component, whatever the platform's parser says


@given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60))
def test_two_ids_never_share_a_report(first: str, second: str) -> None:
    if first != second:
        assert report_file_name(first) != report_file_name(second)


def test_plain_ids_keep_readable_names_and_others_cannot_collide_with_them() -> None:
    assert report_file_name("CNSS-2026-0001") == "CNSS-2026-0001.html"
    assert report_file_name("a_b") == "a_b.html"
    unusual = report_file_name("a/b")
    assert unusual.startswith("_a-b_") and unusual != report_file_name("a_b")
    assert report_file_name("../escaped").startswith("_escaped_")
    assert report_file_name("محمد-1").startswith("_1_")  # Arabic folds away, the hash stays


def test_replace_private_replaces_a_planted_link_not_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    victim.chmod(0o644)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "D1.html").symlink_to(victim)
    replace_private(folder / "D1.html", lambda fh: fh.write("<html>report</html>"))
    assert victim.read_text(encoding="utf-8") == "precious"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    written = folder / "D1.html"
    assert not written.is_symlink() and stat.S_IMODE(written.stat().st_mode) == 0o600



def test_hostile_ids_write_only_inside_the_reports_folder(
    sandbox_world: Path, sandbox_url: str, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    outside = tmp_path / "escaped.html"
    outside.write_text("do not touch", encoding="utf-8")
    absolute = str(tmp_path / "absolute")
    reports = run / "reports"
    reports.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (reports / "PLAIN-1.html").symlink_to(victim)  # planted before the run
    ids = ["../escaped", absolute, "a/b", "PLAIN-1"]
    portfolio = first_rows(sandbox_world, tmp_path, len(ids), ids)

    done = subprocess.run(
        [sys.executable, "-m", "skiptrace", "enrich", str(portfolio), "--db", str(run / "s.db"),
         "--out", str(run / "profiles.jsonl"), "--rejects", str(run / "rejects.csv"),
         "--reports", str(reports), "--operator", "test", "--purpose", "path test",
         "--as-of", AS_OF, "--quiet", "--json"],
        env={**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url},
        capture_output=True, text=True, timeout=240,
    )
    assert done.returncode in (0, 3), done.stderr[-3000:]  # finished, never a traceback
    summary = json.loads(done.stdout)
    assert summary["processed"] == 4 and summary["crashed"] == 0
    assert summary["reports_failed"] == 0

    assert outside.read_text(encoding="utf-8") == "do not touch"
    assert not Path(absolute + ".html").exists()
    assert victim.read_text(encoding="utf-8") == "precious"
    profiles = [json.loads(line) for line in (run / "profiles.jsonl").read_text().splitlines()]
    assert sorted(p["debtor_id"] for p in profiles) == sorted(ids)  # ids keep their value
    for profile in profiles:
        report = reports / profile["report"]
        assert report.parent == reports and report.is_file() and not report.is_symlink()
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert sorted(p.name for p in reports.iterdir()) == sorted(p["report"] for p in profiles)


def test_a_report_lost_after_its_checkpoint_is_written_by_the_next_run(
    sandbox_world: Path, sandbox_url: str, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    portfolio = first_rows(sandbox_world, tmp_path, 2, ["R-1", "x/y"])
    cmd = [sys.executable, "-m", "skiptrace", "enrich", str(portfolio), "--db", str(run / "s.db"),
           "--out", str(run / "profiles.jsonl"), "--rejects", str(run / "rejects.csv"),
           "--reports", str(run / "reports"), "--operator", "test", "--purpose", "path test",
           "--as-of", AS_OF, "--quiet", "--json", "--no-retry"]
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url}
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert first.returncode in (0, 3), first.stderr[-3000:]
    lost = run / "reports" / report_file_name("x/y")
    expected = lost.read_text(encoding="utf-8")
    lost.unlink()  # as if the process died between the checkpoint and the report
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert again.returncode in (0, 3), again.stderr[-3000:]
    assert json.loads(again.stdout)["processed"] == 0
    assert lost.read_text(encoding="utf-8") == expected
