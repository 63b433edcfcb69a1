from __future__ import annotations

import pytest

from matching.addresses import (
    AddressParts,
    compare_addresses,
    normalize_address,
    normalize_city,
    parse_address,
)


def _parts(p: AddressParts) -> dict[str, str]:
    return {k: getattr(p, k) for k in AddressParts.__dataclass_fields__ if k != "raw" and getattr(p, k)}


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("N° 12, Rue 7, Hay Al Amal, Casablanca 20000",
         {"number": "12", "street_type": "rue", "street": "7", "quarter": "al amal",
          "city": "casablanca", "postcode": "20000"}),
        ("Résidence Al Boustane, Imm. 4, Appt 12, Bd Zerktouni, Casablanca 20100",
         {"residence": "al boustane", "building": "4", "apartment": "12",
          "street_type": "boulevard", "street": "zerktouni", "city": "casablanca",
          "postcode": "20100"}),
        ("Lot. Al Massira, N° 55, Marrakech 40000",
         {"quarter": "al massira", "number": "55", "city": "marrakech", "postcode": "40000"}),
        ("Douar Ait Ali, Commune Tamesloht, Al Haouz", {"quarter": "ait ali", "city": "tamesloht"}),
        ("Km 7, Route de Rabat, Aïn Sebaâ, Casablanca",
         {"number": "km7", "street_type": "route", "street": "de rabat", "quarter": "ain sebaa",
          "city": "casablanca"}),
        ("12 Rue Ibn Tachfine Hay Riad Rabat 10000",
         {"number": "12", "street_type": "rue", "street": "ibn tachfine", "quarter": "riad",
          "city": "rabat", "postcode": "10000"}),
        ("Rés. Nour Imm 3 Appt 5 Etg 2 Av. Mohammed V Casa",
         {"residence": "nour", "building": "3", "apartment": "5", "floor": "2",
          "street_type": "avenue", "street": "mohammed v", "city": "casablanca"}),
        ("حي الرياض زنقة 12 رقم 5 الرباط",
         {"quarter": "الرياض", "street_type": "rue", "street": "12", "number": "5", "city": "rabat"}),
        ("Angle Bd Anfa et Rue Moulay Youssef, Casablanca",
         {"street_type": "boulevard", "street": "anfa", "city": "casablanca"}),
        ("20000", {"postcode": "20000", "city": "casablanca"}),
    ],
)
def test_parse_address(raw, parts):
    assert _parts(parse_address(raw)) == parts


@pytest.mark.parametrize(
    ("raw", "city"),
    [("Casa", "casablanca"), ("Dar El Beida", "casablanca"), ("الدار البيضاء", "casablanca"),
     ("CASABLANCA", "casablanca"), ("Fez", "fes"), ("Fès", "fes"), ("Marrakesh", "marrakech"),
     ("Tangier", "tanger"), ("Mohammadia", "mohammedia"), ("Bni Mellal", "beni mellal"),
     ("El Aaiún", "laayoune"), ("Sla", "sale"), ("Oudjda", "oujda"), ("وجدة", "oujda"),
     ("40000", "marrakech"), ("90010", "tanger"), ("Ville de Kénitra", "kenitra"),
     ("Tamesloht", "tamesloht"), ("", None), ("12", None)],
)
def test_normalize_city(raw, city):
    assert normalize_city(raw) == city


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Résidence Al Boustane, Imm. 4, Appt 12, Bd Zerktouni, Casablanca 20100",
         "Rés. Al Boustane Imm 4 Appt 12 Boulevard Zerktouni Casa", "exact"),
        ("N° 12, Rue 7, Hay Al Amal, Casablanca 20000", "12 rue 7 hay al amal casablanca", "exact"),
        ("Résidence Al Boustane, Imm. 4, Appt 12, Casablanca", "Res Al Boustane Imm 4 Appt 7, Casa",
         "same_street_number"),
        ("N° 12, Rue 7, Hay Al Amal, Casablanca", "N 12 rue 7 hay al amal appt 4 casablanca",
         "same_street_number"),
        ("N° 12, Rue 7, Hay Al Amal, Casablanca", "N° 14, Rue 7, Hay Al Amal, Casablanca", "same_street"),
        ("N° 12, Rue 7, Hay Al Amal, Casablanca", "Rue 9, Hay Al Amal, Casablanca", "same_quarter"),
        ("Hay Riad, Rabat", "N 3 Rue 5 Hay Ryad Rabat", "same_quarter"),
        ("Hay Nahda 1, Rabat", "Hay Nahda 2, Rabat", "same_city"),
        ("Hay Nahda 2, Rabat", "Hay Nahda, Rabat", "same_quarter"),
        ("حي الرياض الرباط", "Hay Riad, Rabat", "same_quarter"),
        ("Bd Anfa, Casablanca", "Rue Ibn Batouta, Casa", "same_city"),
        ("N 7 Derb Sultan Casablanca", "7, Derb Sultan, Casablanca", "exact"),
        ("Lot Al Massira N 55 Marrakech", "55, Lotissement Al Massira, Marrakech, 40000", "exact"),
        ("Lot Al Massira N 55 Marrakech", "Lot Al Massira N 56 Marrakech", "same_street"),
        ("Appt 3, Imm 12, Résidence Yasmine, Casablanca", "Résidence Yasmine, Casablanca",
         "same_street"),
        ("N° 12, Rue Ibn Tachfine, Hay Riad, Rabat 10000",
         "12, Rue Ibn Tachfine, Riad, Rabat, 10000", "exact"),
        ("Rue 7, Rabat", "Rue 7, Casablanca", "different_city"),
        ("Rue 7, Rabat 10000", "Rue 7, 20000", "different_city"),
        ("", "Rabat", "unknown"),
        ("Bd Anfa", "Rue Ibn Batouta", "unknown"),
    ],
)
def test_compare_addresses(a, b, level):
    result = compare_addresses(a, b)
    assert result.level == level
    assert compare_addresses(b, a).level == level
    name, score = result
    assert name == level and 0.0 <= score <= 1.0


def test_normalize_address_is_canonical():
    a = normalize_address("Résidence Al Boustane, Imm. 4, Appt 12, Bd Zerktouni, Casablanca 20100")
    b = normalize_address("rés. al boustane imm 4 appt 12 boulevard zerktouni 20100 Casa")
    assert a == b == ("boulevard zerktouni, residence al boustane, immeuble 4, appartement 12, "
                      "20100 casablanca")
