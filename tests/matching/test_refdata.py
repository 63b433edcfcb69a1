from __future__ import annotations

from importlib import resources

import pytest

from matching import gazetteer
from matching.refdata import load

MINE = ["arabic", "given_names", "name_markers", "legal_forms", "address_words", "cities",
        "phones", "plates", "cin_prefixes"]


@pytest.mark.parametrize("name", MINE)
def test_reference_files_cite_their_sources(name):
    text = resources.files("matching.data").joinpath(f"{name}.yml").read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert header.startswith("#") and "Source" in header
    assert load(name)


def test_load_is_cached():
    assert load("cities") is load("cities")


def test_every_curated_city_names_a_commune_with_an_arabic_and_a_display_name():
    """cities.yml adds spellings to communes of the gazetteer; it never invents a place."""
    ix = gazetteer.index()
    codes = [row["code"] for row in load("cities")["cities"].values()]
    assert len(codes) == len(set(codes))
    for key, row in load("cities")["cities"].items():
        commune = ix.by_code[row["code"]]
        assert commune.key == key and commune.display and commune.name_ar, key
