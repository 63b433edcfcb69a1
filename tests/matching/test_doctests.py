"""Run the doctests of matching's normalizers so that plain ``pytest`` covers them."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "matching.text",
    "matching.gazetteer",
    "matching.identifiers",
    "matching.identifiers.cin",
    "matching.identifiers.ice",
    "matching.identifiers.rc",
    "matching.identifiers.if_",
    "matching.identifiers.cnss",
    "matching.identifiers.land_title",
    "matching.identifiers.plate",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
