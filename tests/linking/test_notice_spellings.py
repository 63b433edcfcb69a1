"""The family name transcribed otherwise, asked of the notices of the debtor's city
(skiptrace/linking/notice_spellings.py, issue 13): only for a person a register check can
confirm (a valid CIN) and who has a city, each spelling once, on the notices only."""

from __future__ import annotations

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.notice_spellings import notice_spelling_keys, notice_spelling_queries
from skiptrace.linking.pivots import NOTICES, asked_keys, pivot_query
from spiders.querying import respellings

QUERY = DebtorQuery("D-1", "person", ("LAMRANI Brahime",), last_name="LAMRANI",
                    cin="BL753966", city="Casablanca", phones=("+212700295337",))


def test_a_person_with_a_cin_and_a_city_gets_each_transcription_of_the_family_name() -> None:
    keys = notice_spelling_keys(QUERY, asked_keys(QUERY))
    assert [k.value for k in keys] == respellings("LAMRANI")
    assert "LEMRANI" in [k.value for k in keys]  # "M. LEMRANI Brahim : 139 parts"
    assert all(k.about == "notice_spelling" and k.key == "name" for k in keys)
    queries = notice_spelling_queries(QUERY, keys, 1)
    assert [q.last_name for q in queries] == [k.value for k in keys]
    for query, key in zip(queries, keys, strict=True):
        assert query.sources == (NOTICES,) and query.kind == "person" and query.pivot == 1
        assert query.names == () and query.cin is None and query.phones == ()
        assert query.city == "Casablanca"
        assert dict(query.because)["surname"] == key.because()
        assert key.value in key.because() and "CIN" in key.because()
        assert key.to_dict()["value"] == key.value  # a name, not an identifier to mask


def test_the_article_is_left_out_as_the_land_registry_does() -> None:
    query = DebtorQuery("D-2", "person", ("EL ALAOUI Jamal",), last_name="EL ALAOUI",
                        cin="J082191", city="Agadir")
    values = [k.value for k in notice_spelling_keys(query, set())]
    assert values and values == respellings("ALAOUI")


def test_nothing_without_a_cin_a_city_or_for_a_company() -> None:
    no_cin = DebtorQuery("D-3", "person", ("LAMRANI Brahime",), last_name="LAMRANI",
                         city="Casablanca")
    no_city = DebtorQuery("D-4", "person", ("LAMRANI Brahime",), last_name="LAMRANI",
                          cin="BL753966")
    company = DebtorQuery("D-5", "company", ("LAMRANI TRAVAUX",), last_name="LAMRANI",
                          city="Casablanca", rc="12345", tribunal="Casablanca")
    for query in (no_cin, no_city, company):
        assert notice_spelling_keys(query, set()) == []


def test_a_spelling_asked_once_is_not_asked_again() -> None:
    first = notice_spelling_keys(QUERY, set())
    asked = {k.asked for k in first}
    assert notice_spelling_keys(QUERY, asked) == []
    assert notice_spelling_keys(QUERY, {first[0].asked})[0].value == first[1].value


def test_the_debtors_own_pivot_query_does_not_take_the_spellings() -> None:
    keys = notice_spelling_keys(QUERY, set())
    assert pivot_query(QUERY, keys, 1) is None
