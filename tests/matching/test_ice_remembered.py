"""An ICE checked once is remembered (issue 17): the remembered answer must be the check's, for
any text, and a value that is not text is still checked as before."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matching.identifiers import ice
from matching.identifiers._base import quietly

TEXT = st.one_of(st.text(alphabet="0123456789 .-ICE:٠١", max_size=20),
                 st.integers(0, 10**15).map(lambda n: f"{n:015d}"))


@given(TEXT)
def test_remembered_answers_are_the_checks(text: str) -> None:
    expected = quietly(ice.validate, text)
    assert ice.normalize(text) == expected
    assert ice.normalize(text) == expected  # the second answer comes from the cache
    assert ice.is_valid(text) is (expected is not None)


def test_a_number_is_checked_as_text_was() -> None:
    assert ice.normalize(36794000036) == "000036794000036"
    assert ice.normalize(None) is None
