"""A CIN the portfolio mistypes or lacks, taken from a confident match (issue 12;
skiptrace/linking/cin_pivots.py): pivoted on only when it is one character from the
portfolio's on a match confirmed by name and another field, or when the portfolio has none;
never when confident records disagree; what it finds compares "exact" on that CIN."""

from __future__ import annotations

from datetime import UTC, datetime

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.cin_pivots import differing_character, one_character_off
from skiptrace.linking.pivots import PivotKey, asked_keys, known_through, pivot_keys, pivot_query
from skiptrace.linking.scoring import match_records
from skiptrace.model import Debtor, FieldExplanation, Identifier, Match, Party, Provenance, Record

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PORTFOLIO_CIN = "J447669"
REAL_CIN = "J441669"
ROW = DebtorQuery("D-1", "person", ("EL OUARDI Abdeslam",), last_name="EL OUARDI",
                  city="Agadir", cin=PORTFOLIO_CIN)
NO_CIN = DebtorQuery("D-1", "person", ("EL OUARDI Abdeslam",), last_name="EL OUARDI",
                     city="Agadir")


def title_match(cin: str, fields: tuple[str, ...] = ("name", "cin", "address"),
                probability: float = 0.99, rid: str = "LR-1") -> Match:
    """A land title owner entry matched at ``probability``, its agreeing fields as given."""
    rec = Record("land_title", {"owners": [{"name": "EL OUARDI Abdeslam", "cin": cin}]},
                 Provenance("land_registry", rid, NOW, url=f"http://127.0.0.1/{rid}"))
    party = Party("owner", "person", "EL OUARDI Abdeslam", cin=cin)
    explained = tuple(FieldExplanation(f, "exact" if f != "cin" else "one_edit", 5.0)
                      for f in fields)
    return Match("D-1", rec, party, probability, explanation=explained)


def test_one_character_off_means_one_typing_error_within_the_same_letter_prefix() -> None:
    assert one_character_off("J441669", "J447669")  # a digit
    assert one_character_off("BK123456", "BK124356")  # two digits swapped
    assert one_character_off("BK12345", "BK123456")  # one dropped
    assert not one_character_off("J441669", "J441669")  # the same
    assert not one_character_off("J441669", "K441669")  # another office's card
    assert not one_character_off("J441669", "J447668")  # two errors
    assert differing_character("J447669", "J441669") == 4


def test_a_cin_one_character_from_the_portfolios_pivots_and_says_why_masked() -> None:
    [key] = pivot_keys([title_match(REAL_CIN)], asked_keys(ROW))
    assert (key.key, key.value, key.corrects, key.about) == ("cin", REAL_CIN, PORTFOLIO_CIN,
                                                            "debtor")
    because = key.because()
    assert because.startswith("the portfolio's CIN J4***** is one character from J4*****")
    assert "(character 4)" in because and "land_registry LR-1" in because
    assert REAL_CIN not in because and PORTFOLIO_CIN not in because
    assert key.to_dict()["value"] == "J4*****"
    query = pivot_query(ROW, [key], 1)
    assert query is not None and query.cin == REAL_CIN and query.names == ()
    assert dict(query.because)["cin"] == because


def test_no_pivot_when_only_the_name_and_the_near_cin_agree() -> None:
    """The CIN one digit off is what made the match: not evidence enough for a new key."""
    assert pivot_keys([title_match(REAL_CIN, fields=("name", "cin"))], asked_keys(ROW)) == []
    assert pivot_keys([title_match(REAL_CIN, fields=("address", "cin", "birth_date"))],
                      asked_keys(ROW)) == []  # the name must agree too


def test_an_unrelated_cin_or_a_doubtful_match_never_pivots_when_the_portfolio_has_one() -> None:
    assert pivot_keys([title_match("J998877")], asked_keys(ROW)) == []  # a relative's card
    assert pivot_keys([title_match("K441669")], asked_keys(ROW)) == []  # another prefix
    assert pivot_keys([title_match(REAL_CIN, probability=0.89)], asked_keys(ROW)) == []


def test_a_cin_the_portfolio_lacks_pivots_from_a_confident_match_as_before() -> None:
    [key] = pivot_keys([title_match("J998877", fields=("name", "address"))], asked_keys(NO_CIN))
    assert (key.value, key.corrects) == ("J998877", None)
    assert key.because() == "land_registry LR-1 gave the CIN (p 0.99)"


def test_two_confident_records_that_disagree_give_no_cin() -> None:
    near = title_match(REAL_CIN)
    other = title_match("J441668", rid="LR-2")  # one character from the portfolio's too
    assert pivot_keys([near, other], asked_keys(ROW)) == []
    assert pivot_keys([near, other], asked_keys(NO_CIN)) == []
    # the portfolio's own CIN printed in a confident record disputes the correction
    assert pivot_keys([near, title_match(PORTFOLIO_CIN, rid="LR-3")], asked_keys(ROW)) == []


def _vehicle(cin: str, rid: str) -> Record:
    return Record("vehicle", {"plate": "1-A-1", "owner": {"name": "EL OUARDI A.", "cin": cin}},
                  Provenance("vehicle_registry", rid, NOW, url=f"http://127.0.0.1/{rid}"))


def test_what_the_pivoted_cin_finds_compares_exact_and_another_cin_stays_different() -> None:
    debtor = Debtor("D-1", "person", "EL OUARDI Abdeslam", first_name="Abdeslam",
                    last_name="EL OUARDI", identifiers=(Identifier("cin", PORTFOLIO_CIN),))
    key = PivotKey("cin", REAL_CIN, "land_registry", "LR-1", 0.99, corrects=PORTFOLIO_CIN)
    known = known_through(debtor, [key])
    assert [i.value for i in known.identifiers if i.scheme == "cin"] == [REAL_CIN]
    cards = [_vehicle(REAL_CIN, "VR-1"), _vehicle("BE654321", "VR-2"),
             _vehicle(PORTFOLIO_CIN, "VR-3")]
    levels = {m.record.record_id: {f.field: f.level for f in m.explanation}["cin"]
              for m in match_records(known, cards)}
    assert levels == {"VR-1": "exact", "VR-2": "different", "VR-3": "one_edit"}
    before = {m.record.record_id: {f.field: f.level for f in m.explanation}["cin"]
              for m in match_records(debtor, cards)}
    assert before["VR-1"] == "one_edit"  # against the portfolio's typo
