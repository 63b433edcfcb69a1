"""How a name's word was written (capitals, lowercase), asked of plain-ASCII words directly and
of others letter by letter (issue 17): both ways must agree, since the parser finds the family
name by it ("EL ALAOUI Mohamed")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matching.name_tokens import _case, _case_any, raw_tokens

WORD = st.text(alphabet=st.sampled_from("abcXYZmhKQeéÉçمحⵜ19"), min_size=1, max_size=10)


@given(WORD)
def test_any_word_is_cased_as_letter_by_letter(word: str) -> None:
    assert _case(word) == _case_any(word)


def test_the_family_name_in_capitals_is_still_seen() -> None:
    tokens = raw_tokens("EL ALAOUI Mohamed")
    assert [(t.text, t.upper, t.lower) for t in tokens] == [
        ("el", True, False), ("alaoui", True, False), ("mohamed", False, False)]
    assert _case("A") == (False, False, True)  # one capital: an initial, not a family name


PIECE = st.text(alphabet=st.sampled_from("abo013ⵜمحé²"), min_size=0, max_size=8)


@given(PIECE, st.booleans())
def test_a_word_of_letters_is_no_ocr_slip(piece: str, capitals: bool) -> None:
    """Letters alone go through as they are, as the letter-by-letter test lets them."""
    from matching.name_tokens import undo_ocr

    slow = (piece if not any(c.isdigit() for c in piece) or not any(c.isalpha() for c in piece)
            else None)
    if slow is None:  # letters and digits: read back through the OCR table, never as they are
        assert not piece.isalpha()
    else:
        assert undo_ocr(piece, capitals) == slow
    assert undo_ocr("ala0ui", False) == "alaoui"
