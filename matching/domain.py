"""The domain normalizers as the scorer needs them, in one place.

Scoring calls the Moroccan normalizers (names, companies, addresses, phones, identifiers) only
through these few functions, so that a change in a normalizer's signature touches one module.
Every function returns None or an empty value on garbage rather than raising: a candidate with an
unreadable field is still scored on its other fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matching.description import Description, Identifier

_ID_SCHEMES = {"cin": "cin", "ice": "ice", "rc": "rc", "if_number": "if_"}


@lru_cache(maxsize=1 << 16)
def compare_persons(a: str, b: str) -> tuple[str, float]:
    """(level, score) of two person names, from matching.names."""
    from matching.names import compare_person_names

    result = compare_person_names(a, b)
    return result.level, float(result.score)


@lru_cache(maxsize=1 << 16)
def compare_companies(a: str, b: str) -> tuple[str, float]:
    """(level, score) of two company names, from matching.companies."""
    from matching.companies import compare_company_names

    result = compare_company_names(a, b)
    if isinstance(result, tuple):
        return str(result[0]), float(result[1])
    return str(result.level), float(result.score)


@lru_cache(maxsize=1 << 16)
def compare_address(a: str, b: str) -> tuple[str, float]:
    """(level, score) of two addresses, from matching.addresses."""
    from matching.addresses import compare_addresses

    level, score = compare_addresses(a, b)
    return str(level), float(score)


def effective_kind(name: str, kind: str) -> str:
    """"company" for a name that carries a legal form or a designator (Sté, Ets, SARL...) even when
    the source filed it as a person (business phone listings, "Ets Alaoui" of a self-employed)."""
    if kind == "company" or not name:
        return kind
    from matching.companies import parse_company_name

    parsed = parse_company_name(name)
    return "company" if parsed.legal_form or parsed.designators else kind


def name_keys(name: str, kind: str) -> tuple[str, ...]:
    """Blocking keys of a name (skeleton keys that survive transliteration).

    Every name also gets the company-core key ("c:..."), so that a business listing filed as a
    person ("Sté RAYANE TRAVAUX") still meets the company, and "Ets Alaoui Mohamed" the person.
    """
    from matching.companies import company_name_keys
    from matching.names import person_name_keys

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
    from matching.names import canonical_given, parse_person_name, strip_article

    parsed = parse_person_name(name) if name else None
    given = parse_person_name(first).tokens if first else (parsed.given if parsed else ())
    surname = parse_person_name(last).tokens if last else (parsed.surname if parsed else ())
    given_key = canonical_given(given[0]) if given else None
    surname_key = "".join(strip_article(t) for t in surname)
    return given_key or None, surname_key or None


def identifiers(d: Description) -> dict[str, Identifier]:
    """Canonical identifiers by scheme ("cin", "ice", "rc", "if"); the RC value carries its court."""
    from matching.description import Identifier

    out: dict[str, Identifier] = {}
    for attr, module_name in _ID_SCHEMES.items():
        raw = getattr(d, attr)
        if not raw:
            continue
        scheme = "if" if attr == "if_number" else attr
        value, valid = _identifier(module_name, str(raw))
        if scheme == "rc":
            court = city(d.tribunal) if d.tribunal else None
            value = f"{value}@{court or ''}"
        out[scheme] = Identifier(value, valid and scheme not in d.invalid)
    return out


def _identifier(module_name: str, raw: str) -> tuple[str, bool]:
    import importlib

    module = importlib.import_module(f"matching.identifiers.{module_name}")
    value = module.normalize(raw)
    if not value:
        return "".join(ch for ch in raw.upper() if ch.isalnum()), False
    return value, bool(module.is_valid(value))


@lru_cache(maxsize=1 << 14)
def city(text: str) -> str | None:
    """Canonical city key (Casa = Casablanca = الدار البيضاء)."""
    from matching.cities import normalize_city

    return normalize_city(text) or None


def phones(values: Iterable[str]) -> frozenset[str]:
    """The E.164 forms of the phones that parse."""
    from matching.phones import normalize_phone

    out = set()
    for value in values:
        e164 = normalize_phone(value) if value else None
        if e164:
            out.add(e164)
    return frozenset(out)
