"""A business listing under another name at a company debtor's own number, in its city, is its
brand or trade name (DOMAIN §7.2b), also when the portfolio row gives the city and no address
(issue 12, session 16: development seed 12345, 10^3 live, "IBDAE TRANSPORT" at the number of
the row "DISTCOMAM, Casablanca" scored 0.18, the rule reading no address as no place)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skiptrace.linking.scoring import BRAND_LISTING, match_records
from skiptrace.model import Debtor, Provenance, Record


def _company(address: str | None) -> Debtor:
    return Debtor(debtor_id="D-1", kind="company", name="DISTCOMAM", city="Casablanca",
                  addresses=(address,) if address else (), phones=("+212522285137",))


def _listing(city: str, phone: str = "05 22 28 51 37") -> Record:
    prov = Provenance("phone_directory", "PD-1", datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/p")
    return Record("phone", {"name": "IBDAE TRANSPORT", "listing_kind": "business", "city": city,
                            "address": "Rés. Al Firdaous, Imm. 5, Apt 18, 117, Bd Al Qods",
                            "phones": [phone]}, prov)


def _probability(debtor: Debtor, record: Record) -> float:
    (match,) = match_records(debtor, [record])
    return match.probability


@pytest.mark.parametrize("address", [None, "117, Bd Al Qods, Aïn Chock"])
def test_a_business_at_the_companys_number_in_its_city_is_its_brand(address: str | None) -> None:
    assert _probability(_company(address), _listing("Casablanca")) >= BRAND_LISTING


def test_in_another_city_a_row_without_address_gives_no_brand() -> None:
    assert _probability(_company(None), _listing("Fès")) < 0.5


def test_on_another_number_it_is_another_business() -> None:
    assert _probability(_company(None), _listing("Casablanca", "05 22 99 99 99")) < 0.5
