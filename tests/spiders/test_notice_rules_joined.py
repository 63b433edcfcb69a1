"""The notice vocabulary's patterns joined into one regex per role and per kind find what the
patterns one by one find (spiders.notices_people._role_rules, notices_parser._kind_rules)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from spiders.notices_parser import _kind_rules, notice_kind
from spiders.notices_people import _role_rules
from spiders.notices_text import vocabulary

_WORDS = ["gérant", "gerante", "associé", "associée unique", "cède", "a cédé", "au profit de",
          "cessionnaire", "liquidateur", "démission de", "en remplacement du", "nommer",
          "désigner", "500 parts", "constitution", "dissolution", "transfert du siège",
          "siège social est transféré", "nomination de M. X en qualité de gérant", "parts, à",
          "co-gérant", "démissionnaire", "de ses fonctions de gérant", "statuts d'une société"]
_PIECE = st.one_of(st.sampled_from(_WORDS), st.text(max_size=8))
_TEXT = st.lists(_PIECE, max_size=8).map(" ".join)


@given(before=_TEXT, after=_TEXT)
def test_each_role_joined_finds_what_its_patterns_find(before: str, after: str) -> None:
    roles = vocabulary()["roles"]
    for role, said_before, said_after in _role_rules():
        one_by_one = (any(re.search(p, before.rstrip(), re.I) for p in roles[role]["before"])
                      or any(re.search(p, after, re.I) for p in roles[role]["after"]))
        assert bool(said_before.search(before.rstrip()) or said_after.search(after)) == one_by_one


@given(text=_TEXT, title=st.one_of(st.none(), _TEXT))
def test_the_kind_joined_is_the_kind_one_by_one(text: str, title: str | None) -> None:
    expected = next((kind for haystack in (title or "", text)
                     for kind, patterns in vocabulary()["kinds"].items()
                     if any(re.search(p, haystack, re.I) for p in patterns)), "other")
    assert notice_kind(text, title) == expected
    assert [kind for kind, _ in _kind_rules()] == list(vocabulary()["kinds"])
