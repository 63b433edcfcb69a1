"""`enrich --csv` and `--portfolio-html` over the sandbox (issue 16, portfolio outputs).

The appended CSV has one row per input row — rejects included, each saying so — with the input's
cells first; it survives a SIGKILL (the rerun writes every row once); both files are private and
registered, so `forget` takes the debtor's row out of the CSV and deletes the page naming them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from skiptrace.csvsafe import restore
from skiptrace.errors import ConfigError
from skiptrace.pipeline.portfolio_outputs import PortfolioOutputs, check_paths
from skiptrace.render.portfolio_csv import APPENDED, BOM
from skiptrace.store import Store
from tests.integration.test_enrich_resume import wait_for_events
from tests.portfolios import first_rows

pytestmark = pytest.mark.integration
AS_OF = "2026-11-27T09:00:00+00:00"
HOSTILE = [
    "X-1;personne;;=HYPERLINK(\"http://evil.example\");Ali;;;;;;;Casablanca;;100",  # accepted
    "X-2;personne;;;;;;;;;;Rabat;;50",  # no name and no identifier: rejected
    "DEB-0000001;personne;;AUTRE;Nom;;;;;;;Fès;;10",  # a duplicate id: rejected
]


def portfolio_with_hostile_rows(world: Path, tmp: Path, n: int) -> Path:
    path = first_rows(world, tmp, n)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(HOSTILE) + "\n")
    return path


def enrich_cmd(portfolio: Path, run: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "skiptrace", "enrich", str(portfolio),
            "--db", str(run / "s.db"), "--out", str(run / "profiles.jsonl"),
            "--rejects", str(run / "rejects.csv"), "--csv", str(run / "out.csv"),
            "--operator", "test", "--purpose", "portfolio outputs", "--as-of", AS_OF,
            "--quiet", "--json", "--concurrency", "2", *extra]


def input_rows(portfolio: Path) -> list[list[str]]:
    with open(portfolio, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def output_rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM):], newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def batch(sandbox_world: Path, sandbox_url: str, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[Path, Path, dict]:
    tmp = tmp_path_factory.mktemp("portfolio-outputs")
    portfolio = portfolio_with_hostile_rows(sandbox_world, tmp, 8)
    run = tmp / "run"
    (run / "page").mkdir(parents=True)
    done = subprocess.run(
        enrich_cmd(portfolio, run, "--portfolio-html", str(run / "page" / "portfolio.html"),
                   "--reports", str(run / "reports")),
        env={**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url},
        capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 3), done.stderr[-3000:]
    return portfolio, run, json.loads(done.stdout)


def test_one_row_out_per_row_in_with_the_input_first(batch: tuple[Path, Path, dict]) -> None:
    portfolio, run, summary = batch
    given, got = input_rows(portfolio), output_rows(run / "out.csv")
    assert len(got) == len(given) == 8 + len(HOSTILE) + 1  # the header and every row
    assert summary["outputs"]["csv"]["rows"] == len(given) - 1
    width = len(given[0])
    assert got[0][:width] == given[0]
    assert got[0][width:] == [f"skiptrace_{name}" for name in APPENDED]
    for row_in, row_out in zip(given[1:], got[1:], strict=True):
        assert [restore(c) for c in row_out[:width]] == [restore(c) for c in row_in]
    status = {r[0]: r[width + 1] for r in got[1:-2]}
    assert set(status.values()) <= {"done", "partial", "failed"} and len(status) == 9
    rejected = got[-2:]
    assert [r[width + 1] for r in rejected] == ["rejected", "rejected"]
    assert "no name" in rejected[0][width + 2] and "first seen at line 2" in rejected[1][width + 2]


def test_hostile_cells_are_inert_and_the_files_private(batch: tuple[Path, Path, dict]) -> None:
    _portfolio, run, _summary = batch
    raw = (run / "out.csv").read_text(encoding="utf-8")
    (hostile,) = [r for r in output_rows(run / "out.csv") if r[0] == "X-1"]
    assert hostile[3] == "'=HYPERLINK(\"http://evil.example\")"
    assert not re.search(r';"?=HYPERLINK', raw)
    assert re.search(r";'\+212", raw)  # a phone as the product writes phones
    for path in (run / "out.csv", run / "page" / "portfolio.html"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_seizable_values_and_segments_come_from_the_profiles(
    batch: tuple[Path, Path, dict]
) -> None:
    portfolio, run, _summary = batch
    width = len(input_rows(portfolio)[0])
    got = output_rows(run / "out.csv")
    names = got[0][width:]
    profiles = {json.loads(line)["debtor_id"]: json.loads(line)
                for line in (run / "profiles.jsonl").read_text(encoding="utf-8").splitlines()}
    for row in got[1:]:
        ours = dict(zip(names, row[width:], strict=True))
        profile = profiles.get(ours["skiptrace_debtor_id"])
        if profile is None:
            continue
        verdict = profile["recoverability"]
        assert ours["skiptrace_segment"] == verdict["segment"]
        assert int(ours["skiptrace_seizable_mid"]) == round(verdict["seizable"]["mid"])
        assert int(ours["skiptrace_expected_recovery"]) <= round(verdict["debt_amount"])
        assert bool(ours["skiptrace_best_phone"]) == bool(verdict["best_phone"])


def test_the_page_links_each_report_and_loads_nothing(batch: tuple[Path, Path, dict]) -> None:
    _portfolio, run, _summary = batch
    page = run / "page" / "portfolio.html"
    html = page.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and html.count("<svg") >= 4
    assert not re.search(r"<script|<link|<img|@import|url\(|src=", html, re.IGNORECASE)
    links = re.findall(r'href="([^"]+)"', html)
    assert len(links) == 9  # every enriched debtor's report, none for rejects
    for link in links:
        assert not re.match(r"[a-z]+:", link)  # relative: nothing leaves the folder tree
        assert (page.parent / unquote(link)).resolve().is_file()


def test_both_files_are_registered_and_forget_reaches_them(
    batch: tuple[Path, Path, dict], tmp_path: Path
) -> None:
    _portfolio, run, _summary = batch
    with Store.open(run / "s.db") as store:
        kinds = {f["kind"]: f["path"] for f in store.registered_files()}
    assert kinds["appended_csv"] == str((run / "out.csv").resolve())
    assert kinds["portfolio_html"] == str((run / "page" / "portfolio.html").resolve())
    before = output_rows(run / "out.csv")
    done = subprocess.run(
        [sys.executable, "-m", "skiptrace", "forget", "DEB-0000003", "--db", str(run / "s.db"),
         "--operator", "dpo", "--purpose", "erasure request", "--yes"],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    after = output_rows(run / "out.csv")
    assert [r[0] for r in before if r[0] != "DEB-0000003"] == [r[0] for r in after]
    assert not (run / "page" / "portfolio.html").exists()


def test_a_killed_job_rerun_writes_every_row_once(
    sandbox_world: Path, sandbox_url: str, tmp_path: Path
) -> None:
    portfolio = portfolio_with_hostile_rows(sandbox_world, tmp_path, 12)
    run = tmp_path / "run"
    run.mkdir()
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url}
    proc = subprocess.Popen([*enrich_cmd(portfolio, run), "--events"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_events(proc, 3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not (run / "out.csv").exists()  # killed before the end of the job

    subprocess.run(enrich_cmd(portfolio, run), env=env, capture_output=True, check=False,
                   timeout=300)
    given, got = input_rows(portfolio), output_rows(run / "out.csv")
    assert len(got) == len(given)
    width = len(given[0])
    ids = [r[width] for r in got[1:] if r[width + 1] != "rejected"]
    assert len(ids) == len(set(ids)) == 13  # the world's twelve and X-1, once each
    assert all(r[width + 1] in {"done", "partial", "failed", "rejected"} for r in got[1:])


def test_an_output_that_would_overwrite_another_file_is_refused_before_anything_runs(
    tmp_path: Path
) -> None:
    portfolio = tmp_path / "p.csv"
    ok = PortfolioOutputs(csv=tmp_path / "out.csv", html=tmp_path / "page.html")
    check_paths(ok, {"PORTFOLIO": portfolio, "--out": tmp_path / "profiles.jsonl"})
    for wrong, taken in (
        (PortfolioOutputs(csv=portfolio), {"PORTFOLIO": portfolio}),
        (PortfolioOutputs(csv=tmp_path / "x.csv", html=tmp_path / "x.csv"), {}),
        (PortfolioOutputs(html=tmp_path / "profiles.jsonl"), {"--out": tmp_path / "profiles.jsonl"}),
        (PortfolioOutputs(csv=tmp_path / "missing" / "out.csv"), {}),
    ):
        with pytest.raises(ConfigError):
            check_paths(wrong, taken)
