"""Each API source against the stub: the debtor's true records come back with provenance."""

from __future__ import annotations

from skiptrace.connectors import build_connectors
from skiptrace.connectors.query import DebtorQuery

from .conftest import company, person


def test_land_registry_by_cin_returns_every_title_with_provenance(stub, stub_config, http):
    land = build_connectors(stub_config(), http)["land_registry"]
    result = land.search(DebtorQuery.from_debtor(person()))
    assert result.status == "ok", result.reason
    assert sorted(r.record_id for r in result.records) == ["LR-000001", "LR-000002"]
    title = next(r for r in result.records if r.record_id == "LR-000001")
    assert title.kind == "land_title"
    assert title.fields["title_number"] == "TF 12345/C"
    assert title.fields["area_text"] == "0 ha 1 a 20 ca"
    assert [o["cin"] for o in title.fields["owners"]] == ["BK100001", "BE200002"]
    assert title.fields["charges"][0]["type"] == "hypotheque"
    prov = title.provenance
    assert prov.source == "land_registry" and prov.retrieved_at.tzinfo is not None
    assert prov.url == f"{stub.url}/land_registry/api/titles/LR-000001"
    assert stub.state.of("land_registry")[0].headers["Authorization"].startswith("Bearer ")
    # the CIN, the full name within the city (owner entries without a CIN), then a given-name
    # variant in the budget left (the planner)
    assert [s["key"] for s in result.searches] == ["cin", "name", "name"]
    assert result.searches[0] == {"key": "cin", "value": "BK******", "reason": "owner's CIN",
                                  "results": 2}
    assert result.searches[2]["reason"] == "given-name variant (Mohamed → Mohammed)"
    assert result.requests == 3


def test_land_registry_company_by_ice_and_person_without_cin_by_name_and_city(stub, stub_config, http):
    land = build_connectors(stub_config(), http)["land_registry"]
    by_ice = land.search(DebtorQuery.from_debtor(company()))
    assert [r.record_id for r in by_ice.records] == ["LR-000003"]
    by_name = land.search(DebtorQuery.from_debtor(person(cin=None, city="Rabat")))
    assert [r.record_id for r in by_name.records] == ["LR-000002"]
    # the name and a variant, asked side by side (connectors/ahead.py): in either order
    asked = sorted((h.query["name"], h.query.get("city"))
                   for h in stub.state.of("land_registry")[-2:])
    assert asked == [("EL ALAOUI Mohamed", "Rabat"), ("EL ALAOUI Mohammed", "Rabat")]
    assert [s["key"] for s in by_name.searches] == ["name", "name"]  # reported in plan order
    assert by_name.searches[1]["reason"] == "given-name variant (Mohamed → Mohammed)"


def test_land_registry_paginates(stub, stub_config, http):
    cfg = stub_config(land_registry={"per_page": 10, "max_searches": 1})
    land = build_connectors(cfg, http)["land_registry"]
    result = land.search(DebtorQuery.from_debtor(person(cin="BE200002")))
    assert result.status == "ok"
    assert len(result.records) == 26 == len({r.record_id for r in result.records})
    assert [h.query["page"] for h in stub.state.of("land_registry")] == ["1", "2", "3"]
    assert result.requests == 3


def test_max_pages_reports_the_search_too_broad_not_partial(stub, stub_config, http):
    cfg = stub_config(land_registry={"per_page": 10, "max_pages": 2, "max_searches": 1})
    result = build_connectors(cfg, http)["land_registry"].search(
        DebtorQuery.from_debtor(person(cin="BE200002"))
    )
    assert result.status == "too_broad"
    assert result.reason == "search too broad; cin BE****** (26 results)"
    assert len(result.records) == 20
    assert result.searches[0]["too_broad"] is True and result.searches[0]["results"] == 26


def test_a_first_page_over_max_results_is_not_paged(stub, stub_config, http):
    cfg = stub_config(land_registry={"per_page": 10, "max_results": 20, "max_searches": 1})
    result = build_connectors(cfg, http)["land_registry"].search(
        DebtorQuery.from_debtor(person(cin="BE200002"))
    )
    assert [h.query["page"] for h in stub.state.of("land_registry")] == ["1"]
    assert result.status == "too_broad" and len(result.records) == 10
    assert result.to_status().status == "too_broad"


def test_a_company_name_too_broad_is_narrowed_to_the_city() -> None:
    from skiptrace.connectors.planner import plan

    (by_name,) = [s for s in plan("land_registry", DebtorQuery.from_debtor(
        company(city="Rabat")), 4) if s.key == "name"]
    (narrower,) = by_name.narrower
    assert narrower.params == {**by_name.params, "city": "Rabat"}
    assert "city" not in by_name.params


def test_vehicle_registry_by_cin_and_ice_with_api_key(stub, stub_config, http):
    vehicles = build_connectors(stub_config(), http)["vehicle_registry"]
    mine = vehicles.search(DebtorQuery.from_debtor(person()))
    assert [r.record_id for r in mine.records] == ["VR-000001"]
    car = mine.records[0]
    assert car.kind == "vehicle" and car.fields["plate"] == "12345-أ-6"
    assert car.fields["owner"]["cin"] == "BK100001"
    assert car.fields["pledges"][0]["creditor"] == "Wafasalaf" and car.fields["leasing"] is False
    assert car.provenance.url == f"{stub.url}/vehicle_registry/api/vehicles/VR-000001"
    assert stub.state.of("vehicle_registry")[0].headers["X-API-Key"] == "stub-vehicle-key"
    fleet = vehicles.search(DebtorQuery.from_debtor(company()))
    assert [r.fields["leasing"] for r in fleet.records] == [True]


def test_vehicle_registry_without_identifiers_asks_nothing(stub, stub_config, http):
    vehicles = build_connectors(stub_config(), http)["vehicle_registry"]
    result = vehicles.search(DebtorQuery.from_debtor(person(cin=None)))
    assert result.status == "ok" and result.records == [] and result.requests == 0
    assert stub.state.of("vehicle_registry") == []


def test_geocoder_speaks_nominatim_and_caches(stub, stub_config, http):
    geo = build_connectors(stub_config(), http)["geocoder"]
    query = DebtorQuery.from_debtor(person())
    first = geo.search(query)
    assert first.status == "ok", first.reason
    place = first.records[0]
    assert place.kind == "address" and place.record_id == "501"
    assert place.fields["query"] == "12 Boulevard Zerktouni, Casablanca"
    assert (place.fields["lat"], place.fields["lon"]) == (33.5899, -7.6323)
    assert place.fields["city"] == "Casablanca" and place.fields["postcode"] == "20330"
    sent = stub.state.of("geocoder")[0].query
    assert sent["format"] == "jsonv2" and sent["addressdetails"] == "1" and sent["limit"] == "3"
    assert sent["countrycodes"] == "ma"
    assert place.provenance.url.startswith(f"{stub.url}/geocoder/search?q=")
    again = geo.search(query)
    assert [r.record_id for r in again.records] == ["501"]
    assert len(stub.state.of("geocoder")) == 1 and geo.cache_hits == 1  # one on the network
    assert again.requests == first.requests == 1  # the question asked, cached or not
    assert geo.client.total_requests == 1  # the network's count stays the network's


def test_a_cached_answer_is_written_as_each_asker_wrote_the_address(stub, stub_config, http):
    """Two debtors writing one address otherwise share one request, but each record says what
    its own debtor asked, with the first retrieval's time: a profile does not depend on which
    debtor asked first (a resumed batch asks in another order)."""
    geo = build_connectors(stub_config(), http)["geocoder"]
    first = geo.search(DebtorQuery.from_debtor(person()))
    shouted = DebtorQuery.from_debtor(person(addresses=("12  BOULEVARD ZERKTOUNI",)))
    second = geo.search(shouted)
    assert len(stub.state.of("geocoder")) == 1 and geo.cache_hits == 1
    assert second.requests == first.requests == 1  # and its requests, neither
    assert second.records[0].fields["query"] == "12  BOULEVARD ZERKTOUNI, Casablanca"
    assert first.records[0].fields["query"] == "12 Boulevard Zerktouni, Casablanca"
    assert "BOULEVARD" in second.records[0].provenance.url
    assert second.records[0].provenance.retrieved_at == first.records[0].provenance.retrieved_at


def test_geocode_text_directly(stub, stub_config, http):
    geo = build_connectors(stub_config(), http)["geocoder"]
    assert geo.geocode("Zerktouni Casablanca")[0].fields["road"] == "Boulevard Zerktouni"
    assert geo.geocode("Nowhere street") == []


def test_facts_filter_keeps_only_enabled_kinds(stub, stub_config, http):
    cfg = stub_config(land_registry={"facts": ["vehicle"]})
    result = build_connectors(cfg, http)["land_registry"].search(DebtorQuery.from_debtor(person()))
    assert result.status == "ok" and result.records == []


def test_geocoder_locates_addresses_found_in_other_records(stub, stub_config, http):
    from skiptrace.connectors.geocoder import record_addresses
    from skiptrace.model import Provenance, Record, utcnow

    def rec(kind, fields):
        return Record(kind, fields, Provenance("phone_directory", "PD-1", utcnow()))

    listing = rec("phone", {"name": "Alaoui", "address": "Boulevard Zerktouni", "city": "Casablanca"})
    car = rec("vehicle", {"plate": "1-أ-1", "owner": {"address": "12 Boulevard Zerktouni Casablanca",
                                                      "city": "Casablanca"}})
    place = rec("address", {"display_name": "x", "query": "y"})
    assert record_addresses([listing, car, place, listing]) == [
        "Boulevard Zerktouni, Casablanca", "12 Boulevard Zerktouni Casablanca"
    ]
    geo = build_connectors(stub_config(), http)["geocoder"]
    result = geo.locate([listing, car, place])
    assert result.status == "ok" and [r.record_id for r in result.records] == ["501", "501"]
    assert [r.fields["query"] for r in result.records] == [
        "Boulevard Zerktouni, Casablanca", "12 Boulevard Zerktouni Casablanca"
    ]
    assert result.requests == 2
