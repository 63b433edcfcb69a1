"""Spellings of a given name derived by rules (data/transliteration.yml), not copied from lists.

A name's variants are each transliteration rule applied alone to its canonical form, then the
spellings docs/reference/DOMAIN.md §7 quotes for that name (data/domain_names.yml). Nicknames come
only from DOMAIN §7.2b. Nothing here reads matching/: the sandbox's noise has its own origin.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from skiptrace.sandbox.datafiles import load


@cache
def _rules() -> list[tuple[str, re.Pattern[str], str]]:
    return [(r["id"], re.compile(r["pattern"]), r["replace"]) for r in load("transliteration")["rules"]]


def rule_variants(canonical: str) -> list[str]:
    """Every spelling one rule makes of ``canonical``, in rule order, without duplicates."""
    out: list[str] = []
    for rule_id, pattern, replace in _rules():
        variant = pattern.sub(replace, canonical)
        if rule_id.endswith("_glued"):
            variant = variant[:1] + variant[1:].lower()
        elif rule_id.endswith("_split"):
            variant = " ".join(w[:1].upper() + w[1:] for w in variant.split(" "))
        if variant != canonical and variant not in out:
            out.append(variant)
    return out


@cache
def _domain() -> dict[str, Any]:
    return load("domain_names")


def domain_variants(canonical: str) -> list[str]:
    """The DOMAIN §7 spellings listed together with ``canonical`` (itself excluded)."""
    for group in _domain()["given"]:
        if canonical in group:
            return [s for s in group if s != canonical]
    return []


def domain_nicknames(canonical: str) -> list[str]:
    """DOMAIN §7.2b nicknames of ``canonical`` (Abdo/Abdou for every Abd- name)."""
    nicks = _domain()["nicknames"]
    out = list(nicks.get(canonical, []))
    if canonical.startswith("Abd"):
        out += [n for n in nicks["Abd"] if n not in out]
    return out


def variants(canonical: str) -> list[str]:
    out = rule_variants(canonical)
    out += [s for s in domain_variants(canonical) if s not in out]
    return out


def given_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A names.yml given-name entry completed with its derived ``variants`` and ``nick``."""
    return {**entry, "variants": variants(entry["name"]), "nick": domain_nicknames(entry["name"])}
