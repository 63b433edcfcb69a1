"""Addresses, cities and phone numbers written the ways different sources write them.

Rules from shared/DOMAIN.md §5-6 (Bd / Boulevard, Hay / Quartier, N° / no, Rés. / Résidence,
Casa / Casablanca / Dar El Beida, postcode or not; phones as E.164, "06 61 23 45 67",
"0661-234567", dots); spellings from the generator's own data/places.yml.
"""

from __future__ import annotations

import random

from skiptrace.sandbox.entities import Address
from skiptrace.sandbox.tables import pick, tables


def _form(rng: random.Random, key: str, canonical: bool, **values: object) -> str:
    forms = tables().places["forms"][key]
    return (forms[0] if canonical else pick(rng, forms)).format(**values)


def _quartier(rng: random.Random, name: str, canonical: bool) -> str:
    base = name[4:] if name.startswith("Hay ") else name
    if canonical:
        return name
    return _form(rng, "quartier", False, name=base)


def street_text(rng: random.Random, addr: Address, canonical: bool = False) -> str:
    kinds = tables().places["street_kinds"][addr.street_kind or "rue"]
    kind = kinds[0] if canonical else pick(rng, kinds)
    return f"{kind} {addr.street}"


def city_text(rng: random.Random, city: dict, p_variant: float = 0.3) -> str:
    if city.get("variants") and rng.random() < p_variant:
        return pick(rng, city["variants"])
    return city["name"]


def address_line(rng: random.Random, addr: Address, *, canonical: bool = False,
                 partial: bool = False, with_quartier: float = 0.6) -> str:
    """The street part of an address (no city): residence, building, flat, number, street, quartier."""
    parts: list[str] = []
    if not partial and addr.residence and (canonical or rng.random() < 0.85):
        parts.append(_form(rng, "residence", canonical, name=addr.residence))
        parts.append(_form(rng, "building", canonical, n=addr.building))
        parts.append(_form(rng, "apartment", canonical, n=addr.apartment))
    if partial:
        if rng.random() < 0.5:
            parts.append(street_text(rng, addr))
        parts.append(_quartier(rng, addr.quartier, canonical))
        return ", ".join(parts)
    number = _form(rng, "number", canonical, n=addr.number) if addr.number is not None else ""
    street = street_text(rng, addr, canonical)
    if number and not canonical and rng.random() < 0.5:
        parts.append(f"{number} {street}")
    else:
        parts.extend(p for p in (number, street) if p)
    if canonical or rng.random() < with_quartier:
        parts.append(_quartier(rng, addr.quartier, canonical))
    return ", ".join(parts)


def canonical_text(addr: Address) -> str:
    """The address in long forms with city and postcode, as the truth file states it."""
    rng = random.Random(0)  # unused by canonical forms
    return f"{address_line(rng, addr, canonical=True)}, {addr.city['name']} {addr.postcode}"


def full_text(rng: random.Random, addr: Address, *, partial: bool = False,
              p_postcode: float = 0.4, p_city_variant: float = 0.3) -> str:
    """Street part, city (maybe a variant) and maybe the postcode, in one line."""
    city = city_text(rng, addr.city, p_city_variant)
    if rng.random() < p_postcode:
        city = f"{city} {addr.postcode}"
    return f"{address_line(rng, addr, partial=partial)}, {city}"


def phone_text(rng: random.Random, e164: str) -> str:
    """One way of writing a Moroccan number: E.164, spaced, dashed, dotted, 00212..."""
    national = "0" + e164[4:]
    style = int(rng.random() * 7)
    if style == 0:
        return e164
    if style == 1:
        return " ".join([national[:2]] + [national[i:i + 2] for i in range(2, 10, 2)])
    if style == 2:
        return f"{national[:4]}-{national[4:]}"
    if style == 3:
        return ".".join([national[:2]] + [national[i:i + 2] for i in range(2, 10, 2)])
    if style == 4:
        return f"+212 {e164[4]} {e164[5:7]} {e164[7:9]} {e164[9:11]} {e164[11:]}"
    if style == 5:
        return "00" + e164[1:]
    return national
