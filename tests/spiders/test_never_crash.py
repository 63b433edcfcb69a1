"""Whatever text a page holds, the parsers return (possibly empty) facts, never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spiders.notices_parser import parse_notice
from spiders.parsing import parse_amount, parse_date, parse_int
from spiders.querying import search_name, surname

WORDS = st.sampled_from([
    "M.", "Mme", "CIN", "BK100001", "gérant", "associé", "cède", "à", "RC", "n°", "400001",
    "capital", "100 000,00", "DH", "Siège", "social", ":", "SARL", "AU", "S.A.R.L.", "-", ",",
    ".", ";", "demeurant", "parts", "EL", "ALAOUI", "Mohamed", "transféré", "dissolution",
    "liquidateur", "tribunal", "de", "commerce", "Casablanca", "«", "»", "(", ")", "Sarl",
])
NOTICE_TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=80).map(" ".join))


@settings(max_examples=150, deadline=None)
@given(NOTICE_TEXT, st.one_of(st.none(), st.text(max_size=40)))
def test_notice_parser_never_raises(text: str, title: str | None) -> None:
    fields = parse_notice(text, title=title)
    assert fields["notice_kind"] in ("constitution", "cession_parts", "changement_gerant",
                                     "transfert_siege", "dissolution", "other")
    assert isinstance(fields["people"], list)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_small_parsers_never_raise(text: str) -> None:
    amount = parse_amount(text)
    assert amount is None or amount >= 0
    parse_int(text)
    date = parse_date(text)
    assert date is None or len(date) == 10
    name = search_name(text)
    assert name is None or name.strip() == name
    surname(text)
