"""Whole portfolio files as CNSS and agencies produce them: exact counts and reasons."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

from skiptrace.intake import load_portfolio

from .conftest import Writer

FRENCH_HEADER = ("id_debiteur;type;raison_sociale;nom;prénom;cin;ice;rc;tribunal;date_naissance;"
                 "adresse;ville;téléphone;montant_dû")


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def test_cp1252_semicolon_file_with_french_header(write: Writer) -> None:
    path = write("cnss.csv", [
        FRENCH_HEADER,
        "D1;personne morale;STE ATLAS BTP SARL AU;;;;000000101000086;400001;Casablanca;;"
        "Km 7, Route de Rabat, Aïn Sebaâ;Casablanca;0522 00 10 20;48\xa0250,00",
        "D2;personne physique;;BENJELLOUN;Fatima-Zahra;A200002;;;;12/03/1979;"
        "Résidence Al Boustane, Imm. 4;Fès;0661001020;12 345,67",
        "D3;personne physique;;M'HAMEDI;M'hamed;JM300003;;;;1985-11-02;Derb Sidi Ahmed;Meknès;;"
        "1.250.000,5",
    ], encoding="cp1252", crlf=True)
    result = load_portfolio(path)
    assert (result.encoding, result.delimiter, result.format) == ("cp1252", ";", "csv")
    assert (result.rows, result.accepted, result.warned, result.rejected) == (3, 3, 0, 0)
    atlas, fatima, mhamed = result.debtors
    assert atlas.kind == "company" and atlas.name == "STE ATLAS BTP SARL AU"
    assert atlas.addresses == ("Km 7, Route de Rabat, Aïn Sebaâ",) and atlas.debt_amount == 48250.0
    assert atlas.identifier("rc").tribunal == "Casablanca"
    assert fatima.kind == "person" and fatima.first_name == "Fatima-Zahra" and fatima.city == "Fès"
    assert fatima.name == "BENJELLOUN Fatima-Zahra" and fatima.debt_amount == 12345.67
    assert str(fatima.birth_date) == "1979-03-12" and fatima.phones == ("0661001020",)
    assert mhamed.name == "M'HAMEDI M'hamed" and mhamed.debt_amount == 1250000.5
    assert [d.debtor_id for d in result.debtors] == ["D1", "D2", "D3"]
    assert result.derived_ids == 0


def test_utf8_bom_file_with_english_header_and_commas(write: Writer) -> None:
    path = write("agency.csv", [
        "debtor_id,kind,name,cin,ice,city,phone,amount,as_of",
        'A-1,company,NOUR TRADING SA,,000123456000093,Marrakech,0524 43 21 00,"1,250,000.00",'
        "2026-06-30",
        'A-2,person,"EL ALAOUI, Moulay Ahmed",BK100001,,Rabat,,"12 345,67",30/06/2026',
    ], bom=True)
    result = load_portfolio(path)
    assert (result.encoding, result.delimiter) == ("utf-8-sig", ",")
    assert (result.rows, result.accepted, result.warned, result.rejected) == (2, 2, 0, 0)
    nour, alaoui = result.debtors
    assert nour.debtor_id == "A-1" and nour.kind == "company" and nour.debt_amount == 1250000.0
    assert alaoui.debtor_id == "A-2" and alaoui.name == "EL ALAOUI, Moulay Ahmed"
    assert alaoui.debt_amount == 12345.67 and str(alaoui.debt_as_of) == "2026-06-30"


def test_broken_rows_are_rejected_and_bad_identifiers_warned(write: Writer, tmp_path: Path) -> None:
    path = write("mixed.csv", [
        "id_debiteur;raison_sociale;nom;prenom;cin;ice;ville;montant_du",  # line 1
        "G1;;EL ALAOUI;Mohamed;BK100001;;Rabat;1 000,00",                  # 2 good
        "G2;ATLAS BTP SARL;;;;000000101000086;Casablanca;2 000,00",        # 3 good
        "B1;;BENNANI;Ali;A123456;;Fès",                                    # 4 too few fields
        "B2;;CHRAIBI;Driss;EE400004;;Marrakech;mille dirhams",             # 5 amount
        "W1;NOUR TRADING;;;;000123456000094;Marrakech;3 000,00",           # 6 ICE mod 97
        "G3;;OUAZZANI;Salma;CD123456;;Fès;980,00",                         # 7 good
        "B3;;;;;;Tanger;500,00",                                           # 8 names nobody
        "W2;;ZIANI;Omar;12-3456;;Taza;1 560,00",                           # 9 malformed CIN
        "",                                                                # 10 blank: skipped
        "G4;;AIT OUAHMANE;Youssef;JM300003;;Agadir;",                      # 11 good, no amount
        "G5;SOUSS AGRI;;;;1526374000001;Agadir;96 780,40",                 # 12 good, ICE padded
    ])
    rejects, warnings = tmp_path / "rejects.csv", tmp_path / "warnings.csv"
    result = load_portfolio(path, rejects, warnings)

    assert (result.rows, result.accepted, result.warned, result.rejected) == (10, 7, 2, 3)
    assert [d.debtor_id for d in result.debtors] == ["G1", "G2", "W1", "G3", "W2", "G4", "G5"]
    assert read_csv(rejects) == [
        ["line", "reason", "raw"],
        ["4", "7 fields where the header has 8", "B1;;BENNANI;Ali;A123456;;Fès"],
        ["5", "unparseable amount 'mille dirhams'",
         "B2;;CHRAIBI;Driss;EE400004;;Marrakech;mille dirhams"],
        ["8", "no name and no identifier: the row names no debtor", "B3;;;;;;Tanger;500,00"],
    ]
    assert read_csv(warnings) == [
        ["line", "reason", "raw"],
        ["6", "invalid ICE 00*************: ICE check digits do not verify (mod 97)",
         "W1;NOUR TRADING;;;;000123456000094;Marrakech;3 000,00"],
        ["9", "invalid CIN 12****: a CIN is letters followed by digits",
         "W2;;ZIANI;Omar;12-3456;;Taza;1 560,00"],
    ]
    by_id = {d.debtor_id: d for d in result.debtors}
    ice = by_id["W1"].identifier("ice", valid_only=False)
    assert ice is not None and not ice.valid and "mod 97" in (ice.reason or "")
    assert by_id["W1"].identifier("ice") is None  # never offered as valid evidence
    assert by_id["W2"].identifier("cin", valid_only=False).valid is False
    assert by_id["G5"].identifier("ice").value == "001526374000001"
    assert by_id["G4"].debt_amount is None
    for written in (rejects, warnings):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_empty_and_header_only_files(write: Writer, tmp_path: Path) -> None:
    for path in (write("empty.csv", []), write("header.csv", [FRENCH_HEADER]),
                 write("blank.csv", ["", "  "])):
        result = load_portfolio(path, tmp_path / "r.csv", tmp_path / "w.csv")
        assert (result.rows, result.accepted, result.warned, result.rejected) == (0, 0, 0, 0)
        assert result.debtors == [] and result.notices == 0
        assert read_csv(tmp_path / "r.csv") == [["line", "reason", "raw"]]


def test_json_lines(write: Writer, tmp_path: Path) -> None:
    path = write("portfolio.jsonl", [
        '{"id_debiteur": "J1", "type": "PM", "raison_sociale": "RIF LOGISTIQUE", '
        '"ice": "002030405000070", "montant_du": 23400.5, "telephone": ["0539 39 40 41", "0661"]}',
        '{"debtor_id": "J2", "nom": "CHRAIBI", "prenom": "Driss", "cin": "BK100001", '
        '"amount": "640,00", "couleur": "bleu"}',
        "",
        '{"debtor_id": "J3", "nom": "X"',
        '["not", "an", "object"]',
        '{"debtor_id": "J4", "ice": 1526374000001, "montant_du": null}',
    ])
    rejects = tmp_path / "r.csv"
    result = load_portfolio(path, rejects, tmp_path / "w.csv")
    assert result.format == "jsonl"
    assert (result.rows, result.accepted, result.warned, result.rejected) == (5, 3, 0, 2)
    assert result.notices == 1  # the unknown key "couleur", once
    j1, j2, j4 = result.debtors
    assert j1.kind == "company" and j1.debt_amount == 23400.5 and len(j1.phones) == 2
    assert j2.kind == "person" and j2.name == "CHRAIBI Driss" and j2.debt_amount == 640.0
    assert j4.kind == "company" and j4.identifier("ice").value == "001526374000001"
    assert [row[0] for row in read_csv(rejects)[1:]] == ["4", "5"]


def test_header_notices_and_excel_quirks(write: Writer, tmp_path: Path) -> None:
    path = write("quirks.csv", [
        "N° CIN;Nom;Prénom;GSM;Téléphone;Montant dû (MAD);Observation",
        'BK100001;EL ALAOUI;Mohamed;0661001020;0522001020;"1 000,00";rappel',
        ';;;;;;',                         # a row of bare delimiters: skipped
        'A200002;"BEN\nJELLOUN";Fatima;;;200;',   # a quoted newline: the row spans lines 4-5
        'EE400004;EL IDRISSI;Khadija;;;300;;;',   # trailing empty cells: tolerated
    ])
    warnings = tmp_path / "w.csv"
    result = load_portfolio(path, None, warnings)
    assert (result.rows, result.accepted, result.rejected, result.notices) == (3, 3, 0, 1)
    alaoui, benjelloun, idrissi = result.debtors
    assert alaoui.phones == ("0661001020", "0522001020") and alaoui.debt_amount == 1000.0
    assert benjelloun.last_name == "BEN JELLOUN"
    assert read_csv(warnings)[1][:2] == ["1", "column 'Observation' not recognised, ignored"]
    assert all(d.debtor_id_derived for d in result.debtors)


def test_line_numbers_after_multiline_row(write: Writer, tmp_path: Path) -> None:
    path = write("ml.csv", ['nom;cin;montant', '"A\nB";BK100001;1', ';;x'])
    result = load_portfolio(path, tmp_path / "r.csv")
    assert result.rejected == 1
    assert read_csv(tmp_path / "r.csv")[1][0] == "4"


def test_mixed_encodings_and_utf16(write: Writer, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("nom;ville;cin\nA;Fès;BK100001\n".encode() + "B;Salé;A200002\n".encode("cp1252"))
    result = load_portfolio(path)
    assert result.encoding == "utf-8+cp1252"
    assert [d.city for d in result.debtors] == ["Fès", "Salé"]
    utf16 = tmp_path / "unicode.txt"
    utf16.write_text("nom\tville\tcin\nCHRAIBI\tFès\tBK100001\n", encoding="utf-16")
    result = load_portfolio(utf16)
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert result.debtors[0].city == "Fès"


def test_excel_sep_hint_line(write: Writer, tmp_path: Path) -> None:
    path = write("sep.csv", ["sep=,", "nom,cin,montant,note", 'CHRAIBI,BK100001,"1 000,00",x',
                             "ZIANI,Z500005"])
    result = load_portfolio(path, tmp_path / "r.csv", tmp_path / "w.csv")
    assert result.delimiter == ","
    assert (result.rows, result.accepted, result.rejected, result.notices) == (2, 1, 1, 1)
    assert result.debtors[0].debt_amount == 1000.0
    assert read_csv(tmp_path / "w.csv")[1][0] == "2"  # the header is line 2
    assert read_csv(tmp_path / "r.csv")[1][:2] == ["4", "2 fields where the header has 4"]
