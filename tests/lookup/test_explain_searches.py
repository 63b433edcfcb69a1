"""``lookup --explain``: a search too broad to read says so beside its count (issue 17)."""

from __future__ import annotations

from skiptrace.lookup.command import explain_searches


def test_a_too_broad_search_is_marked_and_a_plain_one_is_not() -> None:
    profile = {"searches": [
        {"source": "legal_notices", "key": "name", "value": "E* A*****", "reason": "name as written",
         "results": 1014, "too_broad": True, "narrowed": 1},
        {"source": "legal_notices", "key": "name", "value": "E* A***** C*********",
         "reason": "name as written, in the city", "results": 12},
        {"source": "phone_directory", "key": "surname", "value": "B****** (Casablanca)",
         "reason": "surname in the city", "results": 88, "too_broad": True}]}
    lines = explain_searches(profile).splitlines()
    assert lines[0] == "searches:"
    assert lines[3].endswith("1014 (too broad, narrowed 1)")
    assert lines[4].endswith("12") and "too broad" not in lines[4]
    assert lines[5].endswith("88 (too broad)")


def test_namesakes_left_elsewhere_are_said_beside_the_count() -> None:
    # decision 0059: a register page listing a crowd of namesake traders in other cities
    profile = {"searches": [
        {"source": "company_register", "key": "name", "value": "E* A***** M******",
         "reason": "denomination", "results": 40, "namesakes_elsewhere": 29}]}
    lines = explain_searches(profile).splitlines()
    assert lines[3].endswith("40 (29 namesakes in other cities not followed)")


def test_no_searches_says_so() -> None:
    assert explain_searches({}) == "searches: none reported"
