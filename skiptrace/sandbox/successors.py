"""Successor companies of closed company debtors, and the look-alikes that are not successors.

A known way of escaping social debts: a company that owes CNSS contributions is dissolved, put in
liquidation or struck off, and its managers carry the business on in a new company, often with
the same manager, phone or seat. Look-alikes share one of these by chance: a domiciliation centre
hosts many companies at one seat (DOMAIN.md §1.3, §4), a namesake manages another company.
Rates: data/rates.yml ``successors`` (docs/sandbox.md, "Successor companies").

Everything here draws from its own stream, seeded from a copy of the debtor's RNG, so the
debtor's own story and its other records are the same with or without this module.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from skiptrace.sandbox import assets, notices
from skiptrace.sandbox.companies import first_idea, make_company, similar_name
from skiptrace.sandbox.entities import EPOCH, Company, Person, make_person, random_date
from skiptrace.sandbox.records import Builders
from skiptrace.sandbox.tables import pick
from skiptrace.sandbox.truth import Truth

# assumption: a fifth of successors take a name like the old one (similar_name: a word added,
# changed or dropped, "NOUVELLE ..."); the others an unrelated one.
P_SIMILAR_NAME = 0.2
# assumption: a successor's constitution is registered within two years of the closure.
SUCCESSOR_WINDOW = timedelta(days=730)
SUCCESSOR_LISTING = 0.6  # assumption: as for company debtors (0.55), a live business is listed
LOOKALIKE_LISTING = 0.4  # as for the similar-company decoys (decoys.py)
NAME_TRIES = 50


def stream(rng: random.Random, debtor_id: str) -> random.Random:
    """The successors' own random stream: one draw from a copy of the debtor's RNG (the debtor's
    RNG itself is left where it is), with the debtor id."""
    probe = random.Random()
    probe.setstate(rng.getstate())
    return random.Random(f"successors:{debtor_id}:{probe.random()}")


def company_successors(b: Builders, rng: random.Random, c: Company, truth: Truth, debtor_id: str) -> None:
    """For a findable company debtor: a successor when it is closed (not "active"), and the
    look-alikes (same seat by domiciliation, a manager's namesake), all filed in ``truth``."""
    srng = stream(rng, debtor_id)
    rates = b.t.rates["successors"]
    if c.status != "active" and srng.random() < rates["closed_debtor_successor"]:
        truth.successors.append(successor(b, srng, c))
    if srng.random() < rates["domiciliation_lookalike"]:
        rid = domiciliation_lookalike(b, srng, c)
        truth.successor_lookalikes.append({"record_id": rid, "relation": "domiciliation"})
    if srng.random() < rates["manager_homonym_lookalike"]:
        rid = manager_homonym_lookalike(b, srng, c)
        truth.successor_lookalikes.append({"record_id": rid, "relation": "manager_homonym"})


def closure(c: Company) -> date:
    """When the debtor company closed: its dissolution act, else a year after its creation."""
    if c.dissolved is not None:
        return c.dissolved
    return min(c.created + timedelta(days=365), EPOCH)


def _words(text: str) -> set[str]:
    return set(text.upper().replace("-", " ").split())


def fresh_name(b: Builders, rng: random.Random, activity: dict[str, Any], family: dict[str, Any],
               avoid: Company, allowed: set[str] | None = None) -> str:
    """A denomination with no word of ``avoid``'s names (current and old) but ``allowed`` ones."""
    taken = (_words(avoid.denomination) | _words(avoid.old_name or "")) - (allowed or set())
    name = first_idea(rng, b.t, activity, family)
    for _ in range(NAME_TRIES):
        if not _words(name) & taken and b.ids.names.free(name):
            break
        name = first_idea(rng, b.t, activity, family)
    return name


def _own_phones(s: Company, debtor: Company) -> list[str]:
    return [p for p in s.phones if p not in debtor.phones]


def successor(b: Builders, rng: random.Random, c: Company) -> dict[str, Any]:
    """The new company that carries ``c``'s business on; returns its truth entry."""
    rates = b.t.rates["successors"]
    while True:
        same_manager = rng.random() < rates["successor_same_manager"]
        same_phone = rng.random() < rates["successor_same_phone"]
        same_address = rng.random() < rates["successor_same_address"]
        if same_manager or same_phone:
            break
    city = c.address.city
    old_manager = c.managers[0]
    manager = old_manager if same_manager else make_person(rng, b.t, b.ids, city, born=(1955, 1998))
    if rng.random() < P_SIMILAR_NAME:
        name = similar_name(rng, b.t, c)
    else:
        allowed = _words(c.activity["word"]) | _words(manager.family["name"])
        name = fresh_name(b, rng, c.activity, manager.family, c, allowed)
    s = make_company(rng, b.t, b.ids, city, manager, name=name, activity=c.activity)
    start = closure(c) + timedelta(days=1)
    s.created = random_date(rng, start, min(start + SUCCESSOR_WINDOW, EPOCH))
    s.status = "active"
    if same_address:
        s.address = c.address
    s.phones = _own_phones(s, c)
    shared = pick(rng, c.phones) if same_phone else None
    if shared is not None:
        s.phones.insert(0, shared)
    rid = b.company(rng, s)
    notices.constitution(b, rng, s)  # always: it prints the manager's name and CIN
    if rng.random() < SUCCESSOR_LISTING:
        b.listing(rng, s, phones=[shared] if shared is not None else None)
    evidence = [e for e, held in (("address", same_address), ("manager", same_manager),
                                  ("phone", same_phone)) if held]
    return {"record_id": rid, "evidence": evidence, "created": s.created.isoformat()}


def _later(rng: random.Random, c: Company) -> date:
    return random_date(rng, min(c.created + timedelta(days=1), EPOCH), EPOCH)


def domiciliation_lookalike(b: Builders, rng: random.Random, c: Company) -> str:
    """Another company, created later at ``c``'s very seat (a domiciliation centre): its own
    manager, phones and name. Returns its register record id."""
    city = c.address.city
    boss = make_person(rng, b.t, b.ids, city)
    activity = pick(rng, b.t.companies["activities"])
    other = make_company(rng, b.t, b.ids, city, boss, activity=activity,
                         name=fresh_name(b, rng, activity, boss.family, c))
    other.address = c.address
    other.created = _later(rng, c)
    other.phones = _own_phones(other, c) or [b.ids.fixed_line(city["phone_areas"])]
    return assets.company_footprint(b, rng, other, listing=LOOKALIKE_LISTING)["register"][0]


def namesake(b: Builders, rng: random.Random, p: Person) -> Person:
    """Another person with ``p``'s family and given names, in ``p``'s city: own CIN, birth date,
    address and phone."""
    h = make_person(rng, b.t, b.ids, p.address.city, family=p.family, first=p.first, sex=p.sex,
                    born=(1955, 1998))
    h.second = p.second
    while h.birth == p.birth:
        h.birth = random_date(rng, date(1955, 1, 1), date(1998, 12, 31))
    return h


def manager_homonym_lookalike(b: Builders, rng: random.Random, c: Company) -> str:
    """A later company in ``c``'s city managed by a namesake of ``c``'s manager: another person,
    other phones, other seat. Returns its register record id."""
    h = namesake(b, rng, c.managers[0])
    activity = pick(rng, b.t.companies["activities"])
    other = make_company(rng, b.t, b.ids, c.address.city, h, activity=activity,
                         name=fresh_name(b, rng, activity, h.family, c))
    other.created = _later(rng, c)
    other.phones = _own_phones(other, c) or [b.ids.fixed_line(c.address.city["phone_areas"])]
    return assets.company_footprint(b, rng, other, listing=LOOKALIKE_LISTING)["register"][0]
