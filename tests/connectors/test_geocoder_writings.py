"""One address written several ways is asked of the geocoder once (issue 17: on development seed
40961, 1,000 debtors asked 3,743 address texts, and 2,287 were different addresses once their
writing was set aside: "N°41 BD Emile Zola, Casa" and "41 Boulevard Emile Zola, Casablanca").

The writing first given is asked; the next only while none found a place (a writing with words
the geocoder cannot read finds nothing); a writing not asked takes the places found, its own
text as the record's ``query`` (what the profile's address node and the door rules read)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skiptrace.connectors import build_connectors
from skiptrace.connectors.geocoder import address_key, same_addresses
from skiptrace.connectors.query import DebtorQuery

from .conftest import person

# the stub's place answers texts whose every word its display name holds
READ = "12 Boulevard Zerktouni, Casablanca"
UNREAD = "N°12 Bd Zerktouni, Casablanca"  # same parts; "n°12" and "bd" are not in the stub's name
SHOUTED = "12  BOULEVARD ZERKTOUNI, Casa"


def test_writings_of_one_address_are_one_key_and_other_doors_are_not():
    assert address_key(READ) == address_key(UNREAD) == address_key(SHOUTED)
    assert address_key("Boulevard Zerktouni, Casablanca") != address_key(READ)  # no number
    assert address_key("14 Boulevard Zerktouni, Casablanca") != address_key(READ)
    assert address_key("12 Boulevard Zerktouni, Rabat") != address_key(READ)
    assert address_key("12 Rue Zerktouni, Casablanca") != address_key(READ)


def test_texts_that_parse_to_nothing_are_never_one_address():
    assert address_key("") != address_key(",,,")
    assert same_addresses(["", ",,,"]) == [[""], [",,,"]]


def test_same_addresses_keeps_the_order_first_written():
    texts = [UNREAD, "Boulevard Zerktouni, Casablanca", READ, UNREAD]
    assert same_addresses(texts) == [[UNREAD, READ], ["Boulevard Zerktouni, Casablanca"]]


@given(st.lists(st.sampled_from([READ, UNREAD, SHOUTED, "Boulevard Zerktouni, Casablanca",
                                 "Rue 7, Hay Al Amal, Casablanca", "N° 7 Rue 7, Casablanca", ""]),
                max_size=8))
def test_every_text_is_in_one_group_once_whose_texts_share_a_key(texts):
    groups = same_addresses(texts)
    assert sorted(t for g in groups for t in g) == sorted(set(texts))
    assert all(len({address_key(t) for t in g}) == 1 for g in groups)
    assert len({address_key(g[0]) for g in groups}) == len(groups)


@given(st.sampled_from([READ, UNREAD, "Rue 7, Hay Al Amal, Casablanca", "N°41 BD Emile Zola, Casa"]),
       st.sampled_from([str.upper, str.lower, str.title, lambda t: t.replace(" ", "  ")]))
def test_case_and_spacing_never_change_the_key(text, rewrite):
    assert address_key(rewrite(text)) == address_key(text)


def test_one_request_for_an_address_written_twice(stub, stub_config, http):
    geo = build_connectors(stub_config(), http)["geocoder"]
    query = DebtorQuery("D-1", "person", (), addresses=(READ, SHOUTED))
    result = geo.search(query)
    assert result.status == "ok", result.reason
    assert len(stub.state.of("geocoder")) == 1 and result.requests == 1
    assert [(r.record_id, r.fields["query"]) for r in result.records] == [("501", READ),
                                                                         ("501", SHOUTED)]
    # the record standing for the writing not asked names the request that found the place
    assert "Boulevard+Zerktouni" in result.records[1].provenance.url


def test_the_next_writing_is_asked_while_none_found_a_place(stub, stub_config, http):
    geo = build_connectors(stub_config(), http)["geocoder"]
    query = DebtorQuery("D-1", "person", (), addresses=(UNREAD, READ, SHOUTED))
    result = geo.search(query)
    assert [h.query["q"] for h in stub.state.of("geocoder")] == [UNREAD, READ]
    assert result.requests == 2
    # the writing asked keeps its own answer (none); the one not asked takes the places found
    assert [r.fields["query"] for r in result.records] == [READ, SHOUTED]


def test_different_addresses_are_each_asked(stub, stub_config, http):
    geo = build_connectors(stub_config(), http)["geocoder"]
    result = geo.search(DebtorQuery.from_debtor(person(addresses=(READ, "Boulevard Zerktouni"))))
    assert len(stub.state.of("geocoder")) == 2 and result.requests == 2
