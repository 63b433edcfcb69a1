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
