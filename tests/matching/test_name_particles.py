"""Particles and articles as records write them apart (issue 12, session 12): the assimilated
article ("Et-Tazi"), a particle before Haj ("BEL HAJ"), Aït dropped ("OUAHMANE"). Properties
over every sun letter and particle of the tables, not a few hand-picked names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import name_lexicon as lex
from matching.names import compare_person_names, parse_person_name

SUN_UNITS = ["t", "th", "d", "dh", "r", "z", "s", "sh", "ch", "n", "l"]
REST = st.text(alphabet="aeiouybkmfgq", min_size=3, max_size=7)
GIVEN = st.sampled_from(["Mohamed", "Rachid", "Fatima", "Ismail", "Khadija", "Omar"])
FAST = settings(max_examples=120, deadline=None)


@FAST
@given(st.sampled_from(SUN_UNITS), REST, GIVEN, st.sampled_from(["-", " "]), st.booleans())
def test_an_assimilated_article_written_apart_is_the_glued_surname(unit, rest, given_name, sep,
                                                                    capitals):
    """E + the doubled sun letter, apart or glued, is one family name (DOMAIN §7.2)."""
    core = unit + rest
    apart, glued = f"E{unit}{sep}{core}", f"E{unit}{core}"
    if capitals:
        apart, glued = apart.upper(), glued.upper()
    a, b = parse_person_name(f"{apart} {given_name}"), parse_person_name(f"{given_name} {glued}")
    assert a.surname == b.surname == (f"e{unit}{core}",)
    assert compare_person_names(f"{apart} {given_name}", f"{glued} {given_name}").level == "exact"


@FAST
@given(st.sampled_from(sorted(lex.markers()["particles"])).filter(str.isascii),
       st.sampled_from(["HAJ", "HADJ", "HAJJ", "EL HAJ"]), GIVEN)
def test_haj_after_a_particle_stays_in_the_family_name(particle, haj, given_name):
    """"BEL HAJ Mohamed" is Mohamed of the Belhaj family: no honorific taken out, the given
    name not glued to the particle."""
    name = parse_person_name(f"{particle.upper()} {haj} {given_name}")
    assert name.honorifics == ()
    assert name.given == (given_name.casefold(),)
    assert len(name.surname) == 1 and name.surname[0].endswith(haj.split()[-1].casefold())


@FAST
@given(st.text(alphabet="abdfghklmnrstwz", min_size=1, max_size=2), REST, GIVEN)
def test_ait_dropped_is_weaker_than_an_article_and_symmetric(head, rest, given_name):
    family = (head + rest).upper()
    with_ait, without = f"AIT {family} {given_name}", f"{family} {given_name}"
    level = compare_person_names(with_ait, without).level
    assert level == compare_person_names(without, with_ait).level
    if lex.without_ait("ait" + family.casefold()) is not None:
        assert level == "skeleton"
    assert compare_person_names(with_ait, f"AIT {family} {given_name}").level == "exact"


def test_a_particle_before_a_particle_and_an_honorific_is_a_fixed_point() -> None:
    """Found by test_properties' fixed-point property: "bE1/bE1/M0u1AY" (OCR digits: bel bel
    moulay) normalised to "belbel moulay", which parsed again as "belbel" and a Moulay set
    apart. Moulay is glued to the particle right before it, so it stays glued."""
    from matching.names import normalize_person_name

    once = normalize_person_name("bE1/bE1/M0u1AY")
    assert normalize_person_name(once) == once == "belbelmoulay"
