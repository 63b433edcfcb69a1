"""Facts extracted from legal notices written in varied styles (fixtures/notices/cases.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from spiders.notices_parser import capital, notice_kind, parse_notice, rc
from spiders.notices_text import city_of, clause

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "notices" / "cases.yml").read_text("utf-8"))
FIELDS = ("notice_kind", "company", "legal_form", "capital", "address", "city", "rc_number",
          "rc_tribunal")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_notice_fields(case: dict[str, Any]) -> None:
    got = parse_notice(case["text"], title=case.get("title"))
    expect = case["expect"]
    assert {k: got.get(k) for k in FIELDS} == {k: expect.get(k) for k in FIELDS}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_notice_people(case: dict[str, Any]) -> None:
    got = parse_notice(case["text"], title=case.get("title"))
    assert got["people"] == case["expect"]["people"]


def test_title_kind_wins_over_the_text() -> None:
    text = "Suite à la cession de parts, M. X Y est nommé gérant."
    assert notice_kind(text) == "cession_parts"
    assert notice_kind(text, title="ABC SARL - Changement de gérant") == "changement_gerant"


@pytest.mark.parametrize(("text", "amount"), [
    ("au capital de 100 000,00 dirhams", 100000.0),
    ("Capital : 1.000.000 DH", 1000000.0),
    ("capital social fixé à la somme de 25 000 MAD", 25000.0),
    ("le capital a été porté de 10 000 DH à 150 000 DH", 150000.0),
    ("capital variable", None),
])
def test_capital(text: str, amount: float | None) -> None:
    assert capital(text) == amount


@pytest.mark.parametrize(("text", "expected"), [
    ("RC n° 400001 - Casablanca.", ("400001", "Casablanca")),
    ("R.C. : 9876 Oujda", ("9876", "Oujda")),
    ("immatriculée au registre du commerce de Marrakech sous le n° 90002", ("90002", "Marrakech")),
    ("RC 400001. Le dépôt a été fait au tribunal de commerce de Rabat", ("400001", "Rabat")),
    ("sans numéro", (None, None)),
])
def test_rc_and_court(text: str, expected: tuple[str | None, str | None]) -> None:
    assert rc(text) == expected


def test_clause_keeps_abbreviations_and_stops_at_the_next_label() -> None:
    text = "Siège : Rés. Al Boustane, Imm. 4, Bd. Zerktouni, Casablanca. Objet : négoce."
    assert clause(text, len("Siège : ")) == "Rés. Al Boustane, Imm. 4, Bd. Zerktouni, Casablanca"


@pytest.mark.parametrize(("address", "city"), [
    ("N° 12, Bd Zerktouni, Casablanca 20000", "Casablanca"),
    ("Inezgane, Quartier Tarrast N° 20", "Inezgane"),
    ("Lot. Al Massira, N° 55", None),
    (None, None),
])
def test_city_of(address: str | None, city: str | None) -> None:
    assert city_of(address) == city


@pytest.mark.parametrize(("reference", "court"), [
    ("RC n° 4521 - Casablanca", "Casablanca"),
    ("RC Fès n° 4521", "Fès"),
    ("R.C. de Béni Mellal : 4521", "Béni Mellal"),
    ("RC : 4521 (Tanger)", "Tanger"),
    ("registre du commerce de El Jadida sous le numéro 4521", "El Jadida"),
    ("Tribunal de Marrakech, RC n° 4521", "Marrakech"),
    ("السجل التجاري رقم 4521 - المحكمة التجارية بفاس", "Fès"),
    ("السجل التجاري رقم ٤٥٢١ - المحكمة التجارية بالدار البيضاء", "Casablanca"),
    ("السجل التجاري رقم 4521 - المحكمة التجارية بالناضور", "Nador"),
])
def test_rc_references_in_the_layouts_journals_use(reference: str, court: str) -> None:
    text = (f"NOUR TRADING SARL au capital de 100 000 dirhams, siège social : 12, Rue Atlas, "
            f"Rabat, {reference}. Aux termes d'un acte sous seing privé, il a été décidé…")
    assert rc(text) == ("4521", court)


def test_court_words_are_not_a_court() -> None:
    assert rc("au tribunal de Commerce, RC n° 4521.") == ("4521", None)
