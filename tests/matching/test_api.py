"""The public API: score two Descriptions, explain, link and dedupe tables of Descriptions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

import matching
from matching import Description, MatchResult, dedupe, default_model, link, score

FATHER = Description(name="ALAOUI Mohamed", birth_date=date(1956, 3, 2), city="Casablanca",
                     address="N° 12, Rue 7, Hay Al Amal, Casablanca 20000")


def test_public_surface_is_the_documented_one():
    for name in ("Description", "MatchResult", "FieldResult", "Model", "default_model", "score", "link", "dedupe"):
        assert hasattr(matching, name), name
    assert default_model() is default_model()  # loaded once


def test_same_person_with_variant_spelling_and_cin_is_a_match():
    a = Description(name="EL ALAOUI Mohamed", cin="BK100001", city="Casa")
    b = Description(name="Mohammed Alaoui", cin="bk100001", city="Casablanca")
    result = score(a, b)
    assert isinstance(result, MatchResult)
    assert result.probability > 0.99
    fields = {f.field: f for f in result.fields}
    assert fields["cin"].level == "exact" and fields["cin"].weight > 10
    assert fields["name"].level == "variant"
    assert result.match_weight == pytest.approx(result.prior_weight + sum(f.weight for f in result.fields))


def test_son_with_fathers_name_and_address_but_another_birth_date_scores_low():
    son = Description(name="Mohamed Alaoui", birth_date=date(1984, 11, 20), city="Casa",
                      address="12 Rue 7 Hay Al Amal Casablanca")
    same_person = Description(name="Mohamed Alaoui", birth_date=date(1956, 3, 2), city="Casa",
                              address="12 Rue 7 Hay Al Amal Casablanca")
    assert score(FATHER, son).probability < 0.2
    assert score(FATHER, same_person).probability > 0.9
    father_cin = replace(FATHER, cin="BK100001")
    assert score(father_cin, replace(son, cin="BK300003")).probability < 0.01


def test_a_common_name_alone_is_weak_and_a_rare_one_is_stronger():
    common = score(Description(name="ALAOUI Mohamed"), Description(name="Mohamed Alaoui"))
    rare = score(Description(name="ZERHOUNI Anouar"), Description(name="Anouar Zerhouni"))
    assert common.probability < 0.1
    assert rare.match_weight > common.match_weight + 3


def test_an_identifier_flagged_invalid_is_never_strong_evidence():
    a = Description(name="ALAOUI Mohamed", cin="BK100001", invalid=frozenset({"cin"}))
    result = score(a, Description(name="Mohamed Alaoui", cin="BK100001"))
    cin = next(f for f in result.fields if f.field == "cin")
    assert cin.level == "invalid_agree" and abs(cin.weight) < 3
    assert result.probability < 0.5
    failed_checksum = score(Description(kind="company", name="ATLAS BTP", ice="000123456000094"),
                            Description(kind="company", name="NOUR TRADING", ice="000123456000094"))
    assert failed_checksum.probability < 0.01


def test_explanation_sentences_and_masked_values():
    a = Description(name="EL ALAOUI Mohamed", cin="BK100001", birth_date=date(1960, 1, 2))
    b = Description(name="Mohamed Alaoui", cin="BK100001", birth_date=date(1960, 2, 1))
    result = score(a, b)
    lines = result.explain()
    assert any("times more likely to be a match" in line for line in lines)
    assert all("BK100001" not in line for line in lines)
    birth = next(f for f in result.fields if f.field == "birth_date")
    assert birth.level == "typo" and birth.left == "1960-01-02"


def test_link_and_dedupe_descriptions_with_known_answer():
    left = [
        Description(name="EL ALAOUI Mohamed", cin="BK100001", city="Casablanca"),
        Description(kind="company", name="STE ATLAS BTP SARL AU", ice="000123456000093", city="Rabat"),
        Description(name="BENNANI Fatima-Zahra", birth_date=date(1980, 5, 17), city="Fès"),
    ]
    right = [
        Description(name="Fatimazahra Bennani", birth_date=date(1980, 5, 17), city="Fes"),
        Description(name="Mohammed Alaoui", cin="bk 100001", city="Casa"),
        Description(kind="company", name="ATLAS BTP S.A.R.L", ice="000123456000093"),
        Description(name="Youssef Tazi", birth_date=date(1971, 1, 1), city="Oujda"),
    ]
    got = {(p.left, p.right) for p in link(left, right)}
    assert got == {(0, 1), (1, 2), (2, 0)}
    rows = left + right
    pairs = {(p.left, p.right) for p in dedupe(rows)}
    assert pairs == {(0, 4), (1, 5), (2, 3)}


def test_business_listing_filed_as_a_person_is_compared_as_a_company():
    debtor = Description(kind="company", name="ARGANA SECURITE DU SUD S.A.R.L AU", city="Fès",
                         phones=("0535987141",))
    listing = Description(kind="person", name="ARGANA SECURITE SARLAU", city="Fes", phones=("05 35 98 71 41",))
    result = score(debtor, listing)
    fields = {f.field for f in result.fields}
    assert "company" in fields and "name" not in fields
    assert result.probability > 0.9
    assert link([debtor], [listing]).candidates == 1


def test_kinship_written_in_the_name_is_compared_with_the_debtors_father():
    """A land title writes "OUAHBI Hanane fille de Omar" with no father field: the father it names
    is evidence against a debtor whose portfolio gives another father, and for one who gives Omar
    (issue 12, seed 52817: a same-name relative's owner entry at the debtor's door linked at 0.99)."""
    debtor = Description(kind="person", name="OUAHBI Hanane", father_name="Ahmed",
                         address="N° 161, Avenue Mohammed VI, Yacoub El Mansour", city="Rabat")
    entry = Description(kind="person", name="OUAHBI Hanane fille de Omar",
                        address="N° 161 Av. Mohammed VI, Yacoub El Mansour", city="Rabat")
    other = score(debtor, entry)
    assert {f.field: f.level for f in other.fields}["father"] == "different"
    same = score(replace(debtor, father_name="Omar"), entry)
    assert {f.field: f.level for f in same.fields}["father"] == "same"
    assert other.probability < same.probability
    # the debtor's own name may carry it too, and no father on one side stays null
    assert "father" not in {f.field for f in score(replace(debtor, father_name=None), entry).fields}
    written = replace(debtor, name="OUAHBI Hanane bent Ahmed", father_name=None)
    assert {f.field: f.level for f in score(written, entry).fields}["father"] == "different"
