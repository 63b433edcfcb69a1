"""A confident match's CIN disputed by the debtor's own entry held at a link at their door
(issue 12, session 18; skiptrace/linking/cin_pivots.disputed). Development seed 40961 at 10^3:
DEB-0000965 (BOUZIDI Omer, Témara) — a same-name son's title entry "BOUZIDI Omer" at the
debtor's door scores 0.988 and pivoted the son's CIN as the debtor's, while the debtor's own
co-owner entry "Bouzidi Omar fils de Abdelkader" (a variant of the name, the same street and
number, 0.886) prints another. Over five development seeds (10^3, 80 CIN pivots), reading the
whole link band instead of the pivot threshold stopped that false pivot and a true one
(12345's DEB-0000537: an Arabic-script namesake's entry in the debtor's quarter at 0.6); asking
the disputing entry to be at the debtor's door, under their name, stops the false one alone."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.cin_pivots import disputed
from skiptrace.linking.pivots import asked_keys, pivot_keys
from skiptrace.model import FieldExplanation, Match, Party, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
NO_CIN = DebtorQuery("D-1", "person", ("BOUZIDI Omer",), last_name="BOUZIDI", city="Témara")
SON, OWN = "AD234528", "AD033619"


def entry(cin: str, probability: float, rid: str, **levels: str) -> Match:
    rec = Record("land_title", {"owners": [{"name": "BOUZIDI Omer", "cin": cin}]},
                 Provenance("land_registry", rid, NOW, url=f"http://127.0.0.1/{rid}"))
    party = Party("owner", "person", "BOUZIDI Omer", cin=cin)
    explained = tuple(FieldExplanation(f, level, -3.0 if level == "different" else 6.0)
                      for f, level in levels.items())
    return Match("D-1", rec, party, probability, explanation=explained)


SONS_TITLE = entry(SON, 0.988, "LR-1", name="exact", address="exact")


def test_the_debtors_own_entry_at_their_door_disputes_a_confident_cin() -> None:
    own = entry(OWN, 0.886, "LR-2", name="variant", address="same_street_number")
    assert disputed([SONS_TITLE, own], 0.9) == frozenset({SON, OWN})
    assert pivot_keys([SONS_TITLE, own], asked_keys(NO_CIN)) == []
    # alone, the confident entry pivots as before
    [key] = pivot_keys([SONS_TITLE], asked_keys(NO_CIN))
    assert key.value == SON


def test_an_entry_away_from_the_door_or_under_another_name_or_below_a_link_does_not() -> None:
    for other in (
        entry(OWN, 0.6, "LR-2", name="skeleton", address="same_quarter"),  # 12345's namesake
        entry(OWN, 0.7, "LR-2", name="different", address="exact"),  # a relative at the door
        entry(OWN, 0.45, "LR-2", name="variant", address="same_street_number"),  # not a link
        entry(OWN, 0.8, "LR-2", name="variant"),  # no address to tell
    ):
        assert disputed([SONS_TITLE, other], 0.9) == frozenset()
        [key] = pivot_keys([SONS_TITLE, other], asked_keys(NO_CIN))
        assert key.value == SON


def test_the_same_cin_at_the_door_is_no_dispute() -> None:
    same = entry(SON, 0.886, "LR-2", name="variant", address="same_street_number")
    assert disputed([SONS_TITLE, same], 0.9) == frozenset()


def test_two_confident_cins_stay_disputed_as_before() -> None:
    other = entry(OWN, 0.95, "LR-2", name="exact", address="same_quarter")
    assert disputed([SONS_TITLE, other], 0.9) == frozenset({SON, OWN})
