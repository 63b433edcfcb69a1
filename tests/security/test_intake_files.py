"""Issue 10 item 10 (a, b) and the crashes the property tests found: files and bytes the intake
must read, or refuse with one clear error, never crash on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from skiptrace.intake import load_portfolio

ROWS = ["id_debiteur;nom;prénom;cin;ville", "D1;BENJELLOUN;Fatima-Zahra;A200002;Fès",
        "D2;EL AMRANI;Yassine;BK123456;Salé"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_intake_utf16_without_bom_reads_every_row(codec: str, tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("\r\n".join(ROWS).encode(codec) + "\r\n".encode(codec))
    result = load_portfolio(path)
    assert (result.accepted, result.rejected, result.encoding) == (2, 0, codec)
    assert [(d.name, d.city) for d in result.debtors] == [("BENJELLOUN Fatima-Zahra", "Fès"),
                                                          ("EL AMRANI Yassine", "Salé")]


def test_intake_utf16_with_a_lone_surrogate_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "damaged.csv"
    data = "\n".join(ROWS).encode("utf-16-le") + b"\x00\xd8" + "\nD3;X;;;\n".encode("utf-16-le")
    path.write_bytes(b"\xff\xfe" + data)
    result = load_portfolio(path)
    assert result.accepted == 3 and result.encoding == "utf-16"


def test_intake_nul_byte_in_a_name_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"id;nom;cin\nD1;ALA\x00MI;BK123456\nD2;BENANI;BK654321\n")
    out = tmp_path / "rejects.csv"
    result = load_portfolio(path, rejects_path=out)
    assert [d.debtor_id for d in result.debtors] == ["D2"]
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[1][:2] == ["2", "NUL byte in column 'nom': the row is unreadable"]


def test_intake_nul_character_in_a_json_name_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "D1", "nom": "ALA\x00MI"}) + "\n", encoding="utf-8")
    result = load_portfolio(path)
    assert (result.accepted, result.rejected) == (0, 1)


def test_intake_lone_surrogate_in_json_is_a_reject_not_a_later_crash(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "D1", "nom": "AL\\ud800AMI"}\n{"id": "D2", "nom": "B"}\n',
                    encoding="utf-8")
    result = load_portfolio(path)
    assert [d.debtor_id for d in result.debtors] == ["D2"] and result.rejected == 1


@pytest.mark.parametrize("line", ["[" * 100_000, '{"montant": ' + "9" * 5000 + "}"],
                         ids=["deep-nesting", "huge-number"])
def test_intake_json_line_python_cannot_parse_is_a_reject(line: str, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(line + '\n{"id": "D2", "nom": "B"}\n', encoding="utf-8")
    result = load_portfolio(path)
    assert (result.accepted, result.rejected) == (1, 1)
