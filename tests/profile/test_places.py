"""One address node per dwelling (skiptrace/profile/places.py, issue 14): one building written
three ways is one address whose evidence adds up; another flat or another city stays apart."""

from __future__ import annotations

from skiptrace.profile import build_profile
from skiptrace.profile.places import same_place
from tests.profile.factories import AS_OF, debtor, listing, match, statuses

HOME = "Résidence Rayhane, Imm 14, Appt 9, N° 142, Avenue Hassan II"


def test_one_building_written_three_ways_is_one_address_with_all_its_evidence():
    writings = [("phone_directory", "Res Rayhane Imm. 14 App 9 No 142 Av Hassan II"),
                ("cnss_affiliates", "142 Av. Hassan II, Maârif")]
    matches = [match(listing(f"PD-{i}", "EL ALAOUI Mohamed", [f"06610010{i}0"], text, source=source), 0.9)
               for i, (source, text) in enumerate(writings)]
    profile = build_profile(debtor(addresses=(HOME,)), matches, statuses(), as_of=AS_OF)
    [best] = profile["contacts"]["addresses"]  # one place, not three
    assert "142" in best["value"] and " 9 " in best["value"]  # a writing that names the flat
    assert set(best["sources"]) == {"portfolio", "phone_directory", "cnss_affiliates"}
    alone = build_profile(debtor(addresses=(HOME,)), [], statuses(), as_of=AS_OF)
    assert best["confidence"] > alone["contacts"]["addresses"][0]["confidence"]  # evidence adds up


def test_another_flat_another_number_or_another_city_is_another_place():
    assert same_place(HOME, "142 Av. Hassan II, Maârif, Casablanca")  # less detail: the same
    assert not same_place(HOME, HOME.replace("Appt 9", "Appt 3"))
    assert not same_place(f"{HOME}, Casablanca", "Résidence Rayhane, Imm 14, Appt 9, N° 142, Avenue Hassan II, Rabat")
    assert not same_place(HOME, HOME.replace("N° 142", "N° 144"))


def test_the_same_street_without_its_number_does_not_contradict_the_full_address():
    """A portfolio's street-only "Rue Al Farabi" and a listing's "N° 126, Rue Al Farabi" agree:
    the full address keeps its confidence; another street still contradicts it."""
    listed = [match(listing("PD-1", "EL ALAOUI Mohamed", ["0661001010"], "N° 126, Rue Al Farabi"), 0.95)]
    same = build_profile(debtor(addresses=("Rue Al Farabi",)), listed, statuses(), as_of=AS_OF)
    full = next(a for a in same["contacts"]["addresses"] if "126" in a["value"])
    assert full["confidence"] == full["confidence_before_contradiction"]
    other = build_profile(debtor(addresses=("Rue Ibn Sina",)), listed, statuses(), as_of=AS_OF)
    full = next(a for a in other["contacts"]["addresses"] if "126" in a["value"])
    assert full["confidence"] < full["confidence_before_contradiction"]
