"""The one CSV writer (skiptrace.csvsafe): what it writes for each kind of value, and a guard
that no product code writes CSV around it."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skiptrace import csvsafe

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("skiptrace", "spiders", "matching")
BYPASS = re.compile(
    r"\bcsv\s*\.\s*(writer|DictWriter)\b"         # csv.writer(...), csv.DictWriter(...)
    r"|\bfrom\s+csv\s+import\b[^\n]*\b(writer|DictWriter)\b"
    r"|\.to_csv\s*\("                             # pandas
)


def written(row: list[object]) -> str:
    handle = io.StringIO()
    csvsafe.writer(handle, lineterminator="\n").writerow(row)
    return handle.getvalue()


def test_csv_numbers_are_numbers_and_phones_are_inert_text() -> None:
    assert written([-1200.50, Decimal("-1200.50"), -3, 0]) == "-1200.5;-1200.50;-3;0\n"
    assert written(["+212661234567", "0661234567", None]) == "'+212661234567;0661234567;\n"
    assert written(["-1200,50"]) == "'-1200,50\n", "an amount held as text is text"
    assert written([float("-inf"), float("nan")]) == "'-inf;nan\n"
    assert written([True]) == "True\n"


def test_csv_restore_reads_back_what_was_written() -> None:
    handle = io.StringIO()
    values = ["+212661234567", "=1+1", "'=1+1", "''@x", "'plain", "\ttab", " -1", "ok"]
    csvsafe.writer(handle).writerow(values)
    cells = next(csv.reader(io.StringIO(handle.getvalue()), delimiter=";"))
    assert cells[:4] == ["'+212661234567", "'=1+1", "''=1+1", "'''@x"]
    assert cells[4] == "'plain" and cells[7] == "ok"
    assert [csvsafe.restore(c) for c in cells] == values


def test_csv_dict_writer_fills_missing_and_refuses_unknown_fields() -> None:
    handle = io.StringIO()
    w = csvsafe.dict_writer(handle, ["a", "b"], lineterminator="\n")
    w.writeheader()
    w.writerow({"a": "@x"})
    assert handle.getvalue() == "a;b\n'@x;\n"
    try:
        w.writerow({"c": 1})
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown field must be refused")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_csv_neutralise_is_inert_and_restore_inverts_it(text: str) -> None:
    safe = csvsafe.neutralise(text)
    assert safe[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
    assert safe.lstrip().lstrip("\0").lstrip()[:1] not in ("=", "+", "-", "@") or safe[0] == "'"
    assert csvsafe.restore(safe) == text


def test_csv_no_product_code_writes_csv_around_the_safe_writer() -> None:
    """A future CSV written with csv.writer/DictWriter (or pandas) fails here: use csvsafe."""
    offenders = []
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "skiptrace" / "csvsafe.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if BYPASS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "CSV written around skiptrace.csvsafe:\n" + "\n".join(offenders)


def test_csv_guard_sees_a_bypass() -> None:
    assert BYPASS.search("    w = csv.writer(handle, delimiter=';')")
    assert BYPASS.search("w = csv.DictWriter(f, fieldnames=cols)")
    assert BYPASS.search("from csv import DictWriter")
    assert BYPASS.search("frame.to_csv(path)")
    assert not BYPASS.search("reader = csv.reader(lines)")
