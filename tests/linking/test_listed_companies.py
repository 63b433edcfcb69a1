"""Companies listed at a person debtor's own number (skiptrace/linking/listed_companies.py):
the listing's name is looked up in the register only, once, never the debtor's own listing,
never a listing at another number."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.listed_companies import (
    MAX_LISTED,
    asked_phones,
    listed_company_keys,
    listed_company_queries,
)
from skiptrace.linking.pivots import asked_keys
from skiptrace.model import Match, Party, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PERSON = DebtorQuery("D-1", "person", ("CHRAIBI Souad",), last_name="CHRAIBI", city="Tanger",
                     phones=("06 11 53 47 30",))


def listing(rid: str, name: str, phone: str, kind: str = "business") -> Record:
    return Record("phone", {"name": name, "listing_kind": kind, "phones": [phone]},
                  Provenance("phone_directory", rid, NOW, url=f"http://127.0.0.1/{rid}"))


def test_a_business_listed_at_the_debtors_number_is_looked_up_in_the_register() -> None:
    asked = asked_keys(PERSON)
    records = [listing("PD-2", "COTRAVA BTP Sarl", "+212611534730"),
               listing("PD-3", "ATLAS FROID", "0522 00 10 20")]  # another number
    [key] = listed_company_keys(asked_phones(asked), [], records, asked)
    assert (key.about, key.key, key.value, key.record_id) == (
        "listed_company", "name", "COTRAVA BTP Sarl", "PD-2")
    assert "lists COTRAVA BTP Sarl at the debtor's number" in key.because()
    [query] = listed_company_queries(PERSON, [key], 1)
    assert (query.kind, query.names, query.sources, query.pivot) == (
        "company", ("COTRAVA BTP Sarl",), ("company_register",), 1)
    assert query.cin is None and query.phones == ()  # the name alone: nothing of the debtor's
    assert query.exact_name  # entries under that very name first (session 25)
    assert listed_company_keys(asked_phones(asked), [], records, asked | {key.asked}) == []


def test_the_debtors_own_listing_and_a_persons_listing_are_not_companies_to_look_up() -> None:
    asked = asked_keys(PERSON)
    own = listing("PD-1", "CHRAIBI TRAITEUR", "+212611534730")
    person = listing("PD-4", "CHRAIBI Souad", "+212611534730", kind="person")
    mine = Match("D-1", own, Party("listing", "company", "CHRAIBI TRAITEUR"), 0.95)
    assert listed_company_keys(asked_phones(asked), [mine], [own, person], asked) == []
    assert listed_company_keys([], [], [own], set()) == []  # no number, nothing listed at it


def test_at_most_a_few_listings_a_round_in_a_stable_order() -> None:
    asked = asked_keys(PERSON)
    records = [listing(f"PD-{i}", f"SOCIETE {i}", "+212611534730") for i in range(5)]
    keys = listed_company_keys(asked_phones(asked), [], list(reversed(records)), asked)
    assert [k.record_id for k in keys] == ["PD-0", "PD-1", "PD-2", "PD-3", "PD-4"][:MAX_LISTED]
