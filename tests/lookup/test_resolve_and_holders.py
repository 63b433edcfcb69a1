"""Which stored debtor typed options designate (skiptrace/lookup/resolve.py), and who the
directory lists for a number (skiptrace/lookup/holders.py), without a sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from skiptrace.intake.lookupquery import debtor_from_options
from skiptrace.lookup.holders import as_debtor, holders, phone_only
from skiptrace.lookup.resolve import resolve
from skiptrace.model import Identifier
from skiptrace.store import Store
from tests.profile.factories import debtor, listing


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        s.upsert_debtors([
            debtor(),  # EL ALAOUI Mohamed, CIN BK100001, Casablanca
            debtor(debtor_id="D-0002", name="ETTAHIRI Yassine", first_name="Yassine",
                   last_name="ETTAHIRI", identifiers=(), city="Agadir", birth_date=None),
            debtor(debtor_id="D-0003", kind="company", name="ATLAS NEGOCE SARL", first_name=None,
                   last_name=None, birth_date=None, city="Rabat",
                   identifiers=(Identifier("rc", "697908", tribunal="Rabat"),)),
        ])
        yield s


def ids(store: Store, **typed: str) -> list[str]:
    return [c.debtor.debtor_id for c in resolve(store, debtor_from_options(**typed))]


def test_an_identifier_designates_its_holder(store: Store) -> None:
    assert ids(store, cin="BK100001") == ["D-0001"]
    assert resolve(store, debtor_from_options(cin="bk 100001"))[0].why == "CIN identique"


def test_an_rc_counts_only_within_its_court(store: Store) -> None:
    assert ids(store, rc="697908", tribunal="Rabat") == ["D-0003"]
    assert ids(store, rc="697908", tribunal="Casablanca") == []


def test_a_name_needs_the_matcher_to_agree(store: Store) -> None:
    assert ids(store, name="Yassine ETTAHIRI", city="Agadir") == ["D-0002"]
    assert ids(store, name="ETTAHIRI Khadija", city="Agadir") == []  # another given name
    assert ids(store, name="EL ALAOUI Mohamed", cin="AB999999", city="Casablanca") == []


def test_a_portfolio_debtor_outranks_lookup_copies_but_not_another_file(store: Store) -> None:
    mine = store.get_debtor("D-0001")
    assert mine is not None
    store.upsert_debtors([replace(mine, debtor_id="lookup-0123456789ab")])
    assert ids(store, cin="BK100001") == ["D-0001"]
    store.upsert_debtors([replace(mine, debtor_id="D-0009")])
    assert sorted(ids(store, cin="BK100001")) == ["D-0001", "D-0009"]


def test_the_holders_of_a_number_are_the_listings_that_carry_it() -> None:
    records = [listing("PD-1", "TAHIRI Yassine", ["07 72 56 72 67"], city="Agadir"),
               listing("PD-2", "Yassine TAHIRI", ["+212772567267"], city="Agadir"),
               listing("PD-3", "OUALI Sara", ["0661000000"]),
               listing("PD-4", "TAHIRI Yassine", ["0772567267"], source="legal_notices")]
    found = holders(records, "0772567267")
    assert [h.name for h in found] == ["TAHIRI Yassine", "Yassine TAHIRI"]  # two spellings
    assert holders(records[:1], "0772567267")[0].city == "Agadir"
    assert holders(records, "0600000000") == []
    options = as_debtor(found[0], "0772567267")
    assert debtor_from_options(**options).name == "TAHIRI Yassine"


def test_phone_only_means_nothing_else_typed() -> None:
    assert phone_only(debtor_from_options(phone="0772567267"))
    assert not phone_only(debtor_from_options(phone="0772567267", name="TAHIRI"))
    assert not phone_only(debtor_from_options(phone="0772567267", cin="BK100001"))
