"""Whether a given name is a man's or a woman's (skiptrace/linking/given_gender.py, data
skiptrace/data/given_name_gender.yml): looked up by matching's canonical given-name key, a name
held on both sides or not at all has none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.names import canonical_given
from skiptrace.linking.given_gender import gender_of, person_gender, table


def test_each_spelling_of_a_name_has_its_sex() -> None:
    for name in ("Mohamed", "Muhammad", "Mouhamed", "Simo", "Ahmed", "Hmed", "Karim", "Said"):
        assert gender_of(name) == "M", name
    for name in ("Malika", "Karima", "Saida", "Saïda", "Huda", "Ghizlan", "Fatima-Zahra", "Mina"):
        assert gender_of(name) == "F", name
    for name in ("Nour", "Khalide", "Mustapva", "", "M.", "Zz"):
        assert gender_of(name) is None, name


def test_a_person_has_a_sex_when_their_given_names_agree() -> None:
    assert person_gender("LAHLOU Muhammad", "LAHLOU") == "M"
    assert person_gender("EL ALAOUI Mohamed Amine", "EL ALAOUI") == "M"
    assert person_gender("BENNANI Fatima Zahra", "BENNANI") == "F"
    assert person_gender("AIT TALEB Malika", "AIT TALEB") == "F"
    assert person_gender("TAZI Nour", "TAZI") is None  # not in the table
    assert person_gender("TAZI Karim Malika", "TAZI") is None  # the names disagree
    assert person_gender("HASSAN", "HASSAN") is None  # the family name is no given name


def test_no_name_is_held_on_both_sides_nor_twice() -> None:
    men = [canonical_given(n) for n in table()["M"]]
    women = [canonical_given(n) for n in table()["F"]]
    assert not set(men) & set(women)
    assert len(set(men)) == len(men) and len(set(women)) == len(women)


@settings(deadline=None)  # the first call reads the table and matching's lexicon
@given(st.text(max_size=40))
def test_never_raises(name: str) -> None:
    assert gender_of(name) in ("M", "F", None)
    assert person_gender(name, name[:5]) in ("M", "F", None)
