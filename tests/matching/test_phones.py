from __future__ import annotations

import pytest

from matching.phones import normalize_phone, phone_info


@pytest.mark.parametrize(
    "raw",
    ["06 61 23 45 67", "0661-234567", "06.61.23.45.67", "0661234567", "00212661234567",
     "212661234567", "+212 661 234 567", "+212 (0)6 61 23 45 67", "661234567",
     "Tél : 0661234567"],
)
def test_normalize_phone_variants(raw):
    assert normalize_phone(raw) == "+212661234567"


@pytest.mark.parametrize("raw", ["0596123456", "+21261234567", "abc", "", None, "12", "0" * 80])
def test_invalid_phones(raw):
    assert normalize_phone(raw) is None
    assert not phone_info(raw).valid


def test_line_types_and_carrier():
    mobile = phone_info("0661234567")
    assert (mobile.line_type, mobile.carrier) == ("mobile", "Maroc Telecom")
    fixed = phone_info("0522 00 10 20")
    assert fixed.line_type == "fixed" and fixed.region_hint == "Casablanca"
    assert phone_info("+212592401234").line_type == "voip"
    assert phone_info("0800123456").line_type == "toll_free"


@pytest.mark.parametrize(
    ("legacy", "modern"),
    [("061001020", "+212661001020"), ("022001020", "+212522001020"),
     ("037 70 12 34", "+212537701234")],
)
def test_legacy_nine_digit_numbers(legacy, modern):
    info = phone_info(legacy)
    assert info.e164 == modern
    assert info.legacy and info.ambiguous


def test_modern_numbers_are_not_legacy():
    assert not phone_info("0661001020").legacy


def test_foreign_numbers_keep_their_country():
    assert normalize_phone("+33 6 12 34 56 78") == "+33612345678"


def test_two_numbers_in_one_value_are_no_number():
    assert normalize_phone("0661234567 / 0522001020") is None


def test_a_nine_digit_number_is_no_matching_evidence():
    """061001020 may be the old form of +212661001020 or 0610010209 missing its last digit
    (DOMAIN §5.1): matching never takes it for another subscriber's number (issue 14)."""
    from matching import Description, score
    from matching.phones import unambiguous_phone

    assert unambiguous_phone("061001020") is None
    assert unambiguous_phone("0661001020") == "+212661001020"
    a = Description(kind="person", name="BENNANI Karim", city="Fès", phones=("061001020",))
    other = Description(kind="person", name="BENNANI Karim", city="Fès", phones=("0661001020",))
    levels = {f.field: f.level for f in score(a, other).fields}
    assert "phones" not in levels  # unsure: neither shared nor different


def test_a_padded_ice_is_weak_evidence_never_another_companys_identifier():
    """An ICE written with fewer than 15 digits is padded back (dropped leading zeros), but a
    digit missing anywhere pads into another valid ICE: matching takes it as unsure (issue 14)."""
    from matching import Description, score

    a = Description(kind="company", name="ATLAS BTP", ice="123456000093")
    whole = Description(kind="company", name="ATLAS BTP", ice="000123456000093")
    assert {f.field: f.level for f in score(a, whole).fields}["ice"] == "invalid_agree"
    both = Description(kind="company", name="ATLAS BTP", ice="000123456000093")
    assert {f.field: f.level for f in score(whole, both).fields}["ice"] == "exact"
