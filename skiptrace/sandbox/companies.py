"""Companies of the hidden world: denomination, form, capital, identifiers, managers and partners.

Capital and share counts follow common practice (SARL AU at 10 000-100 000 MAD, parts of 100 or
1 000 MAD; DOMAIN.md §4); partners are the manager plus relatives or associates.
"""

from __future__ import annotations

import random
from datetime import date
from functools import lru_cache
from typing import Any

from skiptrace.sandbox.entities import (
    EPOCH,
    Company,
    Person,
    make_address,
    make_person,
    random_date,
)
from skiptrace.sandbox.ids import Allocator
from skiptrace.sandbox.tables import Tables, Weighted, between, pick


@lru_cache(maxsize=4)
def _places(t: Tables) -> list[str]:
    cities = t.places["cities"]
    return [c["name"].upper() for c in cities] + [q.upper() for c in cities for q in c.get("quartiers", [])]


@lru_cache(maxsize=4)
def _patterns(t: Tables) -> Weighted:
    return Weighted(t.companies["patterns"])


def _coined(rng: random.Random, t: Tables) -> str:
    c = t.companies
    return f"{pick(rng, c['coined_heads'])}{pick(rng, c['coined_tails'])}{pick(rng, c['coined_endings'])}"


def first_idea(rng: random.Random, t: Tables, activity: dict[str, Any], family: dict[str, Any]) -> str:
    """A name a founder might want, by the shapes of data/companies.yml ``patterns``; it may be
    taken (denominations.py decides)."""
    shape = _patterns(t).pick(rng)["shape"]
    brands = t.companies["brands"]
    fill = {"{activity}": lambda: activity["word"], "{family}": lambda: family["name"],
            "{brand}": lambda: pick(rng, brands), "{place}": lambda: pick(rng, _places(t)),
            "{coined}": lambda: _coined(rng, t), "{suffix}": lambda: pick(rng, t.companies["suffixes"])}
    words = [str(fill[w]()) if w in fill else w for w in shape.split()]
    return " ".join(words)


def added_words(t: Tables, city: dict[str, Any]) -> list[str]:
    """What a founder adds to a refused name: a suffix, a distinguisher or the seat's city."""
    return [str(w) for w in (*t.companies["suffixes"], *t.companies["distinguishers"], city["name"].upper())]


def denomination(rng: random.Random, t: Tables, ids: Allocator, activity: dict[str, Any],
                 family: dict[str, Any], city: dict[str, Any]) -> str:
    """A denomination no other company of the world holds (certificat négatif, DOMAIN.md §4)."""
    return ids.names.draw(lambda: first_idea(rng, t, activity, family), rng, added_words(t, city))


def split_shares(rng: random.Random, total: int, n: int) -> list[int]:
    """Share counts for ``n`` partners summing to ``total``, the first (the manager) largest."""
    if n == 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), n - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return sorted(shares, reverse=True)


def sigle_of(denomination: str) -> str | None:
    """A sigle as companies coin them: initials of a long name, first letters of a two-word one;
    a one-word name (a coined SOMATRAV) is its own short form and has none."""
    words = denomination.replace("-", " ").split()
    if len(words) >= 3:
        return "".join(w[0] for w in words)
    if len(words) == 2:
        return "".join(w[:2] for w in words)
    return None


def make_company(rng: random.Random, t: Tables, ids: Allocator, city: dict[str, Any], manager: Person,
                 *, name: str | None = None, activity: dict[str, Any] | None = None,
                 legal_form: dict[str, Any] | None = None, partner: Person | None = None) -> Company:
    """A company managed by ``manager``; ``partner`` (a debtor) holds shares without managing."""
    activity = activity or pick(rng, t.companies["activities"])
    form = legal_form or t.legal_forms.pick(rng)
    part_value = 1000 if form["form"] in ("SA", "SAS") or rng.random() < 0.3 else 100
    if form["form"] in ("SA", "SAS"):
        capital = rng.randrange(300_000, 5_000_000, 100_000)
    else:
        capital = pick(rng, (10_000, 10_000, 50_000, 100_000, 100_000, 200_000, 500_000, 1_000_000))
    total = capital // part_value
    created = random_date(rng, date(2003, 1, 1), date(2025, 6, 30))
    r = rng.random()
    status = "active" if r < 0.88 else ("en liquidation" if r < 0.96 else "radiée")
    granted = ids.names.grant(name, rng, added_words(t, city)) if name else \
        denomination(rng, t, ids, activity, manager.family, city)
    c = Company(brand="", activity=activity, legal_form=form, denomination=granted,
                capital=capital, total_shares=total, ice=ids.ice_number(),
                rc=ids.rc_number(city["tribunal"]), tribunal=city["tribunal"], if_number=ids.if_number(),
                created=created, status=status, address=make_address(rng, t, city), managers=[manager])
    c.phones = [ids.fixed_line(city["phone_areas"])]
    if rng.random() < 0.4:
        c.phones.append(manager.phones[0])
    low, high = form["partners"]
    n = between(rng, low, high)
    holders: list[Person | Company] = [manager]
    for _ in range(n - 1):
        relative = rng.random() < 0.5
        holders.append(make_person(rng, t, ids, city, family=manager.family if relative else None))
    if partner is not None and len(holders) > 1:
        holders[-1] = partner
    elif partner is not None:
        holders.append(partner)
    c.partners = list(zip(holders, split_shares(rng, total, len(holders)), strict=True))
    rates = t.rates
    persons = [h for h in holders[1:] if isinstance(h, Person)]
    if persons and rng.random() < rates["stakes"]["co_manager"]:
        c.managers.append(persons[0])
    if rng.random() < rates["register"]["company_sigle"]:
        c.sigle = sigle_of(c.denomination)
    if rng.random() < rates["register"]["company_trade_name"]:
        # an enseigne is granted by the same certificat négatif (docs/decisions/0008)
        c.trade_names = [denomination(rng, t, ids, activity, manager.family, city)]
    return c


def similar_name(rng: random.Random, t: Tables, c: Company) -> str:
    """A denomination that looks like ``c``'s: a word added, changed or dropped."""
    words = c.denomination.split()
    r = rng.random()
    if r < 0.5:
        return f"{c.denomination} {pick(rng, t.companies['suffixes'])}"
    if r < 0.65 and len(words) >= 2:
        return f"{words[0]} {pick(rng, t.companies['activities'])['word']}"
    if r < 0.85:
        return f"NOUVELLE {c.denomination}"
    return f"{words[0]} {pick(rng, t.companies['brands'])}"


def rename_and_move(rng: random.Random, t: Tables, ids: Allocator, c: Company) -> None:
    """Some companies changed name or seat since creation (old names feed notices and land books).
    An old name was granted once too, so no other company holds it."""
    if rng.random() < 0.2:
        c.old_name = ids.names.grant(similar_name(rng, t, c), rng, added_words(t, c.address.city))
    if rng.random() < 0.25:
        c.old_address = c.address
        c.address = make_address(rng, t, c.address.city)
        c.moved_on = random_date(rng, max(c.created, date(2015, 1, 1)), EPOCH)
