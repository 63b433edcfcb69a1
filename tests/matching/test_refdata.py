from __future__ import annotations

from importlib import resources

import pytest

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


def test_every_city_has_an_arabic_name_and_a_display_name():
    for key, row in load("cities")["cities"].items():
        assert row["fr"] and row["ar"], key
