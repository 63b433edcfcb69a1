"""mentions_the_person compares a position's first word before the whole surname (session 23):
the same verdict as comparing every position's slice, on any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spiders import querying
from spiders.querying import mentions_the_person

_WORDS = st.sampled_from(["M.", "Mme", "Monsieur", "EL", "ALAOUI", "Alaoui", "A.", "Ahmed",
                          "B.", "Karim", "ben", "AIT", "TALEB", "et", "gérant", ":", "50 parts",
                          "ALAOUIA", "el-alaoui", "علوي"])
_TEXT = st.lists(_WORDS, max_size=14).map(" ".join)


def _every_slice(text: str, family: str, initials: frozenset[str], reach: int = 2) -> bool:
    """The verdict with the slice compared at every position (the loop before)."""
    core = [w.casefold() for w in querying._LETTERS.findall(family)
            if w.casefold() not in querying._NAME_PARTICLES]
    if not initials or not core:
        return True
    words = querying._LETTERS.findall(text)
    folded = [w.casefold() for w in words]
    mentioned = False
    for i in range(len(words) - len(core) + 1):
        if folded[i:i + len(core)] != core:
            continue
        mentioned = True
        before = [w for w in words[max(0, i - reach - 1):i]
                  if querying._may_be_given(w, querying._CIVILITIES)]
        j = i - 1
        while j >= 0 and folded[j] in querying._NAME_PARTICLES:
            j -= 1
        if j >= 1 and words[j] == "M" and folded[j - 1] in querying._TITLES:
            before.append("M")
        after = [w for w in words[i + len(core):i + len(core) + reach]
                 if querying._may_be_given(w, querying._CIVILITIES - {"m"})]
        others = before[-reach:] + after
        if not others or any(querying._initial(w) in initials for w in others):
            return True
    return not mentioned


@given(text=_TEXT, family=st.sampled_from(["EL ALAOUI", "ALAOUI", "AIT TALEB", "ben", ""]),
       initials=st.sets(st.sampled_from(["A", "K", "M", "B"]), max_size=2).map(frozenset))
def test_the_first_word_test_gives_the_slice_tests_verdict(text: str, family: str,
                                                           initials: frozenset[str]) -> None:
    assert mentions_the_person(text, family, initials) == _every_slice(text, family, initials)
