"""The appended CSV's writer (skiptrace/render/portfolio_csv.py): every cell through csvsafe,
whatever the portfolio held; whole numbers only; our column names never clash with the input's.

The property test drives the exact path ``enrich --csv`` uses (AppendedCsv.row) with arbitrary
text and reads the file back as a spreadsheet import would: the csv module, then csvsafe.restore.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from skiptrace.csvsafe import LEADING_CONTROLS, TRIGGERS, restore
from skiptrace.render.portfolio_csv import APPENDED, BOM, AppendedCsv, appended, header

CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["=HYPERLINK(\"http://x\")", "+212661234567", "-1+1", "@SUM(A1)", " =1+1", "\t=x", "'=x",
     "a;b", "line\nbreak", '"quoted"', "\r=cmd"])


def read_back(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM):], newline=""), delimiter=";"))


def formula_like(cell: str) -> bool:
    """What a spreadsheet could run: the first character, or the first after blanks (a bare
    number such as ``-3`` is a number, which calls nothing: csvsafe's policy)."""
    if re.fullmatch(r"-?\d+", cell):
        return False
    body = cell.lstrip().lstrip("\0").lstrip()
    return bool(cell) and (cell[0] in TRIGGERS or cell[0] in LEADING_CONTROLS
                           or (bool(body) and body[0] in TRIGGERS))


def hostile_profile(value: str) -> dict[str, Any]:
    """A profile whose every text the CSV shows is ``value``."""
    return {
        "contacts": {"addresses": [{"node_id": "a", "value": value, "confidence": 0.5}],
                     "phones": [{"node_id": "p", "value": value, "confidence": 0.987}]},
        "recoverability": {"best_address": "a", "best_phone": "p", "segment": value,
                           "debt_amount": 100.0,
                           "seizable": {"low": 1.4, "mid": -2.6, "high": 1e6}},
        "enforcement": {"steps": [{"rank": 1, "label": value, "expected_net_mad": 5.0,
                                   "cost_mad": 1.0}]},
        "sources": [{"source": value, "status": "failed"}],
    }


@settings(max_examples=150, deadline=None)
@given(columns=st.lists(CELL, min_size=1, max_size=4),
       rows=st.lists(st.tuples(st.lists(CELL, max_size=6), CELL), max_size=5))
def test_every_cell_is_inert_and_reads_back_as_written(
    columns: list[str], rows: list[tuple[list[str], str]]
) -> None:
    buffer = io.StringIO(newline="")
    out = AppendedCsv(buffer, columns)
    for cells, value in rows:
        out.row(cells, value, "done", None, hostile_profile(value))
    read = read_back(buffer.getvalue())
    assert len(read) == 1 + len(rows) == 1 + out.rows  # one line per row, header first
    assert [restore(c) for c in read[0][:len(columns)]] == columns
    for (cells, value), got in zip(rows, read[1:], strict=True):
        assert len(got) == len(columns) + len(APPENDED)
        own = (cells + [""] * len(columns))[:len(columns)]
        assert [restore(c) for c in got[:len(columns)]] == own
        assert restore(got[len(columns)]) == value  # the debtor id column
        for cell in got:
            assert not formula_like(cell) or cell.startswith("'")


def test_numbers_are_whole_so_french_spreadsheets_read_them() -> None:
    cells = appended("D-1", "done", None, hostile_profile("x"))
    named = dict(zip(APPENDED, cells, strict=True))
    assert named["seizable_low"] == 1 and named["seizable_mid"] == -3
    assert named["seizable_high"] == 1_000_000
    assert named["best_phone_confidence_pct"] == 99 and named["best_address_confidence_pct"] == 50
    assert named["expected_recovery"] == 5 and named["first_asset"] == "x"
    assert all(not isinstance(c, float) for c in cells)


def test_rows_without_a_profile_keep_their_status_and_reason_only() -> None:
    cells = appended(None, "rejected", "no name and no identifier", None)
    assert cells[:3] == [None, "rejected", "no name and no identifier"]
    assert cells[3:] == [None] * (len(APPENDED) - 3)


def test_our_columns_never_take_a_name_the_input_already_has() -> None:
    names = header(["nom", "skiptrace_status", "skiptrace_status_2"])
    assert names[:3] == ["nom", "skiptrace_status", "skiptrace_status_2"]
    assert "skiptrace_status_3" in names and len(set(names)) == len(names)


def test_an_unknown_status_is_a_bug_not_a_row() -> None:
    out = AppendedCsv(io.StringIO(), ["a"])
    try:
        out.row(["x"], "D", "finished", None, None)
    except ValueError:
        return
    raise AssertionError("an unknown status was written")
