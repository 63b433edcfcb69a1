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
    SCRIPT,
    SCRIPT_SOURCES,
    arabic_name,
    asked_spellings,
    script_keys,
    script_queries,
    spelling_keys,
    spelling_queries,
    surname_as_written,
)
from skiptrace.model import Match, Party, Provenance, Record
from skiptrace.profile.schema import load_schema

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


def title_match(owner: Party, probability: float) -> Match:
    record = Record("land_title", {"title_number": "TF 1/7", "owners": []},
                    Provenance("land_registry", "LR-9", NOW, url="http://127.0.0.1/lr"))
    return Match("D-1", record, owner, probability)


def test_the_arabic_name_a_confident_title_writes_beside_the_latin_is_searched_on_the_land_registry() -> None:
    owner = Party("owner", "person", "HAMDAOUI N.", cin="TA159810",
                  other_names=("نور الدين هشام الحمداوي",))
    (key,) = script_keys([title_match(owner, 0.99)], asked_spellings(QUERY))
    assert (key.key, key.value, key.about, key.record_id) == (
        "name", "نور الدين هشام الحمداوي", SCRIPT, "LR-9")
    assert "Arabic script" in key.because() and "LR-9" in key.because()
    (query,) = script_queries(QUERY, [key], 1, ("company_register", "land_registry"))
    assert query.names == ("نور الدين هشام الحمداوي",) and query.sources == SCRIPT_SOURCES
    assert query.cin is None and query.last_name is None and query.pivot == 1
    assert dict(query.because)["name"] == key.because()
    # no land registry configured: no query; the register and the notices never get it
    assert script_queries(QUERY, [key], 1, ("company_register", "legal_notices")) == []
    assert spelling_queries(QUERY, [key], 1, ("company_register",)) == []


def test_an_arabic_name_comes_once_only_from_a_confident_person_and_never_a_latin_one() -> None:
    arabic = Party("owner", "person", "محمد بنجلون")
    assert arabic_name(arabic) == "محمد بنجلون"
    assert arabic_name(Party("owner", "person", "BENJELLOUN Mohamed")) is None
    assert script_keys([title_match(arabic, PIVOT_THRESHOLD - 0.01)], set()) == []
    company = Party("owner", "company", "شركة الأمل", rc="123")
    assert script_keys([title_match(company, 0.99)], set()) == []
    first = script_keys([title_match(arabic, 0.99)], set())
    asked = {k.asked for k in first}
    # the same words in another order are the same token search: not asked again
    assert script_keys([title_match(Party("owner", "person", "بنجلون محمد"), 0.99)], asked) == []
    two = [title_match(arabic, 0.99), title_match(Party("owner", "person", "كريمة بنجلون"), 0.98)]
    assert [k.value for k in script_keys(two, set())] == ["محمد بنجلون"]  # MAX_SCRIPT_NAMES
    # a spelling key's notice queries never take an Arabic key
    assert first[0].about != "spelling"


def test_the_profile_calls_an_arabic_name_another_writing_of_the_name() -> None:
    def enums(node: object) -> list[list[object]]:
        if isinstance(node, dict):
            found = [node["enum"]] if isinstance(node.get("enum"), list) else []
            return found + [e for v in node.values() for e in enums(v)]
        return [e for v in node for e in enums(v)] if isinstance(node, list) else []

    (abouts,) = [e for e in enums(load_schema()) if "notice_spelling" in e]
    (key,) = script_keys([title_match(Party("owner", "person", "محمد بنجلون"), 0.99)], set())
    entry = key.to_dict()
    assert entry["about"] == "spelling" and entry["about"] in abouts and entry["value"] == "محمد بنجلون"
    assert entry["record_id"] == "LR-9" and "Arabic script" in str(entry["because"])
