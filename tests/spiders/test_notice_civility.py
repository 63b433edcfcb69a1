"""The civility a notice writes before a person's name (spiders/notices_people.civility_of):
"Mme M. Lahlu" is a woman, "M. M. Lahlou" a man (issue 13: the check of LAHLOU Muhammad went
to the first, tied with the second)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spiders.notices_people import civility_of, extract_people

CONSTITUTION = ("Capital social : 10 000,00 dirhams, divisé en 100 parts sociales, réparties comme "
                "suit : Mme M. Lahlu : 14 parts ; M. M. Lahlou : 20 parts ; Mademoiselle Sara "
                "BENANI : 30 parts ; MM. Karim et Ali Tazi ; M. M. Karim Bennani : 36 parts. "
                "Gérance : M. Youssef Alami, titulaire de la CIN n° BK100001.")


def names(text: str) -> list[str]:
    return [p["name"] for p in extract_people(text, "constitution")]


def test_the_civility_before_each_name_as_the_parser_reads_it() -> None:
    read = names(CONSTITUTION)
    assert "M. Lahlu" in read and "M. Lahlou" in read  # the initial after the civility
    assert civility_of(CONSTITUTION, "M. Lahlu") == "F"
    assert civility_of(CONSTITUTION, "M. Lahlou") == "M"
    assert civility_of(CONSTITUTION, "Sara BENANI") == "F"
    assert civility_of(CONSTITUTION, "Karim Bennani") == "M"  # "M. M." the civility doubled
    assert civility_of(CONSTITUTION, "Youssef Alami") == "M"


def test_no_civility_no_name_or_both_say_nothing() -> None:
    text = "cédées à KABBAJ Hicham, titulaire de la CIN n° BK100001 ; Mme Hind Alami et M. Hind Alami"
    assert civility_of(text, "KABBAJ Hicham") is None  # found by its CIN, no civility
    assert civility_of(text, "Omar Tazi") is None  # not in the text
    assert civility_of(text, "Hind Alami") is None  # written both ways
    assert civility_of(text, "") is None


@given(st.sampled_from(["M.", "Mr", "Monsieur", "Mme", "Mme.", "Madame", "Mlle", "Mademoiselle"]),
       st.sampled_from(["ALAOUI Karim", "Fatima Zahra BENNANI", "AIT TALEB M.", "El Idrissi H."]),
       st.text(alphabet="abcdefghij ,;:", max_size=30), st.text(alphabet="abc ,;:", max_size=30))
def test_the_civility_written_is_the_one_read(civility: str, name: str, before: str,
                                              after: str) -> None:
    text = f"{before} {civility} {name} : 12 parts{after}"
    woman = civility.casefold().rstrip(".") in ("mme", "madame", "mlle", "mademoiselle")
    assert civility_of(text, name) == ("F" if woman else "M")


@given(st.text(max_size=160), st.text(max_size=30))
def test_never_raises(text: str, name: str) -> None:
    assert civility_of(text, name) in ("M", "F", None)
