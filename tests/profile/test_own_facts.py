"""Facts about other people stay theirs (issue 12 step 5): an address a record gives is the
debtor's only when the record says so — the debtor's own party in it — and only then is it
geocoded for the debtor. A co-manager's home, a buyer's domicile or another company's seat is not."""

from __future__ import annotations

from typing import Any

from skiptrace.connectors.base import ConnectorResult
from skiptrace.connectors.geocoder import record_addresses
from skiptrace.linking.locate import locate_matches, own_places
from skiptrace.model import Record
from skiptrace.profile.build import build_profile
from tests.profile.factories import AS_OF, debtor, match, record

MANAGER_HOME = "N° 12, Rue Ibn Sina"
DEBTOR_HOME = "N° 5, Rue Oued Sebou"
SEAT = "N° 40, Boulevard Zerktouni"


class AskedGeocoder:
    """Records what it is asked to geocode, answers nothing."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def locate(self, records: list[Record]) -> ConnectorResult:
        self.asked += record_addresses(records)
        return ConnectorResult("geocoder", "ok", [], requests=0)


def notice(people: list[dict[str, Any]]) -> Record:
    fields = {"notice_type": "constitution", "company": "ATLAS NEGOCE SARL", "legal_form": "SARL",
              "rc_number": "123456", "rc_tribunal": "Casablanca", "address": SEAT,
              "city": "Casablanca", "people": people}
    return record("notice", fields, "legal_notices", "LN-1")


PEOPLE = [
    {"name": "BENNANI Karim", "role": "gérant", "cin": "BE200002", "address": f"demeurant à {MANAGER_HOME}"},
    {"name": "EL ALAOUI Mohamed", "role": "associé", "cin": "BK100001", "address": DEBTOR_HOME},
]


def test_a_notice_naming_the_debtor_as_partner_geocodes_only_the_partner_own_address() -> None:
    rec = notice(PEOPLE)
    as_partner = match(rec, 0.97, party_index=2)  # subject company, manager, partner
    assert as_partner.party is not None and as_partner.party.role == "partner"
    geocoder = AskedGeocoder()
    locate_matches(debtor(), [as_partner], geocoder)
    assert not any("Ibn Sina" in text for text in geocoder.asked), geocoder.asked
    assert not any("Zerktouni" in text for text in geocoder.asked), geocoder.asked  # the company's seat
    assert any("Oued Sebou" in text for text in geocoder.asked), geocoder.asked


def test_the_debtor_profile_never_gets_the_manager_home_or_the_company_seat() -> None:
    rec = notice(PEOPLE)
    profile = build_profile(debtor(), [match(rec, 0.97, party_index=2)], [], as_of=AS_OF)
    texts = " | ".join(str(a.get("value") or a.get("text")) for a in profile["contacts"]["addresses"])
    assert "Ibn Sina" not in texts and "Zerktouni" not in texts


def test_a_buyer_domicile_is_not_the_seller_address() -> None:
    rec = notice([{"name": "EL ALAOUI Mohamed", "role": "cédant", "cin": "BK100001"},
                  {"name": "TAZI Omar", "role": "cessionnaire", "address": f"demeurant à {MANAGER_HOME}"}])
    seller = match(rec, 0.97, party_index=1)
    assert seller.party is not None and seller.party.name == "EL ALAOUI Mohamed"
    assert own_places(seller) == []  # the seller's notice gives no address of his
    geocoder = AskedGeocoder()
    assert locate_matches(debtor(), [seller], geocoder) == ([], None)
    assert geocoder.asked == []


def test_a_company_seat_is_the_company_debtor_own_address() -> None:
    company = debtor(debtor_id="D-0002", kind="company", name="ATLAS NEGOCE SARL", first_name=None,
                     last_name=None, birth_date=None, identifiers=())
    rec = notice(PEOPLE)
    subject = match(rec, 0.97, party_index=0, debtor_id="D-0002")
    assert [text for text, _ in own_places(subject)] == [SEAT]
    geocoder = AskedGeocoder()
    locate_matches(company, [subject], geocoder)
    assert geocoder.asked == [f"{SEAT}, Casablanca"]


def test_the_debtor_own_domicile_in_a_notice_is_where_the_debtor_lives() -> None:
    rec = notice(PEOPLE)
    profile = build_profile(debtor(), [match(rec, 0.97, party_index=2)], [], as_of=AS_OF)
    texts = [str(a.get("value") or a.get("text")) for a in profile["contacts"]["addresses"]]
    assert any("Oued Sebou" in text for text in texts), texts
