"""Issue 17: a local name search on a common name returns a bounded, deterministic candidate
set, narrowed by the debtor's other keys before it is cut, and says when it was cut. Counts
stop one past the cap (their cost must not grow with the store): a cut search says "more than
the cap" (``more``), a search within the cap its exact count."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skiptrace.config import load_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.model import Debtor
from skiptrace.store import Store
from skiptrace.store.search import COMMON_WORD_RECORDS

from .conftest import make_record

CITIES = ("Casablanca", "Rabat", "Fes", "Tanger")
GIVEN = ("Mohamed", "Ahmed", "Omar")
SOURCE = "vehicle_extract"  # the sandbox config's stored copy of the vehicle registry
N = 6 * COMMON_WORD_RECORDS  # BENNANI in 300 records: a common surname


def owner(i: int) -> dict[str, str]:
    return {"name": f"BENNANI {GIVEN[i % 3]}", "cin": f"BK{i:06d}", "city": CITIES[i % 4]}


@pytest.fixture
def common(location: str) -> Iterator[Store]:
    with Store.open(location) as store:
        store.save_records(make_record(SOURCE, f"V-{i}", "vehicle", plate=f"{i}-A-6",
                                       owner=owner(i)) for i in range(N))
        store.save_records([make_record(SOURCE, "V-rare", "vehicle", plate="1-B-1",
                                        owner={"name": "ZEROUALI Mohamed", "city": "Fes"})])
        yield store


def test_common_name_is_narrowed_then_cut_and_says_so(common: Store) -> None:
    found = common.find_records(SOURCE, names=["BENNANI Mohamed"], city="Casablanca", limit=10)
    in_city = [i for i in range(N) if i % 3 == 0 and i % 4 == 0]  # Mohamed, Casablanca
    assert len(found) == 10 and len(in_city) > 10
    assert found.total == 11 and found.more  # type: ignore[attr-defined]  # counted to cap + 1
    assert found.too_broad and found.narrowed == "same city"  # type: ignore[attr-defined]
    assert {r.fields["owner"]["city"] for r in found} == {"Casablanca"}
    assert {r.fields["owner"]["name"] for r in found} == {"BENNANI Mohamed"}
    again = common.find_records(SOURCE, names=["BENNANI Mohamed"], city="Casablanca", limit=10)
    assert [r.key for r in again] == [r.key for r in found]


def test_common_name_within_the_cap_after_narrowing_is_not_cut(common: Store) -> None:
    found = common.find_records(SOURCE, names=["BENNANI Mohamed"], city="Casablanca", limit=30)
    assert len(found) == found.total == 25  # type: ignore[attr-defined]
    assert not found.too_broad and not found.more  # type: ignore[attr-defined]


@pytest.mark.parametrize("limit", [24, 25, 26])
def test_a_count_at_the_cap_is_exact_and_one_past_it_says_more(common: Store, limit: int) -> None:
    found = common.find_records(SOURCE, names=["BENNANI Mohamed"], city="Casablanca", limit=limit)
    assert found.total == min(25, limit + 1)  # type: ignore[attr-defined]  # 25 in the city
    assert found.more is (limit < 25)  # type: ignore[attr-defined]
    assert found.too_broad is (limit < 25)  # type: ignore[attr-defined]


def test_rare_word_needs_no_narrowing(common: Store) -> None:
    found = common.find_records(SOURCE, names=["ZEROUALI Mohamed"], city="Casablanca", limit=10)
    assert [r.key for r in found] == [f"{SOURCE}:V-rare"]  # "Mohamed" alone is common: unused
    assert found.total == 1 and found.narrowed == ""  # type: ignore[attr-defined]


def test_a_key_more_records_share_than_the_cap_gives_none_and_says_so(common: Store) -> None:
    """Its first rows in index order would be an arbitrary slice of namesakes (search.py)."""
    found = common.find_records(SOURCE, identifiers=[("name_key", "s:bn", "Casablanca")],
                                limit=10)
    assert N // 4 > 11 and list(found) == []
    assert found.total == 11 and found.more and found.too_broad  # type: ignore[attr-defined]
    exact = common.find_records(SOURCE, identifiers=[("name_key", "s:bn", "Casablanca")],
                                limit=N)
    assert len(exact) == exact.total == N // 4 and not exact.more  # type: ignore[attr-defined]
    assert {r.fields["owner"]["city"] for r in exact} == {"Casablanca"}


@pytest.mark.parametrize(("limit", "kept"), [(24, 0), (25, 25), (26, 25)])
def test_a_key_within_the_cap_gives_every_record(common: Store, limit: int, kept: int) -> None:
    key = ("name_key", "g:mohamed|bn", "Casablanca")  # 25 Mohamed BENNANI in Casablanca
    found = common.find_records(SOURCE, identifiers=[key], limit=limit)
    assert len(found) == kept and found.total == min(25, limit + 1)  # type: ignore[attr-defined]


def test_given_name_key_in_any_city_keeps_to_the_debtors_city(common: Store) -> None:
    found = common.find_records(SOURCE, identifiers=[("name_key", "g:mohamed|bn", None)],
                                city="Rabat", limit=30)
    assert found.narrowed == "same city"  # type: ignore[attr-defined]
    assert found.total == len(found) == N // 12 > 10  # type: ignore[attr-defined]  # in Rabat
    assert {r.fields["owner"]["city"] for r in found} == {"Rabat"}
    broad = common.find_records(SOURCE, identifiers=[("name_key", "g:mohamed|bn", None)],
                                city="Rabat", limit=10)
    assert list(broad) == [] and broad.narrowed == "same city"  # type: ignore[attr-defined]
    assert broad.total == 11 and broad.more  # type: ignore[attr-defined]


def test_connector_reports_more_than_the_cap_and_too_broad(common: Store) -> None:
    connector = build_connectors(load_config(env={}), HttpClient(), common,
                                 kinds=("file",))[SOURCE]
    debtor = Debtor("D-1", "person", "BENNANI Mohamed", city="Casablanca")
    result = connector.search(DebtorQuery.from_debtor(debtor))
    assert result.status == "too_broad"  # answered, but a search was cut: said, not dropped
    assert len(result.records) <= len(result.searches) * connector.limit  # type: ignore[attr-defined]
    broad = [s for s in result.searches if "too broad" in s["reason"]]
    assert broad and all(s["results"] > connector.limit for s in broad)  # type: ignore[attr-defined]
    assert all(s["too_broad"] is True for s in broad)
    limit = connector.limit  # type: ignore[attr-defined]
    assert all(f"the first {limit} of more than {limit} kept" in s["reason"]
               or f"none of more than {limit} kept" in s["reason"] for s in broad)
    assert any("none of" in s["reason"] for s in broad)  # the surname key within the city
    assert set(broad[0]) == {"key", "value", "reason", "results", "too_broad"}  # schema 1.2.0
    assert f"(more than {connector.limit} results)" in (result.reason or "")
    assert not any("too_broad" in s for s in result.searches if s not in broad)
