"""The CLI's tables fit the terminal: whole timestamps, words for codes, folding instead of
cutting, and one card per row when even folding cannot fit (skiptrace.render.tables)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from skiptrace.render.tables import details, fitted
from skiptrace.store import Store

COLUMNS = ("at", "operator", "purpose", "action", "debtor_id", "target", "details")


@pytest.fixture
def entries(tmp_path: Path) -> list[dict]:
    with Store.open(tmp_path / "s.db") as store:
        store.audit("amina", "dossier de recouvrement CNSS 2026-0042 pour la société débitrice",
                    "lookup", debtor_id="DEB-0000017", target="BK100001",
                    details={"status": "partial"})
        store.audit("amina", "fin de mandat", "forget", debtor_id="DEB-0000018",
                    details={"job_id": "job-f9c6327da91f742c", "matches": 7, "profiles": 1})
        return store.audit_entries()


def _print(width: int, entries: list[dict]) -> str:
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(fitted(console, "Journal d'audit", entries, COLUMNS))
    return console.export_text()


@pytest.mark.parametrize("width", [100, 200])
def test_the_audit_table_fits_and_shows_whole_times_and_the_target(entries: list[dict],
                                                                    width: int) -> None:
    text = _print(width, entries)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    assert lines[1].startswith("┏") and lines[1].endswith("┓")  # a table, not cut at the edge
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", text)  # the whole time, French order
    assert "BK******" in text  # the target, masked by the store
    assert "recherche" in text and "effacement" in text and "lookup" not in text
    assert "réponse" in text and "partielle" in text and "partial" not in text


def test_too_narrow_for_columns_gives_one_card_per_row(entries: list[dict]) -> None:
    text = _print(50, entries)
    assert all(len(line) <= 50 for line in text.splitlines())
    assert text.count("quand") == 2 and "DEB-0000018" in text  # a line per column, per row


def test_details_read_as_words() -> None:
    said = details({"job_id": "job-1", "status": "done", "matches": 7, "purge": True,
                    "before": "2026-01-01T00:00:00+00:00", "files_deleted": 2,
                    "profiles_scrubbed": 0})
    assert said == ("traitement job-1, état traité, correspondances 7, par une purge, "
                    "avant le 01/01/2026, fichiers supprimés 2")
