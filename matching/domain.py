"""The domain normalizers as the scorer needs them, in one place.

Scoring calls the Moroccan normalizers (names, companies, addresses, phones, identifiers) only
through these few functions, so that a change in a normalizer's signature touches one module.
Every function returns None or an empty value on garbage rather than raising: a candidate with an
unreadable field is still scored on its other fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from matching.addresses import compare_addresses
from matching.cities import normalize_city
from matching.companies import company_name_keys, compare_company_names, parse_company_name
from matching.identifiers import cin, ice, if_, rc
from matching.names import (
    canonical_given,
    compare_person_names,
    parse_person_name,
    person_name_keys,
    strip_article,
)
from matching.phones import unambiguous_phone


@dataclass(frozen=True)
class Identifier:
    """A canonical identifier value and whether it may count as strong evidence."""

    value: str
    valid: bool


class _Scheme(Protocol):
    """What scoring needs of an identifier module (``matching.identifiers``)."""

    def normalize(self, value: object) -> str | None: ...

    def is_valid(self, value: object) -> bool: ...


# The identifiers a Description carries, by scheme, in the order their blocking keys are made.
SCHEMES: dict[str, _Scheme] = {"cin": cin, "ice": ice, "rc": rc, "if": if_}


@lru_cache(maxsize=1 << 12)
def compare_persons(a: str, b: str) -> tuple[str, float]:
    """(level, score) of two person names, from matching.names."""
    result = compare_person_names(a, b)
    return result.level, float(result.score)


@lru_cache(maxsize=1 << 12)
def compare_companies(a: str, b: str) -> tuple[str, float]:
    """(level, score) of two company names, from matching.companies."""
    result = compare_company_names(a, b)
    if isinstance(result, tuple):
        return str(result[0]), float(result[1])
    return str(result.level), float(result.score)


@lru_cache(maxsize=1 << 12)
def compare_address(a: str, b: str) -> tuple[str, float]:
    """(level, score) of two addresses, from matching.addresses."""
    level, score = compare_addresses(a, b)
    return str(level), float(score)


def effective_kind(name: str, kind: str) -> str:
    """"company" for a name that carries a legal form or a designator (Sté, Ets, SARL...) even when
    the source filed it as a person (business phone listings, "Ets Alaoui" of a self-employed)."""
    if kind == "company" or not name:
        return kind
    parsed = parse_company_name(name)
    return "company" if parsed.legal_form or parsed.designators else kind


def name_keys(name: str, kind: str) -> tuple[str, ...]:
    """Blocking keys of a name (skeleton keys that survive transliteration).

    Every name also gets the company-core key ("c:..."), so that a business listing filed as a
    person ("Sté RAYANE TRAVAUX") still meets the company, and "Ets Alaoui Mohamed" the person.
    """
    try:
        company = set(company_name_keys(name))
        keys = company if kind == "company" else set(person_name_keys(name)) | {
            k for k in company if k.startswith("c:")}
    except (ValueError, TypeError):
        return ()
    return tuple(sorted(keys))


def name_parts(name: str, kind: str, first: str | None, last: str | None) -> tuple[str | None, str | None]:
    """(given-name variant key, surname without article) for term frequencies; None for companies."""
    if kind != "person":
        return None, None
    parsed = parse_person_name(name) if name else None
    given = parse_person_name(first).tokens if first else (parsed.given if parsed else ())
    surname = parse_person_name(last).tokens if last else (parsed.surname if parsed else ())
    given_key = canonical_given(given[0]) if given else None
    surname_key = "".join(strip_article(t) for t in surname)
    return given_key or None, surname_key or None


def identifiers(raw: Mapping[str, str | None], tribunal: str | None = None,
                invalid: frozenset[str] = frozenset()) -> dict[str, Identifier]:
    """Canonical identifiers by scheme ("cin", "ice", "rc", "if") from raw values by scheme; the
    RC value carries its court (the ``tribunal``'s city); schemes in ``invalid`` are never valid."""
    out: dict[str, Identifier] = {}
    for scheme, module in SCHEMES.items():
        value = raw.get(scheme)
        if not value:
            continue
        canonical, valid = _identifier(module, str(value))
        if scheme == "rc":
            court = city(tribunal) if tribunal else None
            canonical = f"{canonical}@{court or ''}"
        out[scheme] = Identifier(canonical, valid and scheme not in invalid)
    return out


def _identifier(module: _Scheme, raw: str) -> tuple[str, bool]:
    value = module.normalize(raw)
    if not value:
        return "".join(ch for ch in raw.upper() if ch.isalnum()), False
    if module is ice and len(ice.compact(raw)) < ice.LENGTH:
        # left-padded back to 15 digits: the leading zeros a spreadsheet dropped, or a digit
        # missing anywhere that the padding turned into another valid ICE — unsure either way,
        # so weak evidence, never another company's identifier (issue 14)
        return value, False
    return value, bool(module.is_valid(value))


@lru_cache(maxsize=1 << 14)
def city(text: str) -> str | None:
    """Canonical city key (Casa = Casablanca = الدار البيضاء)."""
    return normalize_city(text) or None


def phones(values: Iterable[str]) -> frozenset[str]:
    """The E.164 forms of the phones that parse as written (a legacy 9-digit form is ambiguous:
    no evidence either way, ``unambiguous_phone``)."""
    out = set()
    for value in values:
        e164 = unambiguous_phone(value) if value else None
        if e164:
            out.add(e164)
    return frozenset(out)
