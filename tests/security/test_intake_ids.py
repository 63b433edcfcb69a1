"""Issue 10 items 1 (intake part) and 9: debtor ids the outputs cannot hold, and duplicate ids.

Every portfolio here is a real file read by ``load_portfolio``; the rejects file is read back.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from skiptrace.intake import load_portfolio


def portfolio(tmp_path: Path, rows: list[str], header: str = "id;nom;cin") -> Path:
    path = tmp_path / "p.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode("utf-8"))
    return path


def rejects_of(path: Path, tmp_path: Path) -> tuple[list[str], list[list[str]]]:
    out = tmp_path / "rejects.csv"
    result = load_portfolio(path, rejects_path=out)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    return [d.debtor_id for d in result.debtors], rows


@pytest.mark.parametrize("bad", [
    "\x00", "\n", "\r", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029",
    "\u200b", "\u202e", "\ufeff",
], ids=lambda c: f"U+{ord(c):04X}")
def test_intake_id_with_a_control_or_invisible_character_is_a_reject(bad: str,
                                                                      tmp_path: Path) -> None:
    # JSON Lines carries any character inside the id, quoted CSV too: both are checked
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text(json.dumps({"id": f"D{bad}1", "nom": "ALAMI", "cin": "BK123456"}) + "\n"
                     + json.dumps({"id": "D2", "nom": "BENANI", "cin": "BK654321"}) + "\n",
                     encoding="utf-8")
    ids, rejects = rejects_of(jsonl, tmp_path)
    assert ids == ["D2"]
    assert len(rejects) == 1 and rejects[0][0] == "1"
    assert rejects[0][1] in (f"debtor id has a control or invisible character (U+{ord(bad):04X}) "
                             "at position 2", "NUL byte in debtor_id: the row is unreadable")


def test_intake_id_with_a_quoted_line_break_is_a_reject_with_its_line(tmp_path: Path) -> None:
    path = portfolio(tmp_path, ['D1;ALAMI;BK123456', '"D\n2";BENANI;BK654321', "D3;IDRISSI;"])
    ids, rejects = rejects_of(path, tmp_path)
    assert ids == ["D1", "D3"]
    assert rejects[0][:2] == ["3", "debtor id has a control or invisible character (U+000A) "
                                   "at position 2"]


def test_intake_id_longer_than_128_characters_is_a_reject(tmp_path: Path) -> None:
    path = portfolio(tmp_path, [f"{'x' * 128};ALAMI;BK123456", f"{'y' * 129};BENANI;BK654321"])
    ids, rejects = rejects_of(path, tmp_path)
    assert ids == ["x" * 128]
    assert rejects[0][:2] == ["3", "debtor id of 129 characters: at most 128"]


@pytest.mark.parametrize("value", ["../escaped", "/etc/passwd", "a/b", "..", "dossier 12 bis",
                                   "ملف-٤٥", "C:\\temp\\x", "D\u00e9biteur\u00a0N\u00b07"])
def test_intake_path_like_and_arabic_ids_are_legitimate(value: str, tmp_path: Path) -> None:
    path = portfolio(tmp_path, [f'"{value}";ALAMI;BK123456'])
    ids, rejects = rejects_of(path, tmp_path)
    assert rejects == []
    assert ids == [" ".join(value.split())]  # kept as written, inner spaces collapsed


def test_intake_blank_id_is_derived_not_rejected(tmp_path: Path) -> None:
    path = portfolio(tmp_path, ["   ;ALAMI;BK123456"])
    ids, rejects = rejects_of(path, tmp_path)
    assert rejects == [] and len(ids) == 1 and ids[0].startswith("D-")


def test_intake_same_id_different_person_is_a_reject_naming_the_first_line(tmp_path: Path) -> None:
    path = portfolio(tmp_path, ["D1;ALAMI;BK123456", "D2;IDRISSI;A1234", "D1;BENANI;BK654321"])
    out = tmp_path / "rejects.csv"
    result = load_portfolio(path, rejects_path=out)
    assert [(d.debtor_id, d.name) for d in result.debtors] == [("D1", "ALAMI"), ("D2", "IDRISSI")]
    assert (result.accepted, result.rejected) == (2, 1)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[1] == ["4", "duplicate debtor id, first seen at line 2 (a different row: not read)",
                       "D1;BENANI;BK654321"]


def test_intake_exact_duplicate_row_is_a_reject_naming_the_first_line(tmp_path: Path) -> None:
    path = portfolio(tmp_path, ["D1;ALAMI;BK123456", "D1;ALAMI;BK123456", "D1 ; ALAMI ;BK123456"])
    ids, rejects = rejects_of(path, tmp_path)
    assert ids == ["D1"]
    assert [r[:2] for r in rejects] == [
        ["3", "duplicate debtor id, first seen at line 2 (the same row repeated)"],
        ["4", "duplicate debtor id, first seen at line 2 (the same row repeated)"],
    ]


def test_intake_two_rows_with_one_derived_id_keep_the_first(tmp_path: Path) -> None:
    path = portfolio(tmp_path, ["ALAMI;BK123456;0661000001", "ALAMI Ali;BK123456;0661000002"],
                     header="nom;cin;tel")
    out = tmp_path / "rejects.csv"
    result = load_portfolio(path, rejects_path=out)
    assert [d.phones for d in result.debtors] == [("0661000001",)]
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[1][:2] == ["3", "derived debtor id (same identifier, or same name, birth date "
                                "and city), first seen at line 2 (a different row: not read)"]
