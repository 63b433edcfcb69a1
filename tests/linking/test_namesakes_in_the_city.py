"""The debtor's name in the debtor's city, and nothing else: when one source holds that name in
that city for two people or more (two CINs), none of them is the debtor's on the name alone —
at most one is, and the candidates share the odds (issues 12/17: the larger the world, the more
namesakes a name search in a city returns, and name-only evidence that is strong in a small
world is weak in a large one)."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.linking.scoring import household_namesakes, match_records
from skiptrace.model import Debtor, Identifier, Provenance, Record

DEBTOR = Debtor(debtor_id="D-1", kind="person", name="ZEROUALI Ghita", city="Casablanca",
                addresses=("N° 12, Rue Ibn Sina, Qt Maârif",))


def _title(number: str, cin: str | None) -> Record:
    prov = Provenance("land_registry", number, datetime(2026, 11, 1, tzinfo=UTC),
                      url=f"http://127.0.0.1/land_registry/title/{number}")
    owner = {"name": "ZEROUALI Ghita", "share": "1/1", **({"cin": cin} if cin else {})}
    return Record("land_title", {"title_number": number, "city": "Casablanca",
                                 "owners": [owner]}, prov)


def _scored(debtor: Debtor, records: list[Record]) -> dict[str, float]:
    return {m.record.record_id: m.probability
            for m in household_namesakes(match_records(debtor, records), debtor)}


def test_one_title_under_the_name_in_the_city_keeps_the_models_score() -> None:
    alone = _scored(DEBTOR, [_title("T-1", "BE123456")])
    assert alone["T-1"] > 0.5


def test_two_people_of_the_debtors_name_in_the_city_share_the_odds() -> None:
    scores = _scored(DEBTOR, [_title("T-1", "BE123456"), _title("T-2", "BK654321")])
    assert max(scores.values()) < 0.5
    (alone,) = _scored(DEBTOR, [_title("T-1", "BE123456")]).values()
    assert scores["T-1"] < alone


def test_two_titles_under_one_cin_are_one_person() -> None:
    assert min(_scored(DEBTOR, [_title("T-1", "BE123456"), _title("T-2", "BE123456")]).values()) > 0.5


def test_entries_without_a_cin_count_each_as_its_holder() -> None:
    """Nothing says two CIN-less titles are one person's: on the name alone, neither is sure."""
    assert max(_scored(DEBTOR, [_title("T-1", None), _title("T-2", None)]).values()) < 0.5


def test_the_debtors_cin_still_links_beside_a_namesake() -> None:
    known = Debtor(debtor_id="D-2", kind="person", name="ZEROUALI Ghita", city="Casablanca",
                   identifiers=(Identifier("cin", "BE123456"),))
    scores = _scored(known, [_title("T-1", "BE123456"), _title("T-2", "BK654321")])
    assert scores["T-1"] > 0.99 and scores["T-2"] < 0.5
