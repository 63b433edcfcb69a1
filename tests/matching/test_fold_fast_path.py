"""``fold``'s plain-ASCII path gives what the full Unicode path gives (issue 17).

Most registry text is plain ASCII; ``fold`` lowercases it without decomposing and walking each
character. Any ASCII text, with or without kept punctuation, must fold to the same words both
ways, or a party would be searched and compared under another form than before.
"""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from matching.text import _fold_unicode, fold

ASCII = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=40)
KEEP = st.sampled_from(["", "'", "'-", "-/", "."])


@given(ASCII, KEEP)
def test_ascii_folds_as_the_unicode_path_does(text: str, keep: str) -> None:
    assert fold.__wrapped__(text, keep=keep) == (_fold_unicode(text, keep) if text else "")


def test_every_ascii_character_beside_a_letter() -> None:
    for code in range(128):
        for text in (chr(code), f"A{chr(code)}b", f"{chr(code)} É"[:2]):
            assert fold.__wrapped__(text) == _fold_unicode(text, "")


def test_the_fast_path_still_folds_what_it_must() -> None:
    assert fold("  EL-ALAOUI, Mohamed_2 ") == "el alaoui mohamed 2"
    assert fold("D'OR", keep="'") == "d'or"
    assert fold(string.punctuation) == ""
