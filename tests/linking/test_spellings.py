"""Spelling pivots (skiptrace/linking/spellings.py): the debtor's family name as a confident
match writes it, searched once by name on the register; never a spelling already asked, never
a co-party's name, never from a weak match."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.pivots import PIVOT_THRESHOLD
from skiptrace.linking.spellings import (
    NAME_SOURCES,
    asked_spellings,
    spelling_keys,
    spelling_queries,
    surname_as_written,
)
from skiptrace.model import Match, Party, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
QUERY = DebtorQuery("D-1", "person", ("HAMDAOUI Nouredine",), last_name="HAMDAOUI",
                    city="Mohammedia", cin="TA159810")


def listing_match(name: str, probability: float, kind: str = "person") -> Match:
    record = Record("phone", {"name": name, "listing_kind": kind, "phones": ["0677817654"]},
                    Provenance("phone_directory", "PD-7", NOW, url="http://127.0.0.1/pd"))
    return Match("D-1", record, Party("listing", kind, name), probability)


def test_the_family_name_is_taken_in_the_words_the_record_wrote() -> None:
    assert surname_as_written("BERRADA Zineb Fatima Zahra") == "BERRADA"
    assert surname_as_written("Noureddine Hicham HAMDAWI") == "HAMDAWI"
    assert surname_as_written("EL IDRISSI Brahim") == "EL IDRISSI"
    assert surname_as_written("S. BOUZIDI") == "BOUZIDI"  # an initial is no family name
    assert surname_as_written("Bennani N.") == "Bennani"
    assert surname_as_written("Zineb") is None


def test_a_confident_match_spelling_the_family_name_otherwise_gives_a_register_search() -> None:
    asked = asked_spellings(QUERY)
    (key,) = spelling_keys([listing_match("HAMDAWI Noureddine", 0.98)], asked)
    assert (key.key, key.value, key.about, key.record_id) == ("name", "HAMDAWI", "spelling", "PD-7")
    assert "PD-7" in key.because() and "HAMDAWI" in key.because()
    (query,) = spelling_queries(QUERY, [key], 1, ("company_register", "phone_directory", "vehicle_registry"))
    assert query.names == ("HAMDAWI Nouredine",) and query.last_name == "HAMDAWI"
    assert query.sources == NAME_SOURCES == ("company_register",)
    assert query.cin is None and query.phones == () and query.city == "Mohammedia"
    assert query.pivot == 1 and dict(query.because)["name"] == key.because()


def test_the_same_spelling_a_weak_match_or_a_business_gives_nothing() -> None:
    asked = asked_spellings(QUERY)
    assert spelling_keys([listing_match("Nouredine Hamdaoui", 0.99)], asked) == []  # same words
    assert spelling_keys([listing_match("HAMDAWI Noureddine", PIVOT_THRESHOLD - 0.01)], asked) == []
    assert spelling_keys([listing_match("HAMDAWI SERVICES", 0.99, kind="business")], asked) == []
    assert spelling_keys([listing_match("نور الدين الحمداوي", 0.99)], asked) == []  # the register is Latin
    learned = spelling_keys([listing_match("HAMDAWI Noureddine", 0.98)], asked)
    asked |= {k.asked for k in learned}
    assert spelling_keys([listing_match("Hamdawi Nourdine", 0.99)], asked) == []  # asked once


def test_no_query_when_the_register_is_not_configured() -> None:
    (key,) = spelling_keys([listing_match("HAMDAWI Noureddine", 0.98)], asked_spellings(QUERY))
    assert spelling_queries(QUERY, [key], 1, ("phone_directory",)) == []


@given(st.text(max_size=60))
def test_any_name_parses_to_words_it_wrote_or_nothing(name: str) -> None:
    surname = surname_as_written(name)
    assert surname is None or all(word in name.replace(",", " ").split() for word in surname.split())
