"""Issue 10 item 10a, the other half: a file that is not text is refused as a whole, with one
clear error (PortfolioError, a SkiptraceError the CLI prints), before any output is created."""

from __future__ import annotations

from pathlib import Path

import pytest

from skiptrace.intake import PortfolioError, load_portfolio


@pytest.mark.parametrize("head", [b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1"],
                         ids=["xlsx", "xls"])
def test_intake_workbook_is_refused_with_one_clear_error(head: bytes, tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    path.write_bytes(head + bytes(range(256)) * 4)
    with pytest.raises(PortfolioError, match="workbook.*CSV UTF-8"):
        load_portfolio(path, rejects_path=tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()


def test_intake_binary_file_is_refused_with_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.csv"
    path.write_bytes(b"\x00\x01\x02\x00\x00\x7f\x00" * 200)
    with pytest.raises(PortfolioError, match="not a text file"):
        load_portfolio(path)


def test_intake_unreadable_header_line_is_one_clear_error(tmp_path: Path) -> None:
    """Found by tests/security/test_properties.py: a bare CR in the header line made the csv
    module raise out of load_portfolio."""
    path = tmp_path / "portfolio.csv"
    path.write_bytes(b"id\r;nom\nD1;ALAMI\n")
    with pytest.raises(PortfolioError, match="header line is unreadable CSV"):
        load_portfolio(path)
