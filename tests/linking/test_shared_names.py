"""A name that the debtor's records show carried by different people is no evidence on its own
(issues 12/17: at 10^5 a "LAMRANI Meryem" with no CIN in the portfolio was linked at 0.69 to 9
land titles whose owners carry several CINs, each on name and city alone)."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.config import SourceConfig
from skiptrace.connectors.base import ConnectorResult
from skiptrace.linking.namesakes import NAMESAKE_CAP, shared_names
from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, Identifier, Provenance, Record
from skiptrace.pipeline.enrich import Enricher

DEBTOR = Debtor(debtor_id="D-1", kind="person", name="LAMRANI Meryem", city="Casablanca")


def _title(record_id: str, owner: str, cin: str | None = None,
           domicile: str = "Casablanca") -> Record:
    prov = Provenance("land_registry", record_id, datetime(2026, 11, 1, tzinfo=UTC),
                      url=f"http://127.0.0.1/land_registry/api/titles/{record_id}")
    return Record("land_title", {
        "title_number": f"TF {record_id}/C", "city": "Casablanca",
        "owners": [{"name": owner, "cin": cin, "share": "1/1", "kind": "person",
                    "domicile": domicile}]}, prov)


def _probabilities(records: list[Record], debtor: Debtor = DEBTOR) -> dict[str, float]:
    return {m.record.record_id: m.probability
            for m in shared_names(match_records(debtor, records))}


def test_one_name_only_title_still_links() -> None:
    """Alone, a name and a city remain what the model says: the rule needs the records to show
    the name shared."""
    probabilities = _probabilities([_title("LR-1", "LAMRANI Meryem", "B611910")])
    assert probabilities["LR-1"] > 0.5


def test_titles_under_the_name_for_two_cins_are_held_as_candidates() -> None:
    records = [_title("LR-1", "LAMRANI Meryem", "B611910"),
               _title("LR-2", "Meryem Lamrani", "BK22871"),
               _title("LR-3", "Hajja Meryem Lamrani")]
    before = {m.record.record_id: m.probability for m in match_records(DEBTOR, records)}
    assert all(p > 0.5 for p in before.values())  # what the model alone gives
    matches = shared_names(match_records(DEBTOR, records))
    assert {m.record.record_id: m.probability for m in matches} == {
        "LR-1": NAMESAKE_CAP, "LR-2": NAMESAKE_CAP, "LR-3": NAMESAKE_CAP}
    (name,) = (f for f in matches[0].explanation if f.field == "name")
    assert "different CINs" in name.sentence and "B611910" in name.sentence


def test_two_fathers_named_in_the_names_show_two_people() -> None:
    probabilities = _probabilities([_title("LR-1", "Meryem Lamrani bent Rachid"),
                                    _title("LR-2", "Meryem Lamrani bent Ahmed")])
    assert probabilities == {"LR-1": NAMESAKE_CAP, "LR-2": NAMESAKE_CAP}


def test_the_same_cin_twice_is_one_person_and_keeps_its_links() -> None:
    probabilities = _probabilities([_title("LR-1", "LAMRANI Meryem", "B611910"),
                                    _title("LR-2", "Meryem Lamrani", "B 611910")])
    assert all(p > 0.5 for p in probabilities.values())


def test_a_record_of_the_person_linked_on_more_than_the_name_keeps_its_score() -> None:
    """The debtor's door on one title makes it more than a name; another title under that
    owner's CIN is the same person's, the namesake's under another CIN is held."""
    debtor = Debtor(debtor_id="D-2", kind="person", name="LAMRANI Meryem", city="Casablanca",
                    addresses=("N° 12, Rue Ibn Sina, Qt Maârif, Casablanca",))
    door, quarter = "N° 12, Rue Ibn Sina, Qt Maârif, Casablanca", "Qt Maârif, Casablanca"
    records = [_title("LR-1", "LAMRANI Meryem", "B611910", door),
               _title("LR-2", "Meryem Lamrani", "B611910", quarter),
               _title("LR-3", "Meryem Lamrani", "BK22871", quarter)]
    before = {m.record.record_id: m.probability for m in match_records(debtor, records)}
    assert min(before.values()) > 0.5  # name and quarter alone link LR-2 and LR-3
    probabilities = _probabilities(records, debtor)
    assert probabilities["LR-1"] == before["LR-1"] and probabilities["LR-2"] == before["LR-2"]
    assert probabilities["LR-3"] == NAMESAKE_CAP


def test_a_debtor_with_a_cin_keeps_the_title_that_carries_it() -> None:
    debtor = Debtor(debtor_id="D-3", kind="person", name="LAMRANI Meryem", city="Casablanca",
                    identifiers=(Identifier("cin", "B611910"),))
    probabilities = _probabilities([_title("LR-1", "LAMRANI Meryem", "B611910"),
                                    _title("LR-2", "Meryem Lamrani", "BK22871")], debtor)
    assert probabilities["LR-1"] > 0.9
    assert probabilities["LR-2"] < 0.5


def _listing(record_id: str, name: str) -> Record:
    prov = Provenance("phone_directory", record_id, datetime(2026, 11, 1, tzinfo=UTC),
                      url="http://127.0.0.1/phone_directory/search")
    return Record("phone", {"name": name, "listing_kind": "person", "city": "Casablanca",
                            "phones": ["0522-301122"]}, prov)


def test_namesakes_the_debtors_own_cin_rules_out_leave_the_name_unambiguous() -> None:
    """Two cards under the name with CINs that are not the debtor's are two other people; the
    debtor's listing under the name and city is not made doubtful by them."""
    debtor = Debtor(debtor_id="D-4", kind="person", name="LAMRANI Meryem", city="Casablanca",
                    identifiers=(Identifier("cin", "B611910"),))
    records = [_title("LR-2", "Meryem Lamrani", "BK22871"), _title("LR-3", "Meryem Lamrani", "BH43793"),
               _listing("PD-1", "Meryem Lamrani")]
    before = {m.record.record_id: m.probability for m in match_records(debtor, records)}
    assert before["PD-1"] > 0.5
    assert _probabilities(records, debtor) == before


def test_a_listing_under_a_name_two_possible_owners_carry_is_held() -> None:
    records = [_title("LR-1", "LAMRANI Meryem", "B611910"), _title("LR-2", "Meryem Lamrani", "BK22871"),
               _listing("PD-1", "Meryem Lamrani")]
    assert _probabilities(records)["PD-1"] == NAMESAKE_CAP


class _Titles:
    """A land registry that answers every search with the same titles."""

    source = "land_registry"
    cfg = SourceConfig("land_registry")

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.asked = 0

    def search(self, query: object) -> ConnectorResult:
        self.asked += 1
        return ConnectorResult("land_registry", "ok", list(self.records), requests=1)


def test_the_enricher_holds_the_namesakes_titles_out_of_the_profile() -> None:
    registry = _Titles([_title("LR-1", "LAMRANI Meryem", "B611910"),
                        _title("LR-2", "Meryem Lamrani", "BK22871")])
    enricher = Enricher({"land_registry": registry}, None, as_of=datetime(2026, 11, 27, tzinfo=UTC))
    try:
        enriched = enricher.enrich(DEBTOR)
    finally:
        enricher.close()
    assert registry.asked >= 1
    assert {m.record.record_id: m.probability for m in enriched.matches} == {
        "LR-1": NAMESAKE_CAP, "LR-2": NAMESAKE_CAP}
    assert enriched.profile["links"] == []
