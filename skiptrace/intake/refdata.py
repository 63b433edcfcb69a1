"""The intake's reference data (data/*.json): header aliases, type values, legal forms."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from matching import fold

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _load(name: str) -> dict[str, Any]:
    text = resources.files("skiptrace.intake").joinpath("data", name).read_text("utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def fold_key(text: str) -> str:
    """"N° CIN" → "n_cin", "Montant dû (MAD)" → "montant_du_mad", "Prénom" → "prenom"."""
    return _NON_ALNUM.sub("_", fold(text)).strip("_")


def fold_words(text: str) -> str:
    """"S.A.R.L. A.U" → "s a r l a u": folded words separated by single spaces."""
    return " ".join(_NON_ALNUM.sub(" ", fold(text)).split())


@cache
def header_aliases() -> dict[str, str]:
    """Folded header name → intake field."""
    return {alias: field for field, aliases in _load("columns.json").items() for alias in aliases}


@cache
def _kinds() -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in _load("kinds.json").items()}


def field_for_header(header: str) -> str | None:
    return header_aliases().get(fold_key(header))


def kind_from_type(value: str) -> str | None:
    """"Personne morale" → "company", "PP" → "person", anything else → None."""
    words = fold_words(value)
    if words in _kinds()["person_types"]:
        return "person"
    if words in _kinds()["company_types"]:
        return "company"
    return None


def is_person_legal_form(value: str) -> bool:
    return fold_words(value) in _kinds()["person_legal_forms"]


def has_company_marker(name: str) -> bool:
    """True when the name carries a legal form or a company word ("STE ATLAS BTP SARL AU")."""
    padded = f" {fold_words(name)} "
    return any(f" {marker} " in padded for marker in _kinds()["company_markers"])


__all__ = [
    "field_for_header",
    "fold_key",
    "fold_words",
    "has_company_marker",
    "header_aliases",
    "is_person_legal_form",
    "kind_from_type",
]
