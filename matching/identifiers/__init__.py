"""Moroccan identifiers, one module each with python-stdnum's verbs.

Every module has ``NAME``, ``TITLE``, ``STRONG`` and ``compact / normalize / validate /
is_valid / format``: ``normalize`` never raises (pipelines), ``validate`` raises a precise
``InvalidFormat`` / ``InvalidLength`` / ``InvalidChecksum`` (strict imports, the CLI).

>>> get_format("ice").validate("36794000036")
'000036794000036'
>>> [f.NAME for f in FORMATS]
['cin', 'ice', 'rc', 'if', 'cnss', 'land_title', 'plate']
"""

from __future__ import annotations

from types import ModuleType

from matching.identifiers import cin, cnss, ice, if_, land_title, plate, rc
from matching.identifiers._base import (
    InvalidChecksum,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)

__all__ = [
    "FORMATS", "get_format", "InvalidIdentifier", "InvalidFormat", "InvalidLength",
    "InvalidChecksum", "cin", "ice", "rc", "if_", "cnss", "land_title", "plate",
]

FORMATS: tuple[ModuleType, ...] = (cin, ice, rc, if_, cnss, land_title, plate)
_BY_NAME = {f.NAME: f for f in FORMATS} | {"if_": if_}


def get_format(name: str) -> ModuleType:
    """The identifier module registered under ``name`` (KeyError names the known ones)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown identifier {name!r}; known: {sorted(_BY_NAME)}") from None
