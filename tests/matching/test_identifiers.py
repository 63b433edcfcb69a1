from __future__ import annotations

import pytest

from matching.identifiers import (
    FORMATS,
    InvalidChecksum,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
    cin,
    cnss,
    get_format,
    ice,
    if_,
    land_title,
    plate,
    rc,
)


@pytest.mark.parametrize("module", FORMATS, ids=lambda m: m.NAME)
def test_every_format_has_the_same_vocabulary(module):
    for attr in ("NAME", "TITLE", "STRONG", "compact", "normalize", "validate", "is_valid", "format"):
        assert hasattr(module, attr)
    assert module.__doc__ and len(module.__doc__) > 100
    assert get_format(module.NAME) is module


@pytest.mark.parametrize("module", FORMATS, ids=lambda m: m.NAME)
@pytest.mark.parametrize("garbage", [None, "", "   ", "???", "é" * 50, 12.5, "\x00"])
def test_normalize_never_raises(module, garbage):
    assert module.normalize(garbage) is None or isinstance(module.normalize(garbage), str)


def test_get_format_unknown():
    with pytest.raises(KeyError, match="known"):
        get_format("passport")


def test_errors_are_value_errors():
    assert issubclass(InvalidIdentifier, ValueError)
    for cls in (InvalidFormat, InvalidLength, InvalidChecksum):
        assert issubclass(cls, InvalidIdentifier)


# ICE ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value", ["000000101000086", "000000202000075", "000000303000161", "000123456000093",
              "000999888000258"])
def test_ice_valid(value):
    assert ice.validate(value) == value
    assert ice.validate(" ".join([value[:3], value[3:9], value[9:]])) == value


def test_ice_left_pads_exports():
    assert ice.validate("36794000036") == "000036794000036"
    assert ice.validate(101000086) == "000000101000086"


@pytest.mark.parametrize(
    ("value", "error"),
    [("000123456000094", InvalidChecksum), ("123456789", InvalidLength),
     ("0001234560000931", InvalidLength), ("00012345600009A", InvalidFormat),
     ("001526374000085", InvalidChecksum), ("0", InvalidFormat)])
def test_ice_invalid(value, error):
    with pytest.raises(error):
        ice.validate(value)
    assert not ice.is_valid(value)
    assert ice.normalize(value) is None


def test_ice_check_digits_roundtrip():
    for first13 in ("0001234560000", "9999999990001", "0000000010000"):
        assert ice.is_valid(first13 + ice.calc_check_digits(first13))


# CIN ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "canonical", "standard"),
    [("BK100001", "BK100001", True), ("a200002", "A200002", True), ("JM 300003", "JM300003", True),
     ("ee-400004", "EE400004", True), ("Z500005", "Z500005", True),
     ("BE1234567", "BE1234567", False), ("ABC123", "ABC123", False), ("B0001", "B0001", False)])
def test_cin(raw, canonical, standard):
    assert cin.validate(raw) == canonical
    assert cin.is_standard(raw) is standard


@pytest.mark.parametrize(("raw", "error"), [("123456", InvalidFormat), ("ABCD12345", InvalidLength),
                                            ("B12345678", InvalidLength), ("12AB", InvalidFormat)])
def test_cin_invalid(raw, error):
    with pytest.raises(error):
        cin.validate(raw)
    assert cin.normalize(raw) is None


def test_cin_prefix():
    assert cin.prefix("bk123456") == "BK"
    assert cin.prefix("123") is None


# RC ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "tribunal", "canonical"),
    [("400001", "Casablanca", "casablanca:400001"), ("RC 400001 Casa", None, "casablanca:400001"),
     ("R.C. n° 90002 - Marrakech", None, "marrakech:90002"), ("400001", None, "400001"),
     ("400001", "Tribunal de commerce de Casablanca", "casablanca:400001"),
     ("RC 012345 Rabat", None, "rabat:12345")])
def test_rc(raw, tribunal, canonical):
    assert rc.validate(raw, tribunal) == canonical
    assert rc.has_tribunal(raw, tribunal) is (":" in canonical)


def test_rc_invalid():
    with pytest.raises(InvalidFormat):
        rc.validate("RC Casablanca")
    with pytest.raises(InvalidLength):
        rc.validate("RC 123456789")


# IF, CNSS ----------------------------------------------------------------------------------

def test_if():
    assert if_.validate("40000001") == "40000001"
    assert if_.validate("0400002") == "00400002"
    assert if_.validate("400 0002") == "04000002"
    with pytest.raises(InvalidLength):
        if_.validate("4000000100")
    with pytest.raises(InvalidFormat):
        if_.validate("4000A001")


def test_cnss():
    assert cnss.validate("7000001") == "7000001"
    assert cnss.kind("7000001") == "affiliation"
    assert cnss.validate("100 000 001") == "100000001"
    assert cnss.kind("100000001") == "immatriculation"
    assert cnss.normalize("700000") is None
    assert cnss.normalize("10000000") is None
    assert cnss.normalize("100000001", kind="affiliation") is None
    with pytest.raises(InvalidFormat):
        cnss.validate("70A0001")


# land titles -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("TF 12345/C", "12345/C"), ("T.F. n° 12345/C", "12345/C"), ("titre foncier 012345 / c", "12345/C"),
     ("12345-C", "12345/C"), ("TF 4521/04", "4521/04"), ("الرسم العقاري عدد 12345/04", "12345/04"),
     ("Réquisition n° 6789/C", "R6789/C"), ("R 6789/C", "R6789/C")])
def test_land_title(raw, canonical):
    assert land_title.validate(raw) == canonical


def test_land_title_without_suffix():
    assert land_title.normalize("TF 12345") == "12345"
    with pytest.raises(InvalidFormat):
        land_title.validate("TF 12345")
    assert land_title.parse("TF 12345/C") == land_title.LandTitle("12345", "C", False)
    assert land_title.format("R6789/C") == "Réquisition 6789/C"


# plates ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("12345 | أ | 6", "12345-أ-6"), ("12345-أ-6", "12345-أ-6"), ("12345 أ 6", "12345-أ-6"),
     ("12345 | A | 6", "12345-أ-6"), ("12345A6", "12345-أ-6"), ("987 | ب | 40", "987-ب-40"),
     ("987 B 40", "987-ب-40"), ("4521-د-26", "4521-د-26"), ("4521 D 26", "4521-د-26"),
     ("6 | أ | 12345", "12345-أ-6"), ("١٢٣٤٥ | أ | ٦", "12345-أ-6"), ("100 H 1", "100-ه-1"),
     ("55 T 89", "55-ط-89"), ("1234-56 | 7", "1234-56-7"), ("WW 123456", "WW-123456"),
     ("ww-123456", "WW-123456")])
def test_plate(raw, canonical):
    assert plate.validate(raw) == canonical


@pytest.mark.parametrize("raw", ["12345 | أ | 95", "12345 | ب | 0", "12345-X-6", "1234-56 | 12", "ABC"])
def test_plate_invalid(raw):
    with pytest.raises(InvalidFormat):
        plate.validate(raw)


def test_plate_region_and_display():
    assert plate.region_name("12345 | أ | 6") == "Casablanca-Anfa"
    assert plate.format("12345-A-6") == "12345 | أ | 6"


@pytest.mark.parametrize(
    ("value", "city"),
    [("BK100001", "casablanca"), ("A200002", "rabat"), ("AB123456", "sale"),
     ("JM300003", "ait melloul"), ("EE400004", "marrakech"), ("BX123456", "mre"), ("123", None)])
def test_cin_issuing_city_hint(value, city):
    assert cin.issuing_city(value) == city


@pytest.mark.parametrize(
    ("module", "raw", "canonical"),
    [(ice, "ICE : 000 000 101 000 086", "000000101000086"),
     (ice, "I.C.E. N° 000000101000086", "000000101000086"),
     (if_, "IF: 40000001", "40000001"), (if_, "I.F. n° 0400002", "00400002"),
     (if_, "N° 40000001", "40000001"), (cin, "CIN: BK100001", "BK100001"),
     (cin, "C.I.N. N° BK100001", "BK100001"), (cin, "CNIE BK 100001", "BK100001"),
     (cin, "N123456", "N123456"), (cnss, "CNSS n° 7000001", "7000001"),
     (cnss, "Affiliation CNSS : 7000001", "7000001")],
)
def test_leading_labels_are_dropped(module, raw, canonical):
    assert module.validate(raw) == canonical
