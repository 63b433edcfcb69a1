from __future__ import annotations

import pytest

from matching.companies import (
    company_name_keys,
    compare_company_names,
    legal_forms_compatible,
    normalize_company_name,
    parse_company_name,
)
from tests.matching._cases import case_id, load_cases

PAIRS = load_cases("company_names")


@pytest.mark.parametrize("row", PAIRS, ids=case_id)
def test_compare_company_names_table(row):
    result = compare_company_names(row["a"], row["b"])
    assert result.level == row["level"], (result.detail, result.score)
    assert compare_company_names(row["b"], row["a"]).level == row["level"]


@pytest.mark.parametrize(
    ("raw", "core", "form"),
    [
        ("STE ATLAS BTP SARL AU", "atlas btp", "SARL AU"),
        ("ATLAS BTP S.A.R.L", "atlas btp", "SARL"),
        ("ATLAS BTP SARLAU", "atlas btp", "SARL AU"),
        ("ATLAS BTP SARL A.U.", "atlas btp", "SARL AU"),
        ("Atlas BTP, société à responsabilité limitée", "atlas btp", "SARL"),
        ("S.A. Nour Trading", "nour trading", "SA"),
        ("Nour Trading SAS", "nour trading", "SAS"),
        ("Tazi Frères SNC", "tazi freres", "SNC"),
        ("GIE Oasis", "oasis", "GIE"),
        ("Sté Sahara", "sahara", None),
        ("شركة أطلس ش.م.م", "اطلس", "SARL"),
    ],
)
def test_parse_company_name(raw, core, form):
    parsed = parse_company_name(raw)
    assert (parsed.core, parsed.legal_form) == (core, form)
    assert normalize_company_name(raw) == core


def test_designators_are_recorded():
    assert parse_company_name("Ets Benjelloun").designators == ("ets",)


def test_legal_forms_compatible():
    assert legal_forms_compatible("SARL AU", "SARL")
    assert legal_forms_compatible(None, "SA")
    assert not legal_forms_compatible("SA", "SARL")


def test_company_keys_meet_and_separate():
    a = company_name_keys("STE ATLAS BTP SARL AU")
    assert a & company_name_keys("Atlas B.T.P S.A.R.L")
    assert a & company_name_keys("شركة أطلس")
    assert not a & company_name_keys("Sahara Immobilier SA")
    assert not any(k == "t:trdnk" for k in company_name_keys("Nour Trading"))
    assert company_name_keys("SARL") == frozenset()
