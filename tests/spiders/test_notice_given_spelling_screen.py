"""A notice found under a person's family name is parsed only when a word beside the name may
be one of their given names: an initial of theirs, or a written-out name spelled like one of
theirs (``_may_spell``, the register's and the directory's test), no longer any word starting
with one of their initials: "Mme Malika BENNANI" is not BENNANI Mohamed, though both are M
(issue 17, session 24)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spiders.querying import mentions_the_person
from spiders.sources.legal_notices import _spellings

MOHAMED = {"name": "BENNANI Mohamed", "last_name": "BENNANI",
           "name_variants": [["BENNANI Mohammed", "Mohamed → Mohammed"]]}


def _mentions(text: str, query: dict) -> bool:
    return mentions_the_person(text, "BENNANI", frozenset({"M"}), spellings=_spellings(query))


def test_another_given_name_of_the_same_initial_is_another_person() -> None:
    assert not _mentions("Mme Malika BENNANI : 20 parts", MOHAMED)
    assert not _mentions("M. BENNANI Mustapha, gérant", MOHAMED)
    assert mentions_the_person("Mme Malika BENNANI : 20 parts", "BENNANI", frozenset({"M"}))


def test_the_persons_names_their_spellings_and_initials_are_the_person() -> None:
    assert _mentions("M. Mohammed BENNANI : 20 parts", MOHAMED)
    assert _mentions("M. BENNANI Mohamad, demeurant à Fès", MOHAMED)  # a spelling not listed
    assert _mentions("M. BENNANI M. : 20 parts", MOHAMED)
    assert _mentions("Mme M. BENNANI : 15 parts", MOHAMED)
    assert _mentions("M. BENNANI, demeurant à Fès", MOHAMED)  # no given name beside it
    assert _mentions("السيد محمد BENNANI", MOHAMED)  # another script: left to matching


def test_a_query_carrying_its_names_in_its_variants_keeps_the_name_as_written() -> None:
    # a family name's other transcription (linking/notice_spellings.py): no name, variants only
    bare = {"name": None, "last_name": "BENNANI",
            "name_variants": [["BENNANI Ahmed", "Hmed → Ahmed"]]}
    assert mentions_the_person("M. BENNANI Hmed : 10 parts", "BENNANI", frozenset({"A", "H"}),
                               spellings=_spellings(bare))


_word = st.sampled_from(["Mohamed", "Malika", "Mustapha", "M.", "A.", "Karim", "Mohammed",
                         "demeurant", "à", "Marrakech", "gérant", "Mme", "M", ":", "20", "parts"])


@given(st.lists(_word, max_size=6), st.lists(_word, max_size=6))
def test_the_spellings_only_ever_set_aside_what_the_initials_kept(before: list[str],
                                                                   after: list[str]) -> None:
    text = " ".join([*before, "BENNANI", *after])
    if _mentions(text, MOHAMED):
        assert mentions_the_person(text, "BENNANI", frozenset({"M"}))
