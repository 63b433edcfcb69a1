"""The portfolio's rows as written, each with the intake's verdict (pipeline/portfolio_rows.py):
the appended CSV's left half. A row here is a row of the intake — same lines, same rejects,
same derived ids — and its cells are the file's, in its order and spelling."""

from __future__ import annotations

import json
from pathlib import Path

from skiptrace.intake import load_portfolio
from skiptrace.pipeline.portfolio_rows import PortfolioRows

HEADER = "N° dossier;Nom complet;CIN;Téléphone;Montant dû;Remarque\n"


def test_csv_rows_keep_their_cells_and_get_the_intakes_verdict(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(("\ufeffsep=;\n" + HEADER
                      + "A-1;EL ALAOUI Mohamed;BK100001;'+212661001020;1 200,50;\"deux\nlignes\"\n"
                      + "\n"
                      + ";;;;;\n"
                      + "A-2;=HYPERLINK(\"x\");;;12;\n"
                      + "A-1;Autre Personne;;;3;\n"
                      + ";;;;;note only\n"
                      + "A-3;Trop;;;1;;extra;cells\n").encode("utf-8"))
    rows = PortfolioRows(path)
    got = list(rows)
    assert rows.columns == ["N° dossier", "Nom complet", "CIN", "Téléphone", "Montant dû",
                            "Remarque"]
    assert [r.line for r in got] == [3, 7, 8, 9, 10]  # the blank line and ;;;;; are not rows
    first = got[0]
    assert first.cells == ("A-1", "EL ALAOUI Mohamed", "BK100001", "+212661001020", "1 200,50",
                           "deux\nlignes")
    assert first.debtor_id == "A-1" and first.rejected is None
    assert got[1].cells[1] == '=HYPERLINK("x")' and got[1].debtor_id == "A-2"
    assert got[2].rejected and "first seen at line 3" in got[2].rejected  # duplicate id
    assert got[3].rejected and "no name" in got[3].rejected
    assert got[4].rejected and "fields" in got[4].rejected
    assert got[4].cells == ("A-3", "Trop", "", "", "1", "")  # cut to the header's width
    intake = load_portfolio(path, rejects_path=tmp_path / "r.csv",
                            warnings_path=tmp_path / "w.csv")
    assert len(got) == intake.rows == intake.accepted + intake.rejected


def test_a_cp1252_file_reads_as_the_intake_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + "B-1;Société Générale Négoce;;;5;é\n").encode("cp1252"))
    (row,) = PortfolioRows(path)
    assert row.cells[1] == "Société Générale Négoce" and row.cells[5] == "é"


def test_json_lines_columns_are_the_keys_in_first_seen_order(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    lines = [{"id": "J-1", "nom_complet": "EL ALAOUI Mohamed", "telephone": ["0661", "0522"]},
             {"id": "J-2", "cin": "BK100002", "nom_complet": "X Y", "extra": {"a": 1}},
             "not an object"]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{broken\n",
                    encoding="utf-8")
    rows = PortfolioRows(path)
    got = list(rows)
    assert rows.columns == ["id", "nom_complet", "telephone", "cin", "extra"]
    assert got[0].cells == ("J-1", "EL ALAOUI Mohamed", "0661 / 0522", "", "")
    assert got[1].cells == ("J-2", "X Y", "", "BK100002", '{"a": 1}')
    assert [r.rejected is not None for r in got] == [False, False, True, True]
    assert got[3].cells == ("", "", "", "", "")


def test_a_header_without_rows_still_gives_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER, encoding="utf-8")
    rows = PortfolioRows(path)
    assert list(rows) == [] and rows.columns[0] == "N° dossier"
