"""Cells as French spreadsheets write them: amounts, dates, several phones in one cell."""

from __future__ import annotations

from datetime import date

import pytest

from skiptrace.intake.refdata import field_for_header, has_company_marker, kind_from_type
from skiptrace.intake.values import parse_amount, parse_date, split_multi


@pytest.mark.parametrize(("text", "amount"), [
    ("12 345,67", 12345.67),
    ("12\u00a0345,67", 12345.67),
    ("12\u202f345,67 MAD", 12345.67),
    ("1.234.567,50 DH", 1234567.5),
    ("1,250,000.00", 1250000.0),
    ("12,345.67", 12345.67),
    ("-12,5", -12.5),
    ("980", 980.0),
    ("0,5", 0.5),
    ("", None),
    ("   ", None),
])
def test_amounts(text: str, amount: float | None) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["mille", "12,3,4", "12.5.3", "1 2 3 a", "--5", "12,34,567.8"])
def test_not_amounts(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(("text", "day"), [
    ("31/12/1980", date(1980, 12, 31)),
    ("5/6/2020", date(2020, 6, 5)),
    ("05-06-2020", date(2020, 6, 5)),
    ("05.06.2020", date(2020, 6, 5)),
    ("2020-06-05", date(2020, 6, 5)),
    ("2020-06-05T00:00:00", date(2020, 6, 5)),
    ("2020/06/05", date(2020, 6, 5)),
    ("", None),
])
def test_dates(text: str, day: date | None) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["31/02/1980", "1980", "12 mars 1980", "2020-13-01"])
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_split_multi() -> None:
    assert split_multi("0661 00 10 20 / 0522-001020") == ["0661 00 10 20", "0522-001020"]
    assert split_multi("a@x.ma; b@y.ma") == ["a@x.ma", "b@y.ma"]
    assert split_multi("") == []


@pytest.mark.parametrize(("header", "field"), [
    ("Raison Sociale", "company_name"), ("N° CIN", "cin"), ("Montant dû (MAD)", "amount"),
    ("Prénom", "first_name"), ("ID_DEBITEUR", "debtor_id"), ("Date de naissance",
    "birth_date"), ("Forme juridique", "legal_form"), ("Représentant légal",
    "legal_representative"), ("Nom du père", "father_name"), ("E-mail", "email"),
    ("IF", "if"), ("N° affiliation", "cnss"), ("Date situation", "as_of"), ("Couleur", None),
    ("N°CIN", "cin"), ("  n°  cin ", "cin"), ("Montant dû (MAD) :", "amount"), ("رقم البطاقة", None),
])
def test_headers(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


@pytest.mark.parametrize(("value", "kind"), [
    ("Personne Morale", "company"), ("PM", "company"), ("société", "company"),
    ("personne physique", "person"), ("TNS", "person"), ("Auto-Entrepreneur", "person"),
    ("quelque chose", None), ("PERSONNE  PHYSIQUE.", "person"), ("Société", "company"),
])
def test_type_values(value: str, kind: str | None) -> None:
    assert kind_from_type(value) == kind


@pytest.mark.parametrize(("name", "company"), [
    ("STE ATLAS BTP SARL AU", True), ("ATLAS BTP S.A.R.L", True), ("NOUR TRADING SA", True),
    ("Ets. Berrada & Fils", True), ("EL ALAOUI Moulay Ahmed", False), ("SAID Salma", False),
])
def test_company_markers(name: str, company: bool) -> None:
    assert has_company_marker(name) is company
