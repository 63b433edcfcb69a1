"""Denomination pivots (skiptrace/linking/denominations.py): the names a company debtor's own
register entry gives it (denomination, old names), searched once by name on the notices, the
land registry and the directory; never a name already asked, never from a weak match, a
manager or another source; what that name fetches is scored against the company so named, no
surer than the register match."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.denominations import (
    MAX_DENOMINATIONS,
    NAME_SOURCES,
    asked_denominations,
    capped_by,
    denomination_keys,
    denomination_queries,
    named_as,
)
from skiptrace.linking.pivots import PIVOT_THRESHOLD
from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, Match, Party, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
QUERY = DebtorQuery("D-1", "company", ("NDME SNC",), rc="91036", tribunal="Meknès", city="Meknès")
ENTRY = {"denomination": "DELTA MATERIAUX", "legal_form": "SNC", "rc_number": "91036",
         "rc_tribunal": "Meknès", "city": "Meknès",
         "old_names": ["NOUVELLE DELTA MATERIAUX EXPRESS"], "sigle": None}


def register_match(probability: float, fields: dict[str, object] | None = None, *,
                   role: str = "subject", source: str = "company_register") -> Match:
    record = Record("company", fields or ENTRY,
                    Provenance(source, "CR-1", NOW, url="http://127.0.0.1/cr"))
    kind = "company" if role == "subject" else "person"
    return Match("D-1", record, Party(role, kind, "DELTA MATERIAUX SNC"), probability)


def test_the_register_entry_gives_its_denomination_then_its_old_name() -> None:
    keys = denomination_keys([register_match(1.0)], asked_denominations(QUERY))
    assert [(k.key, k.value, k.about, k.record_id) for k in keys] == [
        ("name", "DELTA MATERIAUX", "denomination", "CR-1"),
        ("name", "NOUVELLE DELTA MATERIAUX EXPRESS", "denomination", "CR-1")]
    assert "CR-1" in keys[0].because() and "DELTA MATERIAUX" in keys[0].because()
    assert keys[0].to_dict()["value"] == "DELTA MATERIAUX"  # a company name, not masked


def test_each_name_is_a_name_search_on_the_sources_that_search_companies_by_name() -> None:
    keys = denomination_keys([register_match(1.0)], asked_denominations(QUERY))
    every = ("company_register", "legal_notices", "land_registry", "phone_directory",
             "vehicle_registry")
    queries = denomination_queries(QUERY, keys, 1, every)
    assert [q.names for q in queries] == [("DELTA MATERIAUX",), ("NOUVELLE DELTA MATERIAUX EXPRESS",)]
    for query in queries:
        assert query.sources == NAME_SOURCES
        assert query.kind == "company" and query.city == "Meknès" and query.pivot == 1
        assert query.rc is None and query.ice is None and query.phones == ()
    assert denomination_queries(QUERY, keys, 1, ("company_register", "vehicle_registry")) == []


def test_a_name_already_asked_a_weak_match_or_someone_else_gives_nothing() -> None:
    same = DebtorQuery("D-1", "company", ("Sté DELTA MATERIAUX SNC",), city="Meknès")
    keys = denomination_keys([register_match(1.0)], asked_denominations(same))
    assert [k.value for k in keys] == ["NOUVELLE DELTA MATERIAUX EXPRESS"]  # legal form aside
    asked = asked_denominations(QUERY)
    assert denomination_keys([register_match(PIVOT_THRESHOLD - 0.01)], asked) == []
    assert denomination_keys([register_match(1.0, role="manager")], asked) == []
    assert denomination_keys([register_match(1.0, source="legal_notices")], asked) == []


@given(st.lists(st.text(alphabet="ABCDEFG ", min_size=1, max_size=12), max_size=6))
def test_never_more_than_the_cap_never_one_name_twice(old: list[str]) -> None:
    fields = dict(ENTRY, old_names=old)
    keys = denomination_keys([register_match(1.0, fields), register_match(0.95, fields)],
                             asked_denominations(QUERY))
    assert len(keys) <= MAX_DENOMINATIONS
    assert len({k.asked for k in keys}) == len(keys)
    assert all(k.asked[1] for k in keys)


def test_a_notice_printing_only_the_denomination_links_to_the_company_so_named() -> None:
    debtor = Debtor("D-1", "company", "NDME SNC", city="Meknès")
    notice = Record("notice", {"company": "DELTA MATERIAUX", "legal_form": "SNC",
                               "city": "Meknès", "title": "DELTA MATERIAUX - Transfert du siège"},
                    Provenance("legal_notices", "LN-1", NOW, url="http://127.0.0.1/ln"))
    (as_written,) = match_records(debtor, [notice])
    (key, _old) = denomination_keys([register_match(0.97)], asked_denominations(QUERY))
    ((named, got),) = named_as(debtor, [key])
    assert named.name == "DELTA MATERIAUX" and got is key
    (as_named,) = [capped_by(m, key) for m in match_records(named, [notice])]
    assert as_written.probability < 0.5 <= as_named.probability <= 0.97


def test_a_match_through_a_learned_name_is_no_surer_than_the_register_match() -> None:
    (key, _old) = denomination_keys([register_match(0.93)], asked_denominations(QUERY))
    sure = replace(register_match(1.0), probability=0.999)
    assert capped_by(sure, key).probability == 0.93
    weak = replace(sure, probability=0.4)
    assert capped_by(weak, key) is weak
    assert named_as(Debtor("P-1", "person", "ALAOUI Said"), [key]) == []
