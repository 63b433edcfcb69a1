"""Decoys and background: the people and companies that look like a debtor but are not.

Homonyms are the main cause of wrong seizures (issue 3): same name in the same city, a relative
at the same address sharing a phone, a son carrying his father's name at the same address, a
company with a near-identical denomination. Background records fill the sources with strangers.
"""

from __future__ import annotations

import random

from skiptrace.sandbox import assets
from skiptrace.sandbox.companies import make_company, similar_name
from skiptrace.sandbox.entities import Company, Person, make_person
from skiptrace.sandbox.records import Builders
from skiptrace.sandbox.truth import Truth


def _publish_person(b: Builders, rng: random.Random, p: Person, truth: Truth, relation: str,
                    *, listing: float, title: float, vehicle: float) -> None:
    if rng.random() < listing:
        truth.decoy("phone_directory", b.listing(rng, p), relation)
    if rng.random() < title:
        for rid, *_ in assets.land_titles(b, rng, p, 1):
            truth.decoy("land_registry", rid, relation)
    if rng.random() < vehicle:
        for rid, *_ in assets.vehicles(b, rng, p, 1):
            truth.decoy("vehicle_registry", rid, relation)


def person_decoys(b: Builders, rng: random.Random, p: Person, truth: Truth) -> None:
    city = p.address.city
    if rng.random() < 0.4:
        h = make_person(rng, b.t, b.ids, city, family=p.family, first=p.first, sex=p.sex)
        _publish_person(b, rng, h, truth, "homonym", listing=0.8, title=0.3, vehicle=0.3)
    if rng.random() < 0.3:
        r = make_person(rng, b.t, b.ids, city, family=p.family,
                        address=p.address if rng.random() < 0.5 else None)
        if rng.random() < 0.4:
            r.phones = [p.phones[0]]  # a family line shared with the debtor
        _publish_person(b, rng, r, truth, "relative", listing=0.8, title=0.2, vehicle=0.2)
    if rng.random() < 0.12:
        son = p.birth.year < 1975
        born = (p.birth.year + 24, p.birth.year + 32) if son else (p.birth.year - 32, p.birth.year - 24)
        fs = make_person(rng, b.t, b.ids, city, family=p.family, first=p.first, sex=p.sex,
                         born=born, address=p.address)
        relation = "same_name_son" if son else "same_name_father"
        _publish_person(b, rng, fs, truth, relation, listing=0.9, title=0.3, vehicle=0.5)


def company_decoys(b: Builders, rng: random.Random, c: Company, truth: Truth) -> None:
    if rng.random() < 0.35:
        boss = make_person(rng, b.t, b.ids, c.address.city)
        other = make_company(rng, b.t, b.ids, c.address.city, boss, name=similar_name(rng, b.t, c),
                             activity=c.activity)
        footprint = assets.company_footprint(b, rng, other, listing=0.4)
        label = "similar_company"
        assets.file_footprint(footprint, truth.decoy, {"register": label, "notices": label, "listing": label})
        if rng.random() < 0.3:
            for rid, *_ in assets.vehicles(b, rng, other, 1, utility=True):
                truth.decoy("vehicle_registry", rid, "similar_company")
    manager = c.managers[0]
    if rng.random() < 0.25:
        h = make_person(rng, b.t, b.ids, manager.address.city, family=manager.family,
                        first=manager.first, sex=manager.sex)
        _publish_person(b, rng, h, truth, "manager_homonym", listing=0.7, title=0.2, vehicle=0.2)


def background(b: Builders, rng: random.Random) -> None:
    """Strangers: they make result lists long and searches honest, and belong to nobody."""
    city = b.t.cities.pick(rng)
    stranger = make_person(rng, b.t, b.ids, city)
    if rng.random() < 0.7:
        b.listing(rng, stranger)
        b.place(rng, stranger.address)
    if rng.random() < 0.3:
        assets.land_titles(b, rng, stranger, 1)
    if rng.random() < 0.3:
        assets.vehicles(b, rng, stranger, 1)
    if rng.random() < 0.3:
        c = make_company(rng, b.t, b.ids, city, stranger)
        assets.company_footprint(b, rng, c, listing=0.3)
        b.place(rng, c.address)
