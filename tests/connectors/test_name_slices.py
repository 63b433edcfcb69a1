"""A name search that states more than a search may read gives no records (issue 17, decision
0058): its first page is a slice of namesakes in the source's own order, as long as the source
is large (a page of up to 100 titles at 10^5), so it costs scoring that grows with the registry
and finds the debtor only by luck; its narrower searches run instead. An identifier search's
page is the holder's own: it is still read."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from skiptrace.connectors import build_connectors
from skiptrace.connectors.query import DebtorQuery

from . import stub as stub_data
from .conftest import person


def _namesakes(monkeypatch) -> None:  # noqa: ANN001 - pytest's monkeypatch
    """Three more titles of other owners under the debtor's name in Rabat."""
    search_titles = stub_data.search_titles
    (mine,) = [t for t in stub_data.TITLES if t["record_id"] == "LR-000002"]
    others = []
    for k in range(3):
        title = deepcopy(mine)
        title["record_id"] = f"LR-90000{k}"
        for owner in title["owners"]:
            owner["cin"] = None
        others.append(title)

    def with_namesakes(q: dict[str, str]) -> list[dict[str, Any]]:
        found = search_titles(q)
        return found + others if "name" in q and found else found

    monkeypatch.setattr(stub_data, "search_titles", with_namesakes)


def test_a_name_search_over_the_bound_reads_no_slice(stub, stub_config, http, monkeypatch):
    _namesakes(monkeypatch)
    cfg = stub_config(land_registry={"max_results": 3, "max_searches": 1})
    land = build_connectors(cfg, http)["land_registry"]
    result = land.search(DebtorQuery.from_debtor(person(cin=None, city="Rabat")))
    (entry,) = result.searches
    assert entry["key"] == "name" and entry["too_broad"] and entry["results"] == 4
    assert result.records == [] and result.status == "too_broad"
    assert result.requests == 1


def test_within_the_bound_every_title_is_read(stub, stub_config, http, monkeypatch):
    _namesakes(monkeypatch)
    cfg = stub_config(land_registry={"max_results": 4, "max_searches": 1})
    result = build_connectors(cfg, http)["land_registry"].search(
        DebtorQuery.from_debtor(person(cin=None, city="Rabat")))
    assert sorted(r.record_id for r in result.records) == [
        "LR-000002", "LR-900000", "LR-900001", "LR-900002"]
    assert result.status == "ok"


def test_an_identifier_search_over_the_bound_still_reads_its_page(stub, stub_config, http):
    cfg = stub_config(land_registry={"per_page": 10, "max_results": 20, "max_searches": 1})
    result = build_connectors(cfg, http)["land_registry"].search(
        DebtorQuery.from_debtor(person(cin="BE200002")))
    assert result.status == "too_broad" and len(result.records) == 10


def test_a_name_search_asks_no_longer_page_than_it_may_read(stub, stub_config, http,
                                                             monkeypatch):
    # a longer page would only be a slice not read: asked, decoded and validated for nothing
    # (issue 17, session 22); an identifier's page keeps its size, read whatever its count
    _namesakes(monkeypatch)
    cfg = stub_config(land_registry={"per_page": 100, "max_results": 3, "max_searches": 2})
    land = build_connectors(cfg, http)["land_registry"]
    land.search(DebtorQuery.from_debtor(person(city="Rabat")))
    sizes = {("cin" if "cin" in h.query else "name"): int(h.query["per_page"])
             for h in stub.state.of("land_registry")}
    assert sizes == {"cin": 100, "name": 3}
