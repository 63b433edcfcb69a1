"""Identifier checks follow DOMAIN.md §0: only the ICE has a checksum, the rest are formats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skiptrace.intake.identifiers import check, lookup_value


@pytest.mark.parametrize(("scheme", "raw", "value"), [
    ("ice", "000000101000086", "000000101000086"),
    ("ice", "000 999 888 000 258", "000999888000258"),
    ("ice", "36794000036", "000036794000036"),       # exports drop leading zeros
    ("cin", "bk 100001", "BK100001"),
    ("cin", "A-200002", "A200002"),
    ("cin", "Z500005", "Z500005"),
    ("if", "40000001", "40000001"),
    ("if", "0400002", "00400002"),
    ("cnss", "7000001", "7000001"),
    ("cnss", "100 000 001", "100000001"),
])
def test_valid_identifiers_canonicalise(scheme: str, raw: str, value: str) -> None:
    ident, note = check(scheme, raw)
    assert (ident.valid, ident.value, ident.reason, note) == (True, value, None, None)


@pytest.mark.parametrize(("scheme", "raw", "why"), [
    ("ice", "000123456000094", "mod 97"),
    ("ice", "001526374000085", "mod 97"),  # a vendor's "valid" example (DOMAIN.md §1.2)
    ("ice", "1234567890123456", "15 digits"),
    ("ice", "00012345600009A", "only digits"),
    ("cin", "123456", "letters followed by digits"),
    ("cin", "ABCD12345", "1-3 letters and 1-7 digits"),
    ("if", "4000000100", "8 digits (7 for older ones)"),
    ("cnss", "700000", "7 (affiliation) or 9"),
    ("cnss", "10000000", "7 (affiliation) or 9"),
])
def test_invalid_identifiers_are_kept_with_a_masked_reason(scheme: str, raw: str, why: str) -> None:
    ident, _ = check(scheme, raw)
    assert ident.valid is False and ident.value == raw and why in (ident.reason or "")
    assert raw not in (ident.reason or "")


def test_non_standard_cin_is_valid_with_a_note() -> None:
    ident, note = check("cin", "BE1234567")
    assert ident.valid and note is not None and "non-standard" in note
    assert "BE1234567" not in note


@pytest.mark.parametrize(("raw", "tribunal", "number", "court", "valid"), [
    ("400001", "Casablanca", "400001", "Casablanca", True),
    ("RC n° 123456 Casablanca", None, "123456", "casablanca", True),
    ("Marrakech - 90002", None, "90002", "marrakech", True),
    ("123456/Fès", None, "123456", "fes", True),
    ("400001", None, "400001", None, False),  # a bare RC number: unique only within a court
    ("Casablanca", None, None, None, False),
    ("12345678 Casa", None, None, None, False),  # more than 7 digits,
])
def test_rc_number_and_tribunal(raw: str, tribunal: str | None, number: str | None,
                                court: str | None, valid: bool) -> None:
    ident, _ = check("rc", raw, tribunal)
    assert ident.valid is valid
    assert ident.tribunal == court
    if valid:
        assert ident.value == number


@given(st.integers(min_value=1, max_value=10**13 - 1))  # all zeros is no ICE
def test_every_ice_built_with_its_control_validates(company: int) -> None:
    first13 = f"{company:013d}"
    control = (-int(first13) * 100) % 97
    ident, _ = check("ice", first13 + f"{control:02d}")
    assert ident.valid
    wrong = (control + 1) % 97
    assert not check("ice", first13 + f"{wrong:02d}")[0].valid


def test_lookup_value_is_the_canonical_form() -> None:
    assert lookup_value("ice", "36794000036") == "000036794000036"
    assert lookup_value("cin", "bk-100001") == "BK100001"
    assert lookup_value("rc", "RC 400001 Casablanca") == "400001"
    assert lookup_value("cin", "12-34") == "1234"  # invalid: compacted, still comparable
