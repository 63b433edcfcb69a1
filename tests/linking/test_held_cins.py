"""The CIN an entry held at a link below the pivot threshold prints is asked of the CIN
searches (the vehicle registry's, and the land registry's since session 18), and what it finds
counts only if it links on its own evidence (issue 12, session 17, linking/held_cins.py). Development seed 80036 at 10^3: "LAHLOU S." at the door of LAHLOU
Samira (no CIN in her row), a title's co-owner entry held at 0.6 by the door rule, prints
AB123456; her card "Lahlou S." at that door, under that CIN, was never fetched (the vehicle
route has no name search). Names, doors and numbers changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.held_cins import ABOUT, HELD, held_cin_keys, held_cin_queries
from skiptrace.linking.pivots import PIVOT_THRESHOLD
from skiptrace.model import Debtor, Identifier, Match, Party, Provenance, Record
from skiptrace.pipeline.enrich import Enriched
from tests.batch.test_pivot_rescore import Fake, _enrich

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
CIN = "AB123456"
DOOR = "N° 45, Rue Ibn Sina, Qt Agdal"
DEBTOR = Debtor("D-417", "person", "LAHLOU Samira", first_name="Samira", last_name="LAHLOU",
                city="Rabat", addresses=(DOOR,))


def _record(source: str, rid: str, kind: str, fields: dict[str, Any]) -> Record:
    return Record(kind, fields, Provenance(source, rid, NOW, url=f"http://127.0.0.1/{rid}"))


def _title(owner: str, cin: str, domicile: str = "n° 45 rue Ibn Sina, Agdal, Rabat") -> Record:
    return _record("land_registry", "LR-1", "land_title", {
        "title_number": "TF 12/R", "city": "Rabat", "owners": [
            {"name": "BENNANI Omar", "cin": "A998877", "share": "1/2", "kind": "person",
             "domicile": "n° 9 Av. Fal Ould Oumeir, Rabat"},
            {"name": owner, "cin": cin, "share": "1/2", "kind": "person", "domicile": domicile}]})


def _card(rid: str, holder: str, cin: str, address: str) -> Record:
    return _record("vehicle_registry", rid, "vehicle", {
        "plate": "1234-أ-6", "owner": {"name": holder, "cin": cin, "kind": "person",
                                       "address": address, "city": "Rabat"}})


def _match(probability: float, cin: str | None, rid: str = "LR-1",
           name: str = "LAHLOU S.") -> Match:
    party = Party("owner", "person", name, cin=cin)
    return Match("D-417", _title(name, cin or ""), party, probability=probability)


def test_a_cin_an_entry_held_at_a_link_prints_is_asked_of_the_cin_searches_only() -> None:
    """The vehicle registry's and, since session 18, the land registry's owner search by CIN
    (development seed 80036: a co-owner's title of DEB-0000034's under the CIN an entry held at
    a link prints, never fetched; 30 such searches over five development seeds, no title of
    anyone else's): never by name, never the register, the notices or the directory."""
    (key,) = held_cin_keys([_match(0.6, CIN)], set())
    assert (key.about, key.key, key.value) == (ABOUT, "cin", CIN)
    (query,) = held_cin_queries(DebtorQuery.from_debtor(DEBTOR), [key], 1,
                                ["company_register", "land_registry", "vehicle_registry"])
    assert query.sources == ("land_registry", "vehicle_registry")
    assert query.cin == CIN and not query.names and not query.last_name
    assert CIN not in " ".join(why for _, why in query.because)  # masked
    (land,) = held_cin_queries(DebtorQuery.from_debtor(DEBTOR), [key], 1, ["land_registry"])
    assert land.sources == ("land_registry",)
    assert held_cin_queries(DebtorQuery.from_debtor(DEBTOR), [key], 1,
                            ["company_register", "legal_notices"]) == []


def test_only_below_the_pivot_threshold_and_from_a_link() -> None:
    assert held_cin_keys([_match(HELD - 0.01, CIN)], set()) == []
    assert held_cin_keys([_match(PIVOT_THRESHOLD, CIN)], set()) == []  # the pivots' own
    assert held_cin_keys([_match(0.6, None)], set()) == []


def test_never_a_cin_asked_before_nor_one_two_entries_disagree_on() -> None:
    assert held_cin_keys([_match(0.6, CIN)], {("cin", CIN)}) == []
    assert held_cin_keys([_match(0.6, CIN)], {(f"{ABOUT}_cin", CIN)}) == []
    assert held_cin_keys([_match(0.6, CIN), _match(0.7, "AB654321", "LR-2")], set()) == []


def test_with_a_cin_in_the_row_another_cin_is_someone_elses() -> None:
    """The row's CIN was asked; an entry at 0.6 printing an unrelated CIN is not the debtor's."""
    assert held_cin_keys([_match(0.6, CIN)], {("cin", "K443322")}) == []


def _links(result: Enriched) -> dict[str, float]:
    return {x["record_id"]: x["probability"] for x in result.profile["links"]}


def test_a_card_the_held_cin_finds_links_on_its_own_evidence() -> None:
    """The card at the debtor's door under "Lahlou S." links (the door rule, as if fetched any
    other way); a card of the same CIN at another address under an initial does not: the CIN
    that found it is no evidence."""
    land = Fake("land_registry", {("name", DEBTOR.name): [_title("LAHLOU S.", CIN)]})
    vehicles = Fake("vehicle_registry", {("cin", CIN): [
        _card("VR-1", "Lahlou S.", CIN, "N° 45 Rue Ibn Sina, Agdal"),
        _card("VR-2", "Lahlou S.", CIN, "n° 3 Bd Hassan II, Hay Riad")]})
    result = _enrich(DEBTOR, land, vehicles)
    assert [q.cin for q in vehicles.asked if q.pivot] == [CIN]
    # the land registry's CIN search too, alone: not learned, no name asked with it
    assert [(q.cin, q.names) for q in land.asked if q.pivot] == [(CIN, ())]
    links = _links(result)
    assert links.get("LR-1", 0) >= 0.5 and links.get("VR-1", 0) >= 0.5
    assert "VR-2" not in links
    (pivot,) = [p for p in result.profile["pivots"] if p["about"] == ABOUT]
    assert pivot["value"] != CIN  # masked


def test_a_debtor_with_a_cin_asks_nothing_more() -> None:
    debtor = Debtor("D-418", "person", "LAHLOU Samira", first_name="Samira", last_name="LAHLOU",
                    city="Rabat", addresses=(DOOR,), identifiers=(Identifier("cin", "K443322"),))
    land = Fake("land_registry", {("name", debtor.name): [_title("LAHLOU S.", CIN)]})
    vehicles = Fake("vehicle_registry", {})
    _enrich(debtor, land, vehicles)
    assert [q.cin for q in vehicles.asked] == ["K443322"]
